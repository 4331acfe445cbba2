import { addBusinessMinutes, type Actor } from '@careline/shared';
import { calendarFor, recordCallbackAttempt, verifyTicketAudit } from '@careline/shared/server';
import { actorOfUser, dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Callbacks (回访): a resolution puts a task in the hotline's queue, due within its policy's business-time target; the
 * agent's answer closes the ticket (satisfied), reopens it to the same dealer with its clocks and escalation raised
 * (unhappy, not solved), or after three failed attempts over two working days closes it as unreachable. Every attempt
 * is on the ticket's audit chain.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let dealer: ApiClient;
let agentActor: Actor;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  dealer = await signedIn(server, fixture.dealerA.username);
  agentActor = await actorOfUser(server, 'agent');
});

afterAll(() => server?.close());

const one = async <T = Record<string, unknown>>(sql: string, params?: unknown[]) => (await server.query<T>(sql, params))[0];

/** A complaint dispatched to dealer A, acknowledged and resolved by it. */
async function resolvedComplaint(overrides: Record<string, unknown> = {}) {
  const dispatched = await dispatchedComplaint(agent, fixture, fixture.dealerA.id, overrides);
  const acknowledged = await dealer.post(`/api/tickets/${dispatched.id}/acknowledge`, { version: dispatched.version });
  const resolved = await dealer.post(`/api/tickets/${dispatched.id}/resolve`, { version: acknowledged.body.ticket.version, comment: '已更换发动机支架' });
  expect(resolved.status).toBe(200);
  return resolved.body.ticket as { id: string; number: string; version: number; slaPolicyId?: string };
}

async function openTaskOf(ticketId: string) {
  const task = await one<{ id: string; version: number; due_at: Date; status: string }>(
    `select id, version, due_at, status from callback_tasks where ticket_id = $1 and status = 'open'`,
    [ticketId],
  );
  if (!task) throw new Error(`no open callback task for ${ticketId}`);
  return task;
}

const eventsOf = async (ticketId: string) => (await agent.get(`/api/tickets/${ticketId}/events`)).body.items as Array<{ type: string; payload: Record<string, unknown> }>;

