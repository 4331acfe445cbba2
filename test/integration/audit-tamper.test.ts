/**
 * The tamper matrix: what someone with the application's own database rights (table owner: the append-only trigger
 * switched off) can do to the history and the figures, each done to its own ticket of one database, and each found and
 * pinpointed — the ticket, the event or the row and field, the problem — by one verification against a signed
 * checkpoint taken before. An untouched ticket stays clean throughout.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type ChainKey, hashEvent, hmacKey, LEGACY_SHA256 } from '@careline/shared/server';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let qa: ApiClient;
let dealer: ApiClient;
type Ticket = { id: string; number: string; version: number };
const t: Record<string, Ticket> = {};

type EventRow = {
  id: string;
  ticket_id: string;
  sequence: number;
  type: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_name: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
  facts: Record<string, unknown> | null;
  previous_hash: string;
  hash: string;
};

const eventsOf = (ticketId: string) => server.query<EventRow>(`select * from ticket_events where ticket_id = $1 order by sequence`, [ticketId]);
const contentOf = (event: EventRow) => ({
  ticketId: event.ticket_id,
  sequence: event.sequence,
  type: event.type,
  actorId: event.actor_id,
  actorRole: event.actor_role,
  actorName: event.actor_name,
  occurredAt: new Date(event.occurred_at),
  payload: event.payload,
  facts: event.facts,
  previousHash: event.previous_hash,
});

/** A dispatched complaint with two dealer notes: four events. */
async function ticketWithHistory(): Promise<Ticket> {
  const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
  await dealer.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'dealer', body: '已联系客户' });
  await dealer.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'dealer', body: '已安排检修' });
  return ticket;
}

/** The attacker's rewrite of a whole chain (one event's payload changed), every hash recomputed with `key`, head moved. */
async function rehashChain(ticketId: string, key: ChainKey): Promise<void> {
  let previousHash = '0'.repeat(64);
  for (const event of await eventsOf(ticketId)) {
    const payload = event.sequence === 3 ? { ...event.payload, body: '客户表示满意' } : event.payload;
    const hash = hashEvent({ ...contentOf(event), payload, previousHash }, key);
    await server.query(`update ticket_events set payload = $1, previous_hash = $2, hash = $3 where id = $4`, [JSON.stringify(payload), previousHash, hash, event.id]);
    previousHash = hash;
  }
  await server.query(`update tickets set audit_head_hash = $1 where id = $2`, [previousHash, ticketId]);
}

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  qa = await signedIn(server, 'qa');
  dealer = await signedIn(server, fixture.dealerA.username);
  for (const name of ['control', 'edited', 'deletedMiddle', 'deletedEnd', 'swapped', 'appended', 'rehashedPlain', 'rehashedWrongKey', 'deletedTicket']) {
    t[name] = await ticketWithHistory();
  }
  // Figures: a resolved ticket (resolvedAt, clocks met), an acknowledged one (acknowledge clock met), a lead followed up.
  for (const name of ['resolved', 'acknowledged']) {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const acknowledged = (await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version })).body.ticket;
    t[name] = name === 'resolved' ? (await dealer.post(`/api/tickets/${ticket.id}/resolve`, { version: acknowledged.version, comment: '已更换部件' })).body.ticket : acknowledged;
  }
  const lead = (
    await agent.post('/api/tickets', {
      type: 'lead', customerId: fixture.customer.id, contactName: fixture.customer.name, contactPhone: fixture.customer.phone,
      subject: '意向购买远航 S7', description: '客户想试驾', purchaseTiming: 'within_3_months',
    })
  ).body.ticket;
  const [leadDealer] = await server.query<{ username: string }>(`select username from users where dealer_id = $1 and role = 'dealer_user' limit 1`, [lead.responsibleDealer.id]);
  const leadClient = await signedIn(server, leadDealer.username);
  const acknowledgedLead = (await leadClient.post(`/api/tickets/${lead.id}/acknowledge`, { version: lead.version })).body.ticket;
  expect((await leadClient.post(`/api/tickets/${lead.id}/lead-follow-ups`, { outcome: 'contacted' })).status).toBe(201);
  t.lead = acknowledgedLead;
});

