import { createHash } from 'node:crypto';
import type { Actor } from '@careline/shared';
import { acknowledgeTicket, closeTicket, createTicket, dispatchTicket, resolveTicket, verifyTicketAudit } from '@careline/shared/server';
import { actorOfUser, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * QA review (质检): a month's sample per dealer, drawn in a seeded order the test recomputes on its own, never drawing a
 * ticket twice; scorecards filled in and scored; scores per dealer (a dealer sees its own); one ticket's evidence pack.
 */
let server: TestServer;
let fixture: Fixtures;
let qa: ApiClient;
let agentActor: Actor;
const closedIn: Record<string, string[]> = {};

const cst = (local: string) => new Date(`${local}+08:00`);

/** A complaint for `dealerId`, worked and closed on `day` (October 2026 unless said otherwise). */
async function closedComplaint(dealerId: string, dealerActor: Actor, day: string) {
  const db = server.database.db;
  const { ticket } = await createTicket({
    db, actor: agentActor, now: cst(`${day}T09:00`),
    input: { type: 'complaint', channel: 'phone', categoryId: fixture.complaintCategory.id, contactName: '王芳', contactPhone: '13900001111', subject: '空调不制冷', description: '夏天空调出风不凉', dispatch: 'hold', priority: 'P3' } as never,
  });
  let row = await dispatchTicket({ db, actor: agentActor, ticketId: ticket.id, now: cst(`${day}T09:10`), request: { version: ticket.version, dealerId } });
  row = await acknowledgeTicket({ db, actor: dealerActor, ticketId: ticket.id, now: cst(`${day}T09:30`), request: { version: row.version } });
  row = await resolveTicket({ db, actor: dealerActor, ticketId: ticket.id, now: cst(`${day}T15:00`), request: { version: row.version } });
  await closeTicket({ db, actor: agentActor, ticketId: ticket.id, now: cst(`${day}T16:00`), request: { version: row.version } });
  return ticket.id;
}

/** The draw, recomputed here from its definition: SHA-256 of "<seed>:<ticket id>", ascending. */
const expectedOrder = (seed: string, ids: string[]) =>
  [...ids].sort((a, b) => {
    const ka = createHash('sha256').update(`${seed}:${a}`).digest('hex');
    const kb = createHash('sha256').update(`${seed}:${b}`).digest('hex');
    return ka < kb ? -1 : 1;
  });

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  qa = await signedIn(server, 'qa');
  agentActor = await actorOfUser(server, 'agent');
  for (const dealer of [fixture.dealerA, fixture.dealerB]) {
    const dealerActor = await actorOfUser(server, dealer.username);
    closedIn[dealer.id] = [];
    for (let day = 1; day <= 6; day += 1) closedIn[dealer.id].push(await closedComplaint(dealer.id, dealerActor, `2026-10-${String(day + 10).padStart(2, '0')}`));
    // Closed in another month: never a candidate for October.
    await closedComplaint(dealer.id, dealerActor, '2026-11-03');
  }
});

afterAll(() => server?.close());

