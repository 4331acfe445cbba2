/**
 * Every way figures move — clocks started, paused and shifted, met by acknowledge, first contact, a department's
 * finding and resolve, warned and breached by timers, moved by a policy applied to open tickets, stopped by a reroute,
 * a close or a cancel; resolution and closing times set and cleared by reopen; a callback scheduled, missed, answered
 * unhappy (satisfaction, reopen) — is on the chain: verification of a busy database finds nothing, and an edit of any
 * of those figures is then named.
 */
import { applyPolicyToOpenTickets, recordSlaMoment, verifyAllAudits } from '@careline/shared/server';
import { actorOfUser, dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let dealer: ApiClient;
let department: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  dealer = await signedIn(server, fixture.dealerA.username);
  department = await signedIn(server, fixture.departmentA.username);
});

afterAll(() => server?.close());

const ok = async (response: Promise<{ status: number; body: any }>) => {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.ticket;
};
const openClock = async (ticketId: string, clock: string) =>
  (await server.query<{ id: string; due_at: Date }>(`select id, due_at from sla_milestones where ticket_id = $1 and clock = $2 and met_at is null and cancelled_at is null`, [ticketId, clock]))[0];

describe('figures on the chain through a whole lifecycle', () => {
  let worked: { id: string; number: string };
  let calledBack: { id: string; number: string };
  let moved: { id: string; number: string };

  it('leave nothing for verification to find', async () => {
    // Worked through: acknowledged, started, paused and resumed, first contact, the copied department's finding, warned and
    // breached, resolved, reopened, resolved again, closed.
    let ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    worked = ticket;
    ticket = await ok(dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version }));
    ticket = await ok(dealer.post(`/api/tickets/${ticket.id}/start`, { version: ticket.version }));
    ticket = await ok(dealer.post(`/api/tickets/${ticket.id}/pend`, { version: ticket.version }));
    ticket = await ok(dealer.post(`/api/tickets/${ticket.id}/resume`, { version: ticket.version }));
    ticket = await ok(dealer.post(`/api/tickets/${ticket.id}/contacts`, { outcome: 'reached', version: ticket.version }));
    await ok(department.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'internal', body: '质量部结论：零件批次问题' }));
    const resolveClock = await openClock(ticket.id, 'resolve');
    const late = new Date(new Date(resolveClock.due_at).getTime() + 60_000);
    expect(await recordSlaMoment(server.database.db, { milestoneId: resolveClock.id, kind: 'warning', now: late })).toBe('recorded');
    expect(await recordSlaMoment(server.database.db, { milestoneId: resolveClock.id, kind: 'breach', now: late })).toBe('recorded');
    ticket = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    ticket = await ok(dealer.post(`/api/tickets/${ticket.id}/resolve`, { version: ticket.version, comment: '已更换' }));
    ticket = await ok(agent.post(`/api/tickets/${ticket.id}/reopen`, { version: ticket.version }));
    ticket = await ok(dealer.post(`/api/tickets/${ticket.id}/resolve`, { version: ticket.version }));
    await ok(agent.post(`/api/tickets/${ticket.id}/close`, { version: ticket.version }));

    // Rejected (the acknowledge clock stops, the ticket is routed again), cancelled, and one left open under a policy
    // an admin then applies with new targets.
    const rejected = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    await ok(dealer.post(`/api/tickets/${rejected.id}/reject`, { version: rejected.version, reasonCode: 'other', reasonText: '非本店客户' }));
    const cancelled = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    await ok(agent.post(`/api/tickets/${cancelled.id}/cancel`, { version: cancelled.version, comment: '重复工单' }));
    const open = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    const [{ sla_policy_id: policyId }] = await server.query<{ sla_policy_id: string }>(`select sla_policy_id from tickets where id = $1`, [open.id]);
    await server.query(`update sla_policies set resolve_minutes = resolve_minutes + 600, acknowledge_minutes = acknowledge_minutes + 60 where id = $1`, [policyId]);
    expect(await applyPolicyToOpenTickets(server.database.db, await actorOfUser(server, 'admin'), policyId)).toBeGreaterThan(0);

    // Called back: a resolution schedules the task; no answer, then reached and unhappy: the ticket reopens.
    const called = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    calledBack = called;
    const acknowledgedCalled = await ok(dealer.post(`/api/tickets/${called.id}/acknowledge`, { version: called.version }));
    await ok(dealer.post(`/api/tickets/${called.id}/resolve`, { version: acknowledgedCalled.version, comment: '已更换支架' }));
    const [task] = await server.query<{ id: string; version: number }>(`select id, version from callback_tasks where ticket_id = $1 and status = 'open'`, [called.id]);
    const missed = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, result: 'no_answer' });
    expect(missed.status).toBe(201);
    const unhappy = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: missed.body.task.version, result: 'reached', satisfaction: 2, solved: false, reasonCode: 'repeat_fault' });
    expect(unhappy.body.task.status).toBe('reopened');

    // Moved by a supervisor from dealer A, which acknowledged it, to dealer B: the open clocks are B's from then on.
    const toMove = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    moved = toMove;
    const acknowledgedMoved = await ok(dealer.post(`/api/tickets/${moved.id}/acknowledge`, { version: toMove.version }));
    await ok((await signedIn(server, 'supervisor')).post(`/api/tickets/${moved.id}/dispatch`, { version: acknowledgedMoved.version, dealerId: fixture.dealerB.id }));
    const [carried] = await server.query<{ owner_id: string; owned_since: Date | null }>(`select owner_id::text, owned_since from sla_milestones where ticket_id = $1 and clock = 'resolve'`, [moved.id]);
    expect(carried.owner_id).toBe(fixture.dealerB.id);
    expect(carried.owned_since).not.toBeNull();

    const report = await verifyAllAudits(server.database.db);
    expect(report).toMatchObject({ problemCount: 0, problems: [], uncoveredTickets: 0 });
    expect(report.tickets).toBeGreaterThanOrEqual(6);
  });

  it('and each of those figures, edited, is named', async () => {
    const [resolveClock] = await server.query<{ id: string }>(`select id from sla_milestones where ticket_id = $1 and clock = 'resolve' and breached_at is not null`, [worked.id]);
    const edits: Array<{ table: string; id: string; column: string; to: string; field: string; ticketId?: string }> = [
      { table: 'sla_milestones', id: resolveClock.id, column: 'paused_seconds', to: 'paused_seconds + 3600', field: 'pausedSeconds' },
      { table: 'sla_milestones', id: resolveClock.id, column: 'breached_at', to: 'null', field: 'breachedAt' },
      { table: 'sla_milestones', id: resolveClock.id, column: 'warned_at', to: 'null', field: 'warnedAt' },
      { table: 'sla_milestones', id: resolveClock.id, column: 'due_at', to: "due_at + interval '1 day'", field: 'dueAt' },
      { table: 'tickets', id: worked.id, column: 'closed_at', to: "closed_at + interval '1 day'", field: 'closedAt' },
      { table: 'tickets', id: worked.id, column: 'first_contact_at', to: "first_contact_at - interval '1 hour'", field: 'firstContactAt' },
    ];
    const [reached] = await server.query<{ id: string; task_id: string }>(
      `select a.id, a.task_id from callback_attempts a join callback_tasks t on t.id = a.task_id where t.ticket_id = $1 and a.result = 'reached'`,
      [calledBack.id],
    );
    edits.push(
      { table: 'callback_attempts', id: reached.id, column: 'satisfaction', to: '5', field: 'satisfaction', ticketId: calledBack.id },
      { table: 'callback_tasks', id: reached.task_id, column: 'reached_at', to: "reached_at - interval '2 days'", field: 'reachedAt', ticketId: calledBack.id },
      { table: 'callback_tasks', id: reached.task_id, column: 'status', to: "'satisfied'", field: 'status', ticketId: calledBack.id },
      { table: 'tickets', id: calledBack.id, column: 'satisfaction', to: '5', field: 'satisfaction', ticketId: calledBack.id },
      { table: 'tickets', id: calledBack.id, column: 'reopen_count', to: '0', field: 'reopenCount', ticketId: calledBack.id },
    );
    // A running clock's current stretch, which the report measures from when its owner got it.
    const [carried] = await server.query<{ id: string }>(`select id from sla_milestones where ticket_id = $1 and clock = 'resolve'`, [moved.id]);
    edits.push(
      { table: 'sla_milestones', id: carried.id, column: 'owned_since', to: "owned_since + interval '3 hours'", field: 'ownedSince', ticketId: moved.id },
      { table: 'sla_milestones', id: carried.id, column: 'paused_seconds_before_owner', to: 'paused_seconds_before_owner + 7200', field: 'pausedSecondsBeforeOwner', ticketId: moved.id },
    );
    for (const edit of edits) {
      const [before] = await server.query<Record<string, unknown>>(`select ${edit.column} as value from ${edit.table} where id = $1`, [edit.id]);
      await server.query(`update ${edit.table} set ${edit.column} = ${edit.to} where id = $1`, [edit.id]);
      const report = await verifyAllAudits(server.database.db);
      expect(report.problems).toEqual([expect.objectContaining({ ticketId: edit.ticketId ?? worked.id, table: edit.table, rowId: edit.id, field: edit.field, problem: 'field_mismatch' })]);
      // Put back, so that each edit is found alone.
      await server.query(`update ${edit.table} set ${edit.column} = $2 where id = $1`, [edit.id, before.value]);
    }
    expect((await verifyAllAudits(server.database.db)).problemCount).toBe(0);
  });
});
