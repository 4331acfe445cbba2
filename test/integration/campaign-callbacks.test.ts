import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor, shiftDay } from '@careline/shared';
import { chinaDayOf } from '@careline/shared';
import { auditKeys, generateCampaignCallbacks, readCheckpoint, recordCampaignAttempt, verifyAllAudits, writeCheckpoint } from '@careline/shared/server';
import { actorOfUser, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * New-vehicle campaign calls (新车回访): generated from purchase dates 3 days, 7 days and 1 month on, once each and only
 * for cars bought within the window; made by the selling dealer or (as an admin sets it) the hotline; recorded like a
 * resolution callback but with no ticket (done / follow_up / unreachable); each task on its own keyed chain, which
 * verification replays.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let admin: ApiClient;
let dealerA: ApiClient;
let dealerB: ApiClient;
let agentActor: Actor;
let dealerActor: Actor;
const today = chinaDayOf(new Date());
const daysAgo = (days: number) => shiftDay(today, { days: -days });

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  admin = await signedIn(server, 'admin');
  dealerA = await signedIn(server, fixture.dealerA.username);
  dealerB = await signedIn(server, fixture.dealerB.username);
  agentActor = await actorOfUser(server, 'agent');
  dealerActor = await actorOfUser(server, fixture.dealerA.username);
  // The seed's own recent cars get their calls first: what follows counts only the cars each test adds.
  await generateCampaignCallbacks(server.database.db);
});

afterAll(() => server?.close());

type TaskRow = { id: string; kind: string; vehicle_id: string; assignee_type: string; dealer_id: string | null; status: string; version: number; due_at: Date };