describe('monthly sampling', () => {
  it('draws N closed tickets per dealer in the seeded order, adds to it on a larger N, and never draws a ticket twice', async () => {
    const dealerIds = [fixture.dealerA.id, fixture.dealerB.id];
    expect((await (await signedIn(server, 'agent')).post('/api/qa/samples', { month: '2026-10', perDealer: 3, dealerIds })).status).toBe(403);
    expect((await qa.post('/api/qa/samples', { month: '2026-13', perDealer: 3 })).status).toBe(400);
    expect((await qa.post('/api/qa/samples', { month: '2026-10', perDealer: 3, scorecardCode: 'NOPE' })).status).toBe(422);

    const first = await qa.post('/api/qa/samples', { month: '2026-10', perDealer: 3, seed: 'QA-2026-10', dealerIds });
    expect(first.status).toBe(201);
    expect(first.body.dealers).toEqual(dealerIds.map((dealerId) => ({ dealerId, candidates: 6, alreadySampled: 0, drawn: 3 })));
    const drawnFor = async (dealerId: string) =>
      (await qa.get(`/api/qa/reviews?month=2026-10&dealerId=${dealerId}`)).body.items.map((review: { ticketId: string }) => review.ticketId);
    for (const dealerId of dealerIds) expect(await drawnFor(dealerId)).toEqual(expectedOrder('QA-2026-10', closedIn[dealerId]).slice(0, 3));

    // The same N again draws nothing; a larger N adds the next ones of a new seed's order among those not drawn yet.
    const again = await qa.post('/api/qa/samples', { month: '2026-10', perDealer: 3, seed: 'QA-2026-10', dealerIds });
    expect(again.body.dealers.map((dealer: { drawn: number }) => dealer.drawn)).toEqual([0, 0]);
    const more = await qa.post('/api/qa/samples', { month: '2026-10', perDealer: 5, seed: 'second-pass', dealerIds: [fixture.dealerA.id] });
    expect(more.body.dealers).toEqual([{ dealerId: fixture.dealerA.id, candidates: 3, alreadySampled: 3, drawn: 2 }]);
    const drawnA = await drawnFor(fixture.dealerA.id);
    const firstThree = expectedOrder('QA-2026-10', closedIn[fixture.dealerA.id]).slice(0, 3);
    const rest = closedIn[fixture.dealerA.id].filter((id) => !firstThree.includes(id));
    expect(drawnA).toEqual([...firstThree, ...expectedOrder('second-pass', rest).slice(0, 2)]);
    expect(new Set(drawnA).size).toBe(5);
    const total = await server.query<{ n: string; distinct_tickets: string }>(`select count(*) as n, count(distinct ticket_id) as distinct_tickets from qa_reviews`);
    expect(total[0].n).toBe(total[0].distinct_tickets);

    // The draw is on the ticket's chain for the hotline, and not in the dealer's timeline.
    const agent = await signedIn(server, 'agent');
    const sampledEvents = (await agent.get(`/api/tickets/${drawnA[0]}/events`)).body.items.filter((event: { type: string }) => event.type === 'qa_sampled');
    expect(sampledEvents).toEqual([expect.objectContaining({ payload: expect.objectContaining({ seed: 'QA-2026-10', rank: 1, month: '2026-10' }) })]);
    const dealer = await signedIn(server, fixture.dealerA.username);
    const dealerEvents = (await dealer.get(`/api/tickets/${drawnA[0]}/events`)).body.items.map((event: { type: string }) => event.type);
    expect(dealerEvents).toContain('resolved');
    expect(dealerEvents).not.toContain('qa_sampled');
  });
});