describe('callback tasks', () => {
  it('puts a resolved complaint in the queue, due within its policy’s target on the resolve clock’s calendar', async () => {
    const ticket = await resolvedComplaint();
    const row = await one<{ resolved_at: Date; sla_policy_id: string; callback_minutes: number; calendar_id: string | null }>(
      `select t.resolved_at, t.sla_policy_id, p.callback_minutes, p.calendar_id from tickets t join sla_policies p on p.id = t.sla_policy_id where t.id = $1`,
      [ticket.id],
    );
    expect(row.callback_minutes).toBeGreaterThan(0);
    const calendar = await calendarFor(server.database.db, { calendarId: row.calendar_id }, { dealerId: fixture.dealerA.id, departmentId: null });
    const task = await openTaskOf(ticket.id);
    expect(task.due_at.toISOString()).toBe(addBusinessMinutes(calendar, row.resolved_at, row.callback_minutes).toISOString());

    const scheduled = (await eventsOf(ticket.id)).filter((event) => event.type === 'callback_scheduled');
    expect(scheduled).toEqual([expect.objectContaining({ payload: expect.objectContaining({ taskId: task.id, dueAt: task.due_at.toISOString() }) })]);

    const queue = await agent.get('/api/callbacks');
    expect(queue.status).toBe(200);
    const listed = queue.body.items.find((item: { id: string }) => item.id === task.id);
    expect(listed).toMatchObject({ status: 'open', kind: 'resolution', ticket: { id: ticket.id, number: ticket.number, contactPhone: fixture.customer.phone } });
    expect(queue.body.counts.open).toBeGreaterThanOrEqual(1);
    // Most overdue first: the next attempts' due times never go down the list.
    const due = queue.body.items.map((item: { nextAttemptAt: string }) => Date.parse(item.nextAttemptAt));
    expect(due).toEqual([...due].sort((a, b) => a - b));

    // QA reads the queue with the number masked; dealers do not read it at all.
    const qa = await signedIn(server, 'qa');
    const qaView = (await qa.get(`/api/callbacks/${task.id}`)).body.task;
    expect(qaView.ticket.contactPhone).not.toBe(fixture.customer.phone);
    expect(qaView.ticket.contactPhone).toContain('****');
    expect((await dealer.get('/api/callbacks')).status).toBe(403);
  });

  it('schedules nothing for an enquiry answered on the call', async () => {
    const created = await agent.post('/api/tickets', {
      type: 'enquiry', categoryId: fixture.enquiryCategory.id, customerId: fixture.customer.id, contactName: fixture.customer.name,
      contactPhone: fixture.customer.phone, subject: '保养周期咨询', description: '客户询问首保时间', dispatch: 'hold',
    });
    const resolved = await agent.post(`/api/tickets/${created.body.ticket.id}/resolve`, { version: created.body.ticket.version, comment: '已答复' });
    expect(resolved.body.ticket.status).toBe('resolved');
    expect(await server.query(`select id from callback_tasks where ticket_id = $1`, [created.body.ticket.id])).toEqual([]);
  });

  it('closes the ticket when the customer is satisfied, with the attempt on the chain', async () => {
    const ticket = await resolvedComplaint();
    const task = await openTaskOf(ticket.id);
    const answer = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 5, solved: true, comment: '客户表示满意' });
    expect(answer.status).toBe(201);
    expect(answer.body.task).toMatchObject({ status: 'satisfied', attempts: 1, satisfaction: 5, solved: true });
    expect(answer.body.ticket.status).toBe('closed');
    const saved = await one<{ status: string; satisfaction: number; closed_at: Date | null }>(`select status, satisfaction, closed_at from tickets where id = $1`, [ticket.id]);
    expect(saved).toMatchObject({ status: 'closed', satisfaction: 5 });
    expect(saved.closed_at).not.toBeNull();
    const events = await eventsOf(ticket.id);
    expect(events.slice(-2).map((event) => [event.type, event.payload.outcome ?? event.payload.reason])).toEqual([
      ['callback_attempt', 'satisfied'],
      ['closed', 'callback_satisfied'],
    ]);
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.ok).toBe(true);
    // A settled task takes no more attempts.
    const again = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: answer.body.task.version, result: 'reached', satisfaction: 1, solved: false, reasonCode: 'slow' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('reopens an unhappy customer’s ticket to the same dealer: escalation up, a new resolve clock, live on the dealer’s side', async () => {
    const ticket = await resolvedComplaint();
    const before = await one<{ escalation_level: number; reopen_count: number }>(`select escalation_level, reopen_count from tickets where id = $1`, [ticket.id]);
    const task = await openTaskOf(ticket.id);

    // Unhappy needs a reason from the taxonomy.
    const noReason = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 2, solved: true });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');

    const answer = await agent.post(`/api/callbacks/${task.id}/attempts`, {
      version: task.version, result: 'reached', satisfaction: 2, solved: false, reasonCode: 'repeat_fault', comment: '异响又出现了',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.task.status).toBe('reopened');
    const after = await one<{ status: string; responsible_dealer_id: string; escalation_level: number; reopen_count: number; resolved_at: Date | null }>(
      `select status, responsible_dealer_id, escalation_level, reopen_count, resolved_at from tickets where id = $1`,
      [ticket.id],
    );
    expect(after).toMatchObject({ status: 'reopened', responsible_dealer_id: fixture.dealerA.id, escalation_level: before.escalation_level + 1, reopen_count: before.reopen_count + 1, resolved_at: null });
    const clocks = await server.query<{ clock: string; met_at: Date | null; owner_id: string }>(
      `select clock, met_at, owner_id from sla_milestones where ticket_id = $1 and clock = 'resolve' and cancelled_at is null order by started_at`,
      [ticket.id],
    );
    expect(clocks.at(-1)).toMatchObject({ met_at: null, owner_id: fixture.dealerA.id });
    expect(clocks.length).toBeGreaterThanOrEqual(2);

    // The dealer's inbox is told live (the change's outbox row names it) and its view shows the reopened ticket.
    const live = await one<{ payload: { kind: string; dealerIds: string[] } }>(
      `select payload from outbox where topic = 'ticket.changed' and ticket_id = $1 order by id desc limit 1`,
      [ticket.id],
    );
    expect(live.payload).toMatchObject({ kind: 'reopened', dealerIds: [fixture.dealerA.id] });
    const dealerView = await dealer.get(`/api/tickets/${ticket.id}`);
    expect(dealerView.body.ticket.status).toBe('reopened');
    const reopened = (await dealer.get(`/api/tickets/${ticket.id}/events`)).body.items.filter((event: { type: string }) => event.type === 'reopened');
    expect(reopened.at(-1).payload).toMatchObject({ reason: 'callback_unhappy', reasonCode: 'repeat_fault' });

    // Resolved again, it gets a new callback, and only one is open.
    const current = (await dealer.get(`/api/tickets/${ticket.id}`)).body.ticket;
    const started = await dealer.post(`/api/tickets/${ticket.id}/start`, { version: current.version });
    await dealer.post(`/api/tickets/${ticket.id}/resolve`, { version: started.body.ticket.version, comment: '更换传感器' });
    const tasks = await server.query<{ status: string }>(`select status from callback_tasks where ticket_id = $1 order by created_at`, [ticket.id]);
    expect(tasks.map((row) => row.status)).toEqual(['reopened', 'open']);
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.ok).toBe(true);
  });

  it('reopens a ticket the customer says is not solved, however satisfied with the service', async () => {
    const ticket = await resolvedComplaint();
    const task = await openTaskOf(ticket.id);
    const answer = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 4, solved: false, reasonCode: 'not_solved' });
    expect(answer.body.ticket.status).toBe('reopened');
  });

  it('closes as unreachable after the third failed attempt on the second working day, not before', async () => {
    const ticket = await resolvedComplaint();
    const task = await openTaskOf(ticket.id);
    const db = server.database.db;
    const at = (local: string) => new Date(`${local}+08:00`);
    // Three failures on one Monday: still open, the next try waits for the next working day.
    let result = await recordCallbackAttempt({ db, actor: agentActor, taskId: task.id, now: at('2027-01-04T10:00'), request: { version: task.version, result: 'no_answer' } });
    expect(result.task.status).toBe('open');
    result = await recordCallbackAttempt({ db, actor: agentActor, taskId: task.id, now: at('2027-01-04T10:20'), request: { version: result.task.version, result: 'busy' } });
    expect(result.task.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(at('2027-01-05T00:00').getTime());
    result = await recordCallbackAttempt({ db, actor: agentActor, taskId: task.id, now: at('2027-01-04T16:00'), request: { version: result.task.version, result: 'no_answer' } });
    expect(result.task).toMatchObject({ status: 'open', attempts: 3 });
    expect(result.ticket?.status).toBe('resolved');
    // The fourth, on Tuesday: two working days, three or more failures.
    result = await recordCallbackAttempt({ db, actor: agentActor, taskId: task.id, now: at('2027-01-05T10:00'), request: { version: result.task.version, result: 'wrong_number' } });
    expect(result.task).toMatchObject({ status: 'unreachable', attempts: 4 });
    expect(result.ticket?.status).toBe('closed');
    const events = await eventsOf(ticket.id);
    expect(events.filter((event) => event.type === 'callback_attempt').map((event) => event.payload.outcome)).toEqual(['retry', 'retry', 'retry', 'unreachable']);
    expect(events.at(-1)).toMatchObject({ type: 'closed', payload: { reason: 'callback_unreachable' } });
    const attempts = await server.query<{ attempt: number; result: string }>(`select attempt, result from callback_attempts where task_id = $1 order by attempt`, [task.id]);
    expect(attempts.map((row) => row.result)).toEqual(['no_answer', 'busy', 'no_answer', 'wrong_number']);
  });

  it('cancels the open callback when the ticket leaves resolved another way', async () => {
    const ticket = await resolvedComplaint();
    const task = await openTaskOf(ticket.id);
    const supervisor = await signedIn(server, 'supervisor');
    const current = (await supervisor.get(`/api/tickets/${ticket.id}`)).body.ticket;
    expect((await supervisor.post(`/api/tickets/${ticket.id}/reopen`, { version: current.version, comment: '客户来电再次投诉' })).status).toBe(200);
    expect((await one<{ status: string }>(`select status from callback_tasks where id = $1`, [task.id])).status).toBe('cancelled');
    expect((await eventsOf(ticket.id)).at(-1)).toMatchObject({ type: 'callback_cancelled', payload: { taskId: task.id, reason: 'reopened' } });
  });
});