/** A car of the fixture customer, sold by `dealerId` on `purchaseDate`. */
async function car(purchaseDate: string | null, dealerId: string | null = fixture.dealerA.id): Promise<string> {
  const id = randomUUID();
  const vin = `LCAMP${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
  await server.query(`insert into vehicles (id, customer_id, vin, model, purchase_date, selling_dealer_id) values ($1, $2, $3, 'Model C', $4, $5)`, [
    id,
    fixture.customer.id,
    vin,
    purchaseDate,
    dealerId,
  ]);
  return id;
}

const tasksOf = (vehicleId: string) => server.query<TaskRow>(`select * from callback_tasks where vehicle_id = $1 order by created_at`, [vehicleId]);
const one = async (vehicleId: string) => {
  const [task] = await tasksOf(vehicleId);
  if (!task) throw new Error(`no campaign task for ${vehicleId}`);
  return task;
};

/** The 3-day call of a new car sold by `dealerId` (null: no selling dealer, so the hotline's). */
async function threeDayCall(dealerId: string | null = fixture.dealerA.id) {
  const vehicleId = await car(daysAgo(3), dealerId);
  await generateCampaignCallbacks(server.database.db);
  return one(vehicleId);
}

describe('generating campaign calls from purchase dates', () => {
  it('creates the latest call due for cars bought within the window, each once, each with its chain', async () => {
    const cars = {
      threeDays: await car(daysAgo(3)),
      tenDays: await car(daysAgo(10)),
      fortyDays: await car(daysAgo(40)),
      yesterday: await car(daysAgo(1)),
      longAgo: await car(daysAgo(60)),
      noDate: await car(null),
      // A PDI car and an accident car (flags an import sets): kept, but nobody calls about them.
      pdi: await car(daysAgo(3)),
      accident: await car(daysAgo(10)),
    };
    await server.query(`update vehicles set flags = '{PDI}' where id = $1`, [cars.pdi]);
    await server.query(`update vehicles set flags = '{ACCIDENT,INTERNAL}' where id = $1`, [cars.accident]);
    const first = await generateCampaignCallbacks(server.database.db);
    expect(first.total).toBe(3);
    expect(first.created).toEqual({ new_vehicle_3d: 1, new_vehicle_7d: 1, new_vehicle_1m: 1 });
    expect((await tasksOf(cars.threeDays)).map((task) => task.kind)).toEqual(['new_vehicle_3d']);
    expect((await tasksOf(cars.tenDays)).map((task) => task.kind)).toEqual(['new_vehicle_7d']);
    expect((await tasksOf(cars.fortyDays)).map((task) => task.kind)).toEqual(['new_vehicle_1m']);
    for (const none of [cars.yesterday, cars.longAgo, cars.noDate, cars.pdi, cars.accident]) expect(await tasksOf(none)).toEqual([]);

    const task = await one(cars.threeDays);
    expect(task).toMatchObject({ status: 'open', assignee_type: 'dealer', dealer_id: fixture.dealerA.id, version: 1 });
    // Due today (it was due on the third day), never before it was created.
    expect(chinaDayOf(task.due_at) >= today).toBe(true);
    const events = await server.query<{ sequence: number; type: string; facts: Record<string, unknown> }>(
      `select sequence, type, facts from callback_task_events where task_id = $1 order by sequence`,
      [task.id],
    );
    expect(events).toEqual([expect.objectContaining({ sequence: 1, type: 'callback_scheduled', facts: { callback_tasks: { insert: [expect.objectContaining({ id: task.id, kind: 'new_vehicle_3d', dealerId: fixture.dealerA.id })] } } })]);

    // A re-run, by the job or an admin, creates nothing more.
    const again = await admin.post('/api/admin/campaign-callbacks/generate');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ day: today, total: 0 });
    expect(await tasksOf(cars.threeDays)).toHaveLength(1);
    expect((await agent.post('/api/admin/campaign-callbacks/generate')).status).toBe(403);
  });

  it('makes the 7-day call once the 3-day one was made, and a month from 31 January is the end of February', async () => {
    const vehicleId = await car(daysAgo(3));
    await generateCampaignCallbacks(server.database.db);
    const later = new Date(Date.now() + 5 * 86_400_000);
    await generateCampaignCallbacks(server.database.db, { now: later });
    expect((await tasksOf(vehicleId)).map((task) => task.kind)).toEqual(['new_vehicle_3d', 'new_vehicle_7d']);
    expect(shiftDay('2026-01-31', { months: 1 })).toBe('2026-02-28');
  });
});

describe('who makes the calls', () => {
  it('is the selling dealer by default, the hotline once an admin says so, and the hotline for a car without one', async () => {
    const denied = await dealerB.request('PUT', `/api/admin/dealers/${fixture.dealerB.id}/campaign-callbacks`, { assignee: 'hotline' });
    expect(denied.status).toBe(403);
    const bad = await admin.request('PUT', `/api/admin/dealers/${fixture.dealerB.id}/campaign-callbacks`, { assignee: 'nobody' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const set = await admin.request('PUT', `/api/admin/dealers/${fixture.dealerB.id}/campaign-callbacks`, { assignee: 'hotline' });
    expect(set.status).toBe(200);
    expect(set.body.dealer).toEqual({ id: fixture.dealerB.id, campaignCallbacks: 'hotline' });
    const [change] = await server.query<{ before: unknown; after: unknown }>(`select before, after from config_changes where entity = 'dealer_campaign_callbacks' and entity_id = $1`, [fixture.dealerB.id]);
    expect(change).toMatchObject({ before: { campaignCallbacks: 'dealer' }, after: { campaignCallbacks: 'hotline' } });
    const listed = (await agent.get('/api/dealers')).body.items as Array<{ id: string; campaignCallbacks: string }>;
    expect(listed.find((dealer) => dealer.id === fixture.dealerB.id)?.campaignCallbacks).toBe('hotline');
    expect(listed.find((dealer) => dealer.id === fixture.dealerA.id)?.campaignCallbacks).toBe('dealer');

    const soldByB = await car(daysAgo(3), fixture.dealerB.id);
    const soldByNobody = await car(daysAgo(3), null);
    const soldByA = await car(daysAgo(3));
    await generateCampaignCallbacks(server.database.db);
    expect(await one(soldByB)).toMatchObject({ assignee_type: 'hotline', dealer_id: fixture.dealerB.id });
    expect(await one(soldByNobody)).toMatchObject({ assignee_type: 'hotline', dealer_id: null });
    expect(await one(soldByA)).toMatchObject({ assignee_type: 'dealer', dealer_id: fixture.dealerA.id });
  });
});

describe('recording campaign calls', () => {
  it('closes a reached, content customer as done (the dealer records its own call)', async () => {
    const task = await threeDayCall();
    const recorded = await dealerA.post(`/api/campaign-callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 5, solved: true, comment: '用车正常' });
    expect(recorded.status).toBe(201);
    expect(recorded.body.task).toMatchObject({ id: task.id, status: 'done', attempts: 1, satisfaction: 5 });
    const detail = await dealerA.get(`/api/campaign-callbacks/${task.id}`);
    expect(detail.body.task).toMatchObject({ status: 'done', vehicle: { model: 'Model C' }, customer: { phone: fixture.customer.phone } });
    expect(detail.body.task.attempts).toEqual([expect.objectContaining({ attempt: 1, result: 'reached', satisfaction: 5, comment: '用车正常' })]);
    // Recorded once: a second answer on the settled call, or on a stale version, is refused.
    expect((await dealerA.post(`/api/campaign-callbacks/${task.id}/attempts`, { version: task.version + 1, result: 'busy' })).status).toBe(409);
    expect((await dealerA.post(`/api/campaign-callbacks/${task.id}/attempts`, { version: task.version, result: 'busy' })).status).toBe(409);
  });

  it('flags an unhappy customer for follow-up (a reason is required), on the hotline’s calls by the front line', async () => {
    const task = await threeDayCall(null);
    const noReason = await agent.post(`/api/campaign-callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 2, solved: true });
    expect(noReason.status).toBe(400);
    const unknownReason = await agent.post(`/api/campaign-callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 2, solved: true, reasonCode: 'no_such' });
    expect(unknownReason.status).toBe(422);
    expect(unknownReason.body.error.code).toBe('UNKNOWN_REFERENCE');
    const recorded = await agent.post(`/api/campaign-callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 2, solved: false, reasonCode: 'attitude' });
    expect(recorded.status).toBe(201);
    expect(recorded.body.task).toMatchObject({ status: 'follow_up', reasonCode: 'attitude', solved: false });
    const flagged = await agent.get('/api/campaign-callbacks?status=follow_up&assignee=hotline');
    expect(flagged.body.items.map((item: { id: string }) => item.id)).toContain(task.id);
    expect(flagged.body.counts.followUp).toBeGreaterThanOrEqual(1);
  });

  it('tries again after a failed call and gives up after the third over two working days', async () => {
    const task = await threeDayCall();
    const monday = (hour: number, day = 7) => new Date(`2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`);
    const call = async (version: number, at: Date) =>
      recordCampaignAttempt({ db: server.database.db, actor: dealerActor, taskId: task.id, request: { version, result: 'no_answer' }, now: at });
    const first = await call(1, monday(10));
    expect(first.task).toMatchObject({ status: 'open', attempts: 1 });
    expect(first.task.nextAttemptAt.getTime()).toBeGreaterThan(monday(10).getTime());
    const second = await call(2, monday(14));
    expect(second.task.status).toBe('open');
    const third = await call(3, monday(10, 8));
    expect(third.task).toMatchObject({ status: 'unreachable', attempts: 3 });
    expect(third.task.completedAt).toEqual(monday(10, 8));
  });

  it('lets the front line read but not make a dealer’s call', async () => {
    const task = await threeDayCall();
    expect((await agent.get(`/api/campaign-callbacks/${task.id}`)).body.task.customer.phone).toContain('****');
    const refused = await agent.post(`/api/campaign-callbacks/${task.id}/attempts`, { version: task.version, result: 'busy' });
    expect(refused.status).toBe(403);
    await expect(recordCampaignAttempt({ db: server.database.db, actor: agentActor, taskId: task.id, request: { version: task.version, result: 'busy' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('dealer scoping', () => {
  it('shows a dealer only the calls it makes; another dealer’s call is not found, to read or to record', async () => {
    const task = await threeDayCall();
    const mine = await dealerA.get('/api/campaign-callbacks?limit=200');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: { id: string }) => item.id)).toContain(task.id);
    expect(mine.body.items.every((item: { assigneeType: string; dealerId: string }) => item.assigneeType === 'dealer' && item.dealerId === fixture.dealerA.id)).toBe(true);
    // Asking for another dealer's calls by filter changes nothing: the scope is the user's dealer.
    const others = await dealerB.get(`/api/campaign-callbacks?limit=200&dealerId=${fixture.dealerA.id}`);
    expect(others.body.items).toEqual([]);
    expect((await dealerB.get(`/api/campaign-callbacks/${task.id}`)).status).toBe(404);
    const recorded = await dealerB.post(`/api/campaign-callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 5, solved: true });
    expect(recorded.status).toBe(404);
    expect((await one(task.vehicle_id)).status).toBe('open');
  });

  it('filters by kind, assignee and due time, and refuses a bad filter', async () => {
    const hotline = await agent.get('/api/campaign-callbacks?assignee=hotline&kind=new_vehicle_3d&limit=200');
    expect(hotline.body.items.length).toBeGreaterThan(0);
    expect(hotline.body.items.every((item: { assigneeType: string; kind: string }) => item.assigneeType === 'hotline' && item.kind === 'new_vehicle_3d')).toBe(true);
    const past = await agent.get(`/api/campaign-callbacks?dueBefore=${encodeURIComponent('2000-01-01T00:00:00Z')}`);
    expect(past.body.items).toEqual([]);
    expect((await agent.get('/api/campaign-callbacks?kind=resolution')).status).toBe(400);
    expect((await agent.get('/api/campaign-callbacks?dueBefore=tomorrow')).status).toBe(400);
    // The resolution queue does not mix campaign calls in.
    expect((await agent.get('/api/callbacks?limit=200')).body.items.every((item: { ticketId: string | null }) => item.ticketId !== null)).toBe(true);
  });
});