describe('reviews and scores', () => {
  it('checks the answers against the scorecard, scores them, and aggregates per dealer and month', async () => {
    const pending = (await qa.get(`/api/qa/reviews?month=2026-10&dealerId=${fixture.dealerB.id}&status=pending`)).body.items;
    expect(pending).toHaveLength(3);
    const [first, second] = pending;
    expect(first.scorecard.items.map((item: { key: string }) => item.key)).toEqual(['contacted_in_time', 'solution_matches', 'customer_confirmed', 'record_quality']);

    const missing = await qa.request('PUT', `/api/qa/reviews/${first.id}`, { version: first.version, answers: { contacted_in_time: true } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
    expect(missing.body.error.details.issues).toEqual(
      expect.arrayContaining([{ path: 'answers.solution_matches', code: 'not_answered', message: '未作答' }]),
    );
    const wrongKind = await qa.request('PUT', `/api/qa/reviews/${first.id}`, {
      version: first.version, answers: { contacted_in_time: 1, solution_matches: true, customer_confirmed: true, record_quality: 6 },
    });
    expect(wrongKind.status).toBe(400);
    expect((await server.query(`select completed_at from qa_reviews where id = $1`, [first.id]))[0]).toEqual({ completed_at: null });

    // 30 + 30 + 0 (not confirmed) + 20 × (4 − 1) / 4 = 75.
    const done = await qa.request('PUT', `/api/qa/reviews/${first.id}`, {
      version: first.version, answers: { contacted_in_time: true, solution_matches: true, customer_confirmed: false, record_quality: 4 }, comment: '客户未确认',
    });
    expect(done.status).toBe(200);
    expect(done.body.review).toMatchObject({ score: 75, reviewerName: expect.any(String), comment: '客户未确认' });
    // 100.
    await qa.request('PUT', `/api/qa/reviews/${second.id}`, {
      version: second.version, answers: { contacted_in_time: true, solution_matches: true, customer_confirmed: true, record_quality: 5 },
    });
    expect((await qa.request('PUT', `/api/qa/reviews/${second.id}`, { version: second.version, answers: {} })).status).toBe(409);

    const scores = (await qa.get(`/api/qa/scores?month=2026-10&dealerId=${fixture.dealerB.id}`)).body.items;
    expect(scores).toEqual([
      expect.objectContaining({ dealerId: fixture.dealerB.id, sampled: 3, reviewed: 2, meanScore: 87.5, items: { contacted_in_time: 100, solution_matches: 100, customer_confirmed: 50, record_quality: 87.5 } }),
    ]);
    // The reports carry the mean of the reviewed tickets' scores (as a share of 100), per cell.
    const report = (await qa.get(`/api/reports/resolution?groupBy=dealer&dealerId=${fixture.dealerB.id}`)).body;
    expect(report.metrics.map((metric: { key: string }) => metric.key)).toContain('qaScore');
    expect(report.cells[0].metrics.qaScore).toBeCloseTo(0.875);
    const byMonth = (await qa.get(`/api/reports/resolution?groupBy=dealer,month&dealerId=${fixture.dealerB.id}`)).body.cells;
    expect(byMonth.map((cell: { keys: { month: string }; metrics: { qaScore: number | null } }) => [cell.keys.month, cell.metrics.qaScore])).toEqual([
      ['2026-10', 0.875],
      ['2026-11', null],
    ]);
    // A dealer reads its own standing only.
    const dealerB = await signedIn(server, fixture.dealerB.username);
    expect((await dealerB.get('/api/qa/scores?month=2026-10')).body.items.map((row: { dealerId: string }) => row.dealerId)).toEqual([fixture.dealerB.id]);
    const dealerA = await signedIn(server, fixture.dealerA.username);
    expect((await dealerA.get(`/api/qa/scores?dealerId=${fixture.dealerB.id}`)).body.items).toEqual([]);
    expect((await dealerA.get('/api/qa/reviews')).status).toBe(403);
  });

  it('keeps scorecards as configuration: QA edits them, with history and version checks', async () => {
    const created = await qa.post('/api/qa/scorecards', {
      code: 'ROADSIDE', nameZh: '救援质检卡', nameEn: 'Roadside review',
      items: [{ key: 'arrived_in_time', labelZh: '按时到达', labelEn: 'Arrived in time', kind: 'yes_no', weight: 1 }],
    });
    expect(created.status).toBe(201);
    const { code, nameZh, nameEn, items } = created.body.scorecard;
    const duplicate = await qa.post('/api/qa/scorecards', { code, nameZh, nameEn, items });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('DUPLICATE');
    const duplicateKeys = await qa.post('/api/qa/scorecards', {
      code: 'DUP', nameZh: 'x', nameEn: 'x',
      items: [{ key: 'a_b', labelZh: 'x', labelEn: 'x', kind: 'yes_no', weight: 1 }, { key: 'a_b', labelZh: 'y', labelEn: 'y', kind: 'scale', weight: 1 }],
    });
    expect(duplicateKeys.status).toBe(400);
    const id = created.body.scorecard.id;
    expect((await qa.request('PATCH', `/api/qa/scorecards/${id}`, { version: 9, active: false })).status).toBe(409);
    expect((await qa.request('PATCH', `/api/qa/scorecards/${id}`, { version: 1, active: false })).body.scorecard).toMatchObject({ active: false, version: 2 });
    const history = await server.query<{ action: string }>(`select action from config_changes where entity = 'qa_scorecard' and entity_id = $1 order by occurred_at`, [id]);
    expect(history.map((row) => row.action)).toEqual(['create', 'update']);
    expect((await qa.post('/api/qa/samples', { month: '2026-10', perDealer: 1, scorecardCode: 'ROADSIDE' })).status).toBe(422);
  });
});

describe('a ticket that changed hands before it closed', () => {
  it('is sampled and scored for the dealer that closed it; the dealer it left never sees the review', async () => {
    const db = server.database.db;
    const [dealerBActor, dealerAActor, supervisor] = await Promise.all([
      actorOfUser(server, fixture.dealerB.username), actorOfUser(server, fixture.dealerA.username), actorOfUser(server, 'supervisor'),
    ]);
    const { ticket } = await createTicket({
      db, actor: agentActor, now: cst('2026-09-10T09:00'),
      input: { type: 'complaint', channel: 'phone', categoryId: fixture.complaintCategory.id, contactName: '李雷', contactPhone: '13900002222', subject: '异响', description: '底盘异响', dispatch: 'hold', priority: 'P3' } as never,
    });
    let row = await dispatchTicket({ db, actor: agentActor, ticketId: ticket.id, now: cst('2026-09-10T09:10'), request: { version: ticket.version, dealerId: fixture.dealerB.id } });
    row = await acknowledgeTicket({ db, actor: dealerBActor, ticketId: ticket.id, now: cst('2026-09-10T09:30'), request: { version: row.version } });
    row = await dispatchTicket({ db, actor: supervisor, ticketId: ticket.id, now: cst('2026-09-10T11:00'), request: { version: row.version, dealerId: fixture.dealerA.id } });
    row = await acknowledgeTicket({ db, actor: dealerAActor, ticketId: ticket.id, now: cst('2026-09-10T11:30'), request: { version: row.version } });
    row = await resolveTicket({ db, actor: dealerAActor, ticketId: ticket.id, now: cst('2026-09-11T15:00'), request: { version: row.version } });
    await closeTicket({ db, actor: agentActor, ticketId: ticket.id, now: cst('2026-09-11T16:00'), request: { version: row.version } });

    const drawn = await qa.post('/api/qa/samples', { month: '2026-09', perDealer: 5, seed: 'moved', dealerIds: [fixture.dealerA.id, fixture.dealerB.id] });
    expect(drawn.body.dealers).toEqual([
      { dealerId: fixture.dealerA.id, candidates: 1, alreadySampled: 0, drawn: 1 },
      { dealerId: fixture.dealerB.id, candidates: 0, alreadySampled: 0, drawn: 0 },
    ]);
    const [review] = (await qa.get(`/api/qa/reviews?month=2026-09`)).body.items;
    expect(review).toMatchObject({ ticketId: ticket.id, dealerId: fixture.dealerA.id });
    await qa.request('PUT', `/api/qa/reviews/${review.id}`, {
      version: review.version, answers: { contacted_in_time: false, solution_matches: true, customer_confirmed: true, record_quality: 3 },
    });

    const dealerA = await signedIn(server, fixture.dealerA.username);
    expect((await dealerA.get('/api/qa/scores?month=2026-09')).body.items).toEqual([expect.objectContaining({ dealerId: fixture.dealerA.id, reviewed: 1 })]);
    const dealerB = await signedIn(server, fixture.dealerB.username);
    expect((await dealerB.get('/api/qa/scores?month=2026-09')).body.items).toEqual([]);
    expect((await dealerB.get(`/api/qa/scores?month=2026-09&dealerId=${fixture.dealerA.id}`)).body.items).toEqual([]);
    // The dealer's view of the history carries neither QA's draw nor its review (the hotline's own audit of the
    // dealer); the dealer it left no longer reads the ticket at all.
    const events = await dealerA.get(`/api/tickets/${ticket.id}/events`);
    expect(events.status).toBe(200);
    const types = events.body.items.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['acknowledged', 'resolved', 'closed']));
    expect(types.filter((type: string) => type.startsWith('qa_'))).toEqual([]);
    expect(JSON.stringify(events.body)).not.toContain(review.id);
    expect((await dealerB.get(`/api/tickets/${ticket.id}/events`)).status).toBe(404);
  });
});