describe('callback figures in the resolution report', () => {
  it('gives each dealer its callback rate in time, satisfaction and resolution rate, from the calls', async () => {
    // Dealer B's own tickets only: the other tests here work with dealer A.
    const dealerB = await signedIn(server, fixture.dealerB.username);
    const resolvedForB = async () => {
      const dispatched = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
      const acknowledged = await dealerB.post(`/api/tickets/${dispatched.id}/acknowledge`, { version: dispatched.version });
      await dealerB.post(`/api/tickets/${dispatched.id}/resolve`, { version: acknowledged.body.ticket.version });
      return openTaskOf(dispatched.id);
    };
    const call = (task: { id: string; version: number }, body: Record<string, unknown>) => agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, ...body });
    // In time, satisfied and solved.
    await call(await resolvedForB(), { result: 'reached', satisfaction: 5, solved: true });
    // In time, unhappy and not solved (the ticket reopens).
    await call(await resolvedForB(), { result: 'reached', satisfaction: 2, solved: false, reasonCode: 'slow' });
    // Called an hour after its due time, satisfied (4) and solved.
    const late = await resolvedForB();
    await recordCallbackAttempt({ db: server.database.db, actor: agentActor, taskId: late.id, now: new Date(late.due_at.getTime() + 3_600_000), request: { version: late.version, result: 'reached', satisfaction: 4, solved: true } });
    // Not called yet and not due yet: not counted against the rate in time.
    await resolvedForB();

    const report = await (await signedIn(server, 'qa')).get(`/api/reports/resolution?groupBy=dealer&dealerId=${fixture.dealerB.id}`);
    expect(report.status).toBe(200);
    expect(report.body.metrics.map((metric: { key: string }) => metric.key)).toEqual(['callbackInTimeRate', 'satisfactionRate', 'resolutionRate', 'qaScore']);
    const cell = report.body.cells.find((candidate: { keys: { dealer?: string } }) => candidate.keys.dealer === fixture.dealerB.id);
    expect(cell.metrics.callbackInTimeRate).toBeCloseTo(2 / 3);
    expect(cell.metrics.satisfactionRate).toBeCloseTo(2 / 3);
    expect(cell.metrics.resolutionRate).toBeCloseTo(2 / 3);
    // The dealer reads its own figures.
    const own = await dealerB.get('/api/reports/resolution?groupBy=dealer');
    expect(own.body.cells.map((candidate: { keys: { dealer?: string } }) => candidate.keys.dealer)).toEqual([fixture.dealerB.id]);
    expect(own.body.cells[0].metrics.satisfactionRate).toBeCloseTo(2 / 3);
  });
});