afterAll(() => server?.close());

describe('the tamper matrix', () => {
  let checkpointId: string;
  let problems: Array<Record<string, unknown>>;
  const tampered = () => Object.entries(t).filter(([name]) => name !== 'control').map(([, ticket]) => ticket.id);

  it('finds nothing wrong with the untouched database, and checkpoints its heads', async () => {
    const run = await qa.post('/api/audit/runs', {});
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ ok: true, problemCount: 0, problems: [], uncoveredTickets: 0 });
    expect(run.body.tickets).toBeGreaterThanOrEqual(Object.keys(t).length);
    const checkpoint = await qa.post('/api/audit/checkpoints', {});
    expect(checkpoint.status).toBe(201);
    checkpointId = checkpoint.body.id;
    expect(checkpoint.body.ticketCount).toBe(run.body.tickets);
  });

  it('tampers as a table owner would: the append-only trigger off, rows edited, deleted, forged', async () => {
    await server.query('alter table ticket_events disable trigger ticket_events_append_only');

    await server.query(`update ticket_events set payload = jsonb_set(payload, '{body}', '"客户已满意"') where ticket_id = $1 and sequence = 3`, [t.edited.id]);
    await server.query(`delete from ticket_events where ticket_id = $1 and sequence = 2`, [t.deletedMiddle.id]);
    await server.query(`delete from ticket_events where ticket_id = $1 and sequence = 4`, [t.deletedEnd.id]);
    // Two events swap places in the history.
    await server.query(`update ticket_events set sequence = -1 where ticket_id = $1 and sequence = 2`, [t.swapped.id]);
    await server.query(`update ticket_events set sequence = 2 where ticket_id = $1 and sequence = 3`, [t.swapped.id]);
    await server.query(`update ticket_events set sequence = 3 where ticket_id = $1 and sequence = -1`, [t.swapped.id]);

    // A back-dated "resolved" appended after the head, hashed as the old code did (no key), the ticket's head moved to it.
    const [head] = (await eventsOf(t.appended.id)).slice(-1);
    const forged = {
      ...contentOf(head),
      sequence: 5,
      type: 'resolved',
      occurredAt: new Date(new Date(head.occurred_at).getTime() - 86_400_000),
      payload: { from: 'in_progress', to: 'resolved' },
      facts: null,
      previousHash: head.hash,
    };
    const forgedId = randomUUID();
    const forgedHash = hashEvent(forged, LEGACY_SHA256);
    await server.query(
      `insert into ticket_events (id, ticket_id, sequence, type, actor_id, actor_role, actor_name, occurred_at, payload, previous_hash, hash)
       values ($1, $2, 5, 'resolved', $3, $4, $5, $6, $7, $8, $9)`,
      [forgedId, t.appended.id, forged.actorId, forged.actorRole, forged.actorName, forged.occurredAt, JSON.stringify(forged.payload), head.hash, forgedHash],
    );
    await server.query(`update tickets set audit_head_hash = $1, audit_event_count = 5 where id = $2`, [forgedHash, t.appended.id]);
    t.appended = { ...t.appended, forgedId } as Ticket & { forgedId: string };

    await rehashChain(t.rehashedPlain.id, LEGACY_SHA256);
    await rehashChain(t.rehashedWrongKey.id, hmacKey(randomBytes(32)));

    // A ticket deleted with everything that points at it.
    for (const table of ['notifications', 'sla_milestones', 'ticket_events', 'outbox']) await server.query(`delete from ${table} where ticket_id = $1`, [t.deletedTicket.id]);
    await server.query(`delete from tickets where id = $1`, [t.deletedTicket.id]);

    // The figures: a resolution time, a clock's met time, a clock deleted, a lead follow-up edited and one forged.
    await server.query(`update tickets set resolved_at = resolved_at - interval '2 days' where id = $1`, [t.resolved.id]);
    await server.query(`update sla_milestones set met_at = met_at - interval '3 hours' where ticket_id = $1 and clock = 'acknowledge'`, [t.acknowledged.id]);
    await server.query(`delete from sla_milestones where ticket_id = $1 and clock = 'first_contact'`, [t.acknowledged.id]);
    await server.query(`update lead_follow_ups set outcome = 'order' where ticket_id = $1`, [t.lead.id]);
    await server.query(
      `insert into lead_follow_ups (id, ticket_id, dealer_id, outcome, recorded_at) select $1, ticket_id, dealer_id, 'test_drive', recorded_at from lead_follow_ups where ticket_id = $2`,
      [randomUUID(), t.lead.id],
    );

    const run = await qa.post('/api/audit/runs', {});
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ ok: false, checkpointId, checkpointError: null });
    problems = run.body.problems;
    expect(run.body.problemCount).toBe(problems.length);
  });

  const expectProblem = (ticket: () => Ticket, expected: Record<string, unknown>) => expect(problems).toContainEqual(expect.objectContaining({ ticketId: ticket().id, number: ticket().number, ...expected }));
  const eventId = async (ticketId: string, sequence: number) => (await server.query<{ id: string }>(`select id from ticket_events where ticket_id = $1 and sequence = $2`, [ticketId, sequence]))[0].id;

  it('an edited event: its own hash', async () => {
    expectProblem(() => t.edited, { problem: 'hash_mismatch', sequence: 3, eventId: await eventId(t.edited.id, 3) });
  });

  it('an event deleted in the middle: the gap; at the end: the head, and the checkpoint’s longer chain', async () => {
    expectProblem(() => t.deletedMiddle, { problem: 'sequence_gap', sequence: 3, eventId: await eventId(t.deletedMiddle.id, 3) });
    expectProblem(() => t.deletedEnd, { problem: 'head_mismatch', sequence: 3 });
    expectProblem(() => t.deletedEnd, { problem: 'chain_shortened', expected: '4', actual: '3' });
  });

  it('two events swapped: the link of the first out of place', async () => {
    const [moved] = await server.query<{ id: string }>(`select id from ticket_events where ticket_id = $1 and sequence = 2`, [t.swapped.id]);
    expectProblem(() => t.swapped, { problem: 'previous_hash_mismatch', sequence: 2, eventId: moved.id });
  });

  it('a forged event appended and the head moved to it: its hash (no key)', () => {
    expectProblem(() => t.appended, { problem: 'hash_mismatch', sequence: 5, eventId: (t.appended as Ticket & { forgedId: string }).forgedId });
  });

  it('a whole chain recomputed with plain SHA-256 or another key: its first event, and the checkpoint', async () => {
    for (const ticket of [() => t.rehashedPlain, () => t.rehashedWrongKey]) {
      expectProblem(ticket, { problem: 'hash_mismatch', sequence: 1, eventId: await eventId(ticket().id, 1) });
      expectProblem(ticket, { problem: 'checkpoint_mismatch', sequence: 4, eventId: await eventId(ticket().id, 4) });
    }
  });

  it('a ticket deleted with its events: named by the checkpoint', () => {
    expectProblem(() => t.deletedTicket, { problem: 'ticket_missing', sequence: 4 });
  });

  it('an edited resolution time: the ticket, the field, what the chain says', async () => {
    const [row] = await server.query<{ resolved_at: Date }>(`select resolved_at from tickets where id = $1`, [t.resolved.id]);
    expectProblem(() => t.resolved, {
      problem: 'field_mismatch',
      table: 'tickets',
      rowId: t.resolved.id,
      field: 'resolvedAt',
      expected: new Date(new Date(row.resolved_at).getTime() + 2 * 86_400_000).toISOString(),
      actual: new Date(row.resolved_at).toISOString(),
    });
  });

  it('a clock’s met time edited, a clock deleted: the clock and the field', async () => {
    const [acknowledge] = await server.query<{ id: string }>(`select id from sla_milestones where ticket_id = $1 and clock = 'acknowledge'`, [t.acknowledged.id]);
    expectProblem(() => t.acknowledged, { problem: 'field_mismatch', table: 'sla_milestones', rowId: acknowledge.id, field: 'metAt' });
    expectProblem(() => t.acknowledged, { problem: 'row_missing', table: 'sla_milestones' });
  });

  it('a lead follow-up edited, one forged', async () => {
    const rows = await server.query<{ id: string; outcome: string }>(`select id, outcome from lead_follow_ups where ticket_id = $1`, [t.lead.id]);
    const edited = rows.find((row) => row.outcome === 'order')!;
    const forged = rows.find((row) => row.outcome === 'test_drive')!;
    expectProblem(() => t.lead, { problem: 'field_mismatch', table: 'lead_follow_ups', rowId: edited.id, field: 'outcome', expected: 'contacted', actual: 'order' });
    expectProblem(() => t.lead, { problem: 'row_unexpected', table: 'lead_follow_ups', rowId: forged.id });
  });

  it('names nothing else: every problem is on a tampered ticket, the untouched one is clean', async () => {
    const tamperedIds = new Set(tampered());
    expect(problems.filter((problem) => !tamperedIds.has(problem.ticketId as string))).toEqual([]);
    for (const ticket of Object.values(t).filter((ticket) => tamperedIds.has(ticket.id))) expect(problems.some((problem) => problem.ticketId === ticket.id)).toBe(true);
    const control = await qa.get(`/api/audit/tickets/${t.control.id}?checkpointId=${checkpointId}`);
    expect(control.body).toMatchObject({ ok: true, covered: true, problems: [] });
  });

  it('alerts QA and admins of the broken run by mail (rows due now), and keeps the run queryable', async () => {
    const runs = await qa.get('/api/audit/runs');
    const [latest] = runs.body.runs;
    expect(latest).toMatchObject({ ok: false, trigger: 'api', checkpointId });
    expect(latest.alertedAt).not.toBeNull();
    const readers = await server.query<{ email: string }>(`select email from users where role in ('qa', 'admin') and active and email is not null`);
    const mails = await server.query<{ recipient: string; status: string; subject: string }>(`select recipient, status, subject from notifications where kind = 'audit_broken' and dedupe_key like $1`, [`audit-run:${latest.id}:%`]);
    expect(readers.length).toBeGreaterThan(0);
    expect(mails.map((mail) => mail.recipient).sort()).toEqual(readers.map((reader) => reader.email).sort());
    expect(mails.every((mail) => mail.status === 'pending')).toBe(true);
    expect((await qa.get(`/api/audit/runs/${latest.id}`)).body.problems).toHaveLength(problems.length);
  });

  it('a truncated event table: every ticket’s head, and every checkpointed chain shortened to nothing', async () => {
    await server.query('truncate ticket_events');
    const report = await qa.get(`/api/audit/verify?checkpointId=${checkpointId}`);
    expect(report.body.ok).toBe(false);
    expect(report.body.events).toBe(0);
    expect(report.body.problems).toContainEqual(expect.objectContaining({ ticketId: t.control.id, problem: 'head_mismatch', sequence: 0 }));
    expect(report.body.problems).toContainEqual(expect.objectContaining({ ticketId: t.control.id, problem: 'chain_shortened', expected: '4', actual: '0' }));
    const tickets = await server.query<{ id: string }>('select id from tickets');
    for (const { id } of tickets) expect(report.body.problems.some((problem: { ticketId: string; problem: string }) => problem.ticketId === id && problem.problem === 'head_mismatch')).toBe(true);
  });
});