describe('QA figures on the chain', () => {
  it('names a score edited in the database', async () => {
    const [review] = (await qa.get(`/api/qa/reviews?month=2026-10&dealerId=${fixture.dealerB.id}&status=done`)).body.items;
    await server.query(`update qa_reviews set score = 100 where id = $1`, [review.id]);
    const problems = (await verifyTicketAudit(server.database.db, review.ticketId))?.problems ?? [];
    expect(problems).toEqual([expect.objectContaining({ problem: 'field_mismatch', table: 'qa_reviews', rowId: review.id, field: 'score', expected: String(review.score), actual: '100' })]);
    await server.query(`update qa_reviews set score = $2 where id = $1`, [review.id, review.score]);
    expect((await verifyTicketAudit(server.database.db, review.ticketId))?.problems).toEqual([]);
  });
});

describe('evidence pack', () => {
  it('gives QA the ticket, every event, the chain’s verdict, the mails, the callbacks and the reviews in one answer', async () => {
    const [review] = (await qa.get(`/api/qa/reviews?month=2026-10&dealerId=${fixture.dealerB.id}&status=done`)).body.items;
    const pack = await qa.get(`/api/qa/tickets/${review.ticketId}/evidence`);
    expect(pack.status).toBe(200);
    expect(pack.body.ticket).toMatchObject({ id: review.ticketId, status: 'closed' });
    expect(pack.body.events.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['created', 'dispatched', 'acknowledged', 'resolved', 'callback_scheduled', 'closed', 'callback_cancelled', 'qa_sampled', 'qa_reviewed']),
    );
    expect(pack.body.verification).toMatchObject({ ok: true, events: pack.body.events.length });
    expect(pack.body.callbacks).toEqual([expect.objectContaining({ kind: 'resolution', status: 'cancelled', attempts: [] })]);
    expect(pack.body.qaReviews).toEqual([expect.objectContaining({ id: review.id, score: review.score })]);
    expect(Array.isArray(pack.body.mails)).toBe(true);
    expect(pack.body.generatedBy).toBeTruthy();

    expect((await (await signedIn(server, 'agent')).get(`/api/qa/tickets/${review.ticketId}/evidence`)).status).toBe(403);
    expect((await (await signedIn(server, fixture.dealerB.username)).get(`/api/qa/tickets/${review.ticketId}/evidence`)).status).toBe(403);
    expect((await qa.get('/api/qa/tickets/00000000-0000-4000-8000-000000000000/evidence')).status).toBe(404);
  });
});