describe('recording an attempt refuses bad input and changes nothing', () => {
  let task: { id: string; version: number };
  let ticketId: string;

  beforeAll(async () => {
    const ticket = await resolvedComplaint();
    ticketId = ticket.id;
    task = await openTaskOf(ticket.id);
  });

  const unchanged = async () => {
    const row = await one<{ attempts: number; version: number; status: string }>(`select attempts, version, status from callback_tasks where id = $1`, [task.id]);
    expect(row).toMatchObject({ attempts: 0, version: task.version, status: 'open' });
    expect((await server.query(`select id from callback_attempts where task_id = $1`, [task.id])).length).toBe(0);
    expect((await eventsOf(ticketId)).some((event) => event.type === 'callback_attempt')).toBe(false);
  };

  it.each([
    ['reached without a score', { result: 'reached', solved: true }],
    ['reached without solved', { result: 'reached', satisfaction: 5 }],
    ['a score out of range', { result: 'reached', satisfaction: 6, solved: true }],
    ['a score when not reached', { result: 'no_answer', satisfaction: 3 }],
    ['an unknown result', { result: 'voicemail' }],
    ['an unknown field', { result: 'busy', mood: 'bad' }],
  ])('400 for %s', async (_label, body) => {
    const response = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, ...body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.message).toBeTruthy();
    await unchanged();
  });

  it('422 for a reason not in the taxonomy, 409 for a stale version, 404 for an unknown task, 403 for QA and dealers', async () => {
    const unknownReason = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 1, solved: false, reasonCode: 'aliens' });
    expect(unknownReason.status).toBe(422);
    expect(unknownReason.body.error.code).toBe('UNKNOWN_REFERENCE');
    const stale = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version + 1, result: 'busy' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await agent.post('/api/callbacks/00000000-0000-4000-8000-000000000000/attempts', { version: 1, result: 'busy' })).status).toBe(404);
    expect((await (await signedIn(server, 'qa')).post(`/api/callbacks/${task.id}/attempts`, { version: task.version, result: 'busy' })).status).toBe(403);
    expect((await dealer.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, result: 'busy' })).status).toBe(403);
    await unchanged();
  });
});