describe('the campaign calls’ audit trail', () => {
  it('refuses to edit or delete a campaign event (append-only)', async () => {
    await expect(server.query(`update callback_task_events set payload = '{}'`)).rejects.toThrow(/append-only/);
    await expect(server.query(`delete from callback_task_events`)).rejects.toThrow(/append-only/);
  });

  it('detects an edited attempt, a moved task, an edited event and a deleted last event, and names the task', async () => {
    const campaignProblems = async () => (await verifyAllAudits(server.database.db)).problems.filter((problem) => problem.number.startsWith('campaign:'));
    const edited = await threeDayCall();
    await dealerA.post(`/api/campaign-callbacks/${edited.id}/attempts`, { version: edited.version, result: 'reached', satisfaction: 2, solved: true, reasonCode: 'attitude' });
    const moved = await threeDayCall();
    const rewritten = await threeDayCall();
    const shortened = await threeDayCall();
    await dealerA.post(`/api/campaign-callbacks/${shortened.id}/attempts`, { version: shortened.version, result: 'busy' });
    const before = await verifyAllAudits(server.database.db);
    expect(before.campaignTasks).toBeGreaterThanOrEqual(4);
    expect(await campaignProblems()).toEqual([]);

    // The dealer's unhappy answer made happy, its task too; a call moved to another dealer.
    await server.query(`update callback_attempts set satisfaction = 5 where task_id = $1`, [edited.id]);
    await server.query(`update callback_tasks set dealer_id = $2 where id = $1`, [moved.id, fixture.dealerB.id]);
    await server.query('alter table callback_task_events disable trigger callback_task_events_append_only');
    try {
      await server.query(`update callback_task_events set payload = payload || '{"dueDay":"2000-01-01"}' where task_id = $1`, [rewritten.id]);
      await server.query(`delete from callback_task_events where task_id = $1 and sequence = 2`, [shortened.id]);
    } finally {
      await server.query('alter table callback_task_events enable trigger callback_task_events_append_only');
    }
    const problems = await campaignProblems();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ticketId: edited.id, problem: 'field_mismatch', table: 'callback_attempts', field: 'satisfaction', expected: '2', actual: '5' }),
        expect.objectContaining({ ticketId: moved.id, problem: 'field_mismatch', table: 'callback_tasks', field: 'dealerId', expected: fixture.dealerA.id, actual: fixture.dealerB.id }),
        expect.objectContaining({ ticketId: rewritten.id, problem: 'hash_mismatch', sequence: 1 }),
        expect.objectContaining({ ticketId: shortened.id, problem: 'head_mismatch' }),
      ]),
    );
    expect(new Set(problems.map((problem) => problem.ticketId))).toEqual(new Set([edited.id, moved.id, rewritten.id, shortened.id]));
  });

  it('names, against a signed checkpoint, a call deleted with its whole chain and one whose chain was cut back with its head', async () => {
    const gone = await threeDayCall();
    const cut = await threeDayCall();
    await dealerA.post(`/api/campaign-callbacks/${cut.id}/attempts`, { version: cut.version, result: 'busy' });
    const dir = mkdtempSync(join(tmpdir(), 'careline-checkpoints-'));
    try {
      const keys = auditKeys();
      const summary = await writeCheckpoint(server.database.db, { keys, dir });
      const stored = await readCheckpoint(dir, summary.id, keys.publicKey);
      expect(stored?.valid).toBe(true);
      const entries = [...(stored!.body!.campaignTasks ?? [])].sort((a, b) => (a.ticketId < b.ticketId ? -1 : 1));
      expect(entries.map((entry) => entry.ticketId)).toEqual(expect.arrayContaining([gone.id, cut.id]));

      await server.query('alter table callback_task_events disable trigger callback_task_events_append_only');
      try {
        await server.query(`delete from callback_attempts where task_id = $1`, [gone.id]);
        await server.query(`delete from callback_task_events where task_id = $1`, [gone.id]);
        await server.query(`delete from callback_tasks where id = $1`, [gone.id]);
        await server.query(`delete from callback_task_events where task_id = $1 and sequence = 2`, [cut.id]);
        await server.query(
          `update callback_tasks set audit_event_count = 1, audit_head_hash = (select hash from callback_task_events where task_id = $1 and sequence = 1) where id = $1`,
          [cut.id],
        );
      } finally {
        await server.query('alter table callback_task_events enable trigger callback_task_events_append_only');
      }
      const ours = (problems: Array<{ ticketId: string }>) => problems.filter((problem) => problem.ticketId === gone.id || problem.ticketId === cut.id);
      // Without the checkpoint a call deleted with all its events leaves nothing to find.
      expect(ours((await verifyAllAudits(server.database.db)).problems).filter((problem) => problem.ticketId === gone.id)).toEqual([]);
      expect(ours((await verifyAllAudits(server.database.db, { campaignCheckpoint: entries })).problems)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ticketId: gone.id, problem: 'ticket_missing', number: expect.stringMatching(/^campaign:new_vehicle_3d:/) }),
          expect.objectContaining({ ticketId: cut.id, problem: 'chain_shortened', expected: '2', actual: '1' }),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