describe('the unhappy-reason taxonomy', () => {
  it('is edited by admins, recorded in the configuration history, and retired reasons leave the agents’ list', async () => {
    const admin = await signedIn(server, 'admin');
    const seeded = (await agent.get('/api/callback-reasons')).body.items.map((reason: { code: string }) => reason.code);
    expect(seeded).toEqual(expect.arrayContaining(['not_solved', 'slow', 'attitude', 'other']));

    expect((await agent.post('/api/admin/callback-reasons', { code: 'parts_delay', nameZh: '配件等待时间长', nameEn: 'Waited long for parts' })).status).toBe(403);
    const created = await admin.post('/api/admin/callback-reasons', { code: 'parts_delay', nameZh: '配件等待时间长', nameEn: 'Waited long for parts', sortOrder: 35 });
    expect(created.status).toBe(201);
    expect((await admin.post('/api/admin/callback-reasons', { code: 'parts_delay', nameZh: 'x', nameEn: 'x' })).status).toBe(409);
    expect((await admin.post('/api/admin/callback-reasons', { code: 'Bad Code', nameZh: 'x', nameEn: 'x' })).status).toBe(400);
    expect((await admin.request('PATCH', '/api/admin/callback-reasons/parts_delay', {})).status).toBe(400);
    expect((await admin.request('PATCH', '/api/admin/callback-reasons/nope', { active: false })).status).toBe(404);

    const listed = (await agent.get('/api/callback-reasons')).body.items.map((reason: { code: string }) => reason.code);
    expect(listed.indexOf('parts_delay')).toBe(listed.indexOf('no_contact') + 1);
    expect((await admin.request('PATCH', '/api/admin/callback-reasons/parts_delay', { active: false, nameEn: 'Parts delay' })).status).toBe(200);
    expect((await agent.get('/api/callback-reasons')).body.items.map((reason: { code: string }) => reason.code)).not.toContain('parts_delay');
    expect((await admin.get('/api/admin/callback-reasons')).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'parts_delay', active: false, nameEn: 'Parts delay' })]));

    const history = await server.query<{ action: string; after: Record<string, unknown> }>(
      `select action, after from config_changes where entity = 'callback_reason' and entity_id = 'parts_delay' order by occurred_at`,
    );
    expect(history.map((row) => row.action)).toEqual(['create', 'update']);
    expect(history[1].after).toEqual({ active: false, nameEn: 'Parts delay' });
  });
});

describe('callback figures of a ticket that changed hands', () => {
  it('count for the party responsible now, as the ticket’s resolution does: the dealer it left keeps none of them', async () => {
    // Two dealers no other test here uses, with no tickets of their own yet.
    const [from, to] = await server.query<{ username: string; dealer_id: string }>(
      `select u.username, u.dealer_id::text from users u join dealers d on d.id = u.dealer_id
       where u.role = 'dealer_user' and d.active and u.dealer_id not in ($1, $2) order by u.username limit 2`,
      [fixture.dealerA.id, fixture.dealerB.id],
    );
    const [fromDealer, toDealer] = await Promise.all([signedIn(server, from.username), signedIn(server, to.username)]);
    const supervisor = await signedIn(server, 'supervisor');
    const call = (task: { id: string; version: number }, body: Record<string, unknown>) => agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, ...body });

    const dispatched = await dispatchedComplaint(agent, fixture, from.dealer_id);
    let ticket = (await fromDealer.post(`/api/tickets/${dispatched.id}/acknowledge`, { version: dispatched.version })).body.ticket;
    ticket = (await fromDealer.post(`/api/tickets/${dispatched.id}/resolve`, { version: ticket.version })).body.ticket;
    // The customer is unhappy with the first dealer's work: reopened to it, then a supervisor moves it on.
    expect((await call(await openTaskOf(ticket.id), { result: 'reached', satisfaction: 1, solved: false, reasonCode: 'slow' })).status).toBe(201);
    ticket = (await supervisor.get(`/api/tickets/${ticket.id}`)).body.ticket;
    expect(ticket.status).toBe('reopened');
    const moved = await supervisor.post(`/api/tickets/${ticket.id}/dispatch`, { version: ticket.version, dealerId: to.dealer_id });
    expect(moved.status).toBe(200);
    ticket = (await toDealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: moved.body.ticket.version })).body.ticket;
    ticket = (await toDealer.post(`/api/tickets/${ticket.id}/resolve`, { version: ticket.version })).body.ticket;
    expect((await call(await openTaskOf(ticket.id), { result: 'reached', satisfaction: 5, solved: true })).status).toBe(201);

    const qa = await signedIn(server, 'qa');
    const report = (await qa.get(`/api/reports/resolution?groupBy=dealer`)).body;
    const cellOf = (dealerId: string) => report.cells.find((cell: { keys: { dealer?: string } }) => cell.keys.dealer === dealerId);
    // Both calls are the new owner's: one of two reached calls satisfied, the last answer solved, both in time.
    expect(cellOf(to.dealer_id).metrics).toEqual({ callbackInTimeRate: 1, satisfactionRate: 0.5, resolutionRate: 1, qaScore: null });
    // The first dealer still has its stretches of the ticket (its acknowledgement) but none of its callbacks.
    expect(cellOf(from.dealer_id).clocks.acknowledge.met).toBe(1);
    expect(cellOf(from.dealer_id).metrics).toEqual({ callbackInTimeRate: null, satisfactionRate: null, resolutionRate: null, qaScore: null });
    // Each dealer reads its own cell only, with the same figures.
    const own = (await fromDealer.get('/api/reports/resolution?groupBy=dealer')).body;
    expect(own.cells.map((cell: { keys: { dealer?: string } }) => cell.keys.dealer)).toEqual([from.dealer_id]);
    expect(own.cells[0].metrics).toEqual(cellOf(from.dealer_id).metrics);
    expect((await toDealer.get('/api/reports/resolution?groupBy=dealer')).body.cells[0].metrics).toEqual(cellOf(to.dealer_id).metrics);
  });
});
