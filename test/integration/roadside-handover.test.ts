import { trackingTokenOf, verifyTicketAudit } from '@careline/shared/server';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { type Fixtures, fixtures } from '../helpers/factories';
import { ROADSIDE_INCIDENT, createRoadsideTicket, onlyRescueProviders } from '../helpers/roadside';
import { startSmtpSink } from '../helpers/smtp-sink';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';
import { waitFor } from '../helpers/wait-for';

/**
 * Roadside offers, continued: the admin's time limit for new offers, the providers weighed again at each next offer
 * (current load), a rescue dispatched by hand (a job the dealer progresses), and offers withdrawn by a dispatch by
 * hand counted as withdrawn in the figures.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let admin: ApiClient;
let supervisor: ApiClient;
let qa: ApiClient;
let providerA: ApiClient;
let providerB: ApiClient;
let dealerC: { id: string };
let serviceOnly: { id: string };
let workers: RunningWorkers | null = null;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

const INCIDENT = ROADSIDE_INCIDENT;

const createRoadside = (overrides: Record<string, unknown> = {}) => createRoadsideTicket(agent, overrides);

async function offersOf(ticketId: string) {
  return server.query<{ id: string; dealer_id: string; status: string; offered_at: Date; due_at: Date }>(
    `select id, dealer_id, status, offered_at, due_at from roadside_offers where ticket_id = $1 order by round`,
    [ticketId],
  );
}

const roadsideOf = (ticketId: string) => agent.get(`/api/tickets/${ticketId}/roadside`);
const versionOf = async (ticketId: string) => (await agent.get(`/api/tickets/${ticketId}`)).body.ticket.version as number;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  sink = await startSmtpSink();
  // Three rescue providers, always open, on a line north of the incident: A beside it, B some 14 km by road, C some
  // 29 km. Everybody else has no rescue.
  await onlyRescueProviders(server, [
    { id: fixture.dealerA.id, lat: INCIDENT.lat + 0.01, lng: INCIDENT.lng },
    { id: fixture.dealerB.id, lat: INCIDENT.lat + 0.1, lng: INCIDENT.lng },
  ]);
  [dealerC] = await server.query<{ id: string }>(
    `update dealers set capabilities = array_append(capabilities, 'rescue'), lat = $3, lng = $4, calendar_id = null
     where id = (select id from dealers where active and id not in ($1, $2) order by code limit 1) returning id`,
    [fixture.dealerA.id, fixture.dealerB.id, INCIDENT.lat + 0.2, INCIDENT.lng],
  );
  [serviceOnly] = await server.query<{ id: string }>(
    `select id from dealers where active and not ('rescue' = any(capabilities)) and id not in ($1, $2, $3) order by code limit 1`,
    [fixture.dealerA.id, fixture.dealerB.id, dealerC.id],
  );
  agent = await signedIn(server, 'agent');
  admin = await signedIn(server, 'admin');
  supervisor = await signedIn(server, 'supervisor');
  qa = await signedIn(server, 'qa');
  providerA = await signedIn(server, fixture.dealerA.username);
  providerB = await signedIn(server, fixture.dealerB.username);
  workers = await startTestWorkers(server, sink.url);
});

beforeEach(async () => {
  await server.query(`delete from roadside_offers`);
  await server.query(`delete from roadside_jobs`);
  await server.query(`delete from roadside_settings`);
});

afterAll(async () => {
  await server?.query(`delete from roadside_settings`);
  await workers?.close();
  await sink?.close();
  await server?.close();
});

describe('the offer time limit (admin setting)', () => {
  it('is the environment’s until an admin sets it; new offers get the setting, running ones keep their due time', async () => {
    const before = await admin.get('/api/admin/roadside-settings');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ source: 'environment', offerSeconds: before.body.environmentOfferSeconds, updatedAt: null });

    const running = await createRoadside();
    const [runningOffer] = await offersOf(running.id);
    expect(new Date(runningOffer.due_at).getTime() - new Date(runningOffer.offered_at).getTime()).toBe(before.body.environmentOfferSeconds * 1000);

    const saved = await admin.request('PUT', '/api/admin/roadside-settings', { offerSeconds: 45 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ offerSeconds: 45, source: 'setting' });
    expect((await supervisor.get('/api/admin/roadside-settings')).body).toMatchObject({ offerSeconds: 45, source: 'setting' });

    const fresh = await createRoadside();
    const [freshOffer] = await offersOf(fresh.id);
    expect(new Date(freshOffer.due_at).getTime() - new Date(freshOffer.offered_at).getTime()).toBe(45_000);
    expect((await roadsideOf(fresh.id)).body.job.offerSeconds).toBe(45);
    // The offer already out keeps its deadline.
    const [unchanged] = await offersOf(running.id);
    expect(new Date(unchanged.due_at).getTime()).toBe(new Date(runningOffer.due_at).getTime());

    // Recorded in the configuration history, from the environment's (null) to 45.
    const history = await admin.get('/api/admin/audit-log?entity=roadside_settings');
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({ entity: 'roadside_settings', action: 'update', before: { offerSeconds: null }, after: { offerSeconds: 45 } });

    // Cleared: back to the environment's.
    const cleared = await admin.request('PUT', '/api/admin/roadside-settings', { offerSeconds: null });
    expect(cleared.body).toMatchObject({ source: 'environment', offerSeconds: before.body.environmentOfferSeconds });
  });

  it('refuses a limit outside 30–3600 s with a clear 400 in Chinese or English, and anyone but an admin', async () => {
    for (const offerSeconds of [29, 3601, 60.5, '60']) {
      const answer = await admin.request('PUT', '/api/admin/roadside-settings', { offerSeconds });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error.details.issues[0].path).toBe('offerSeconds');
    }
    const english = await admin.request('PUT', '/api/admin/roadside-settings', { offerSeconds: 10 }, { 'accept-language': 'en' });
    expect(english.body.error.details.issues[0].message).toMatch(/30/);
    const chinese = await admin.request('PUT', '/api/admin/roadside-settings', { offerSeconds: 10 });
    expect(chinese.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await supervisor.request('PUT', '/api/admin/roadside-settings', { offerSeconds: 60 })).status).toBe(403);
    expect((await agent.get('/api/admin/roadside-settings')).status).toBe(403);
    expect((await admin.get('/api/admin/roadside-settings')).body.source).toBe('environment');
  });
});

describe('weighing again at each offer', () => {
  it('ranks the remaining providers with their load now: one that took a job since drops below another', async () => {
    const ticket = await createRoadside();
    let rescue = (await roadsideOf(ticket.id)).body;
    // At creation: A, then B (nearer than C), nobody loaded.
    expect(rescue.candidates.filter((entry: { rank: number | null }) => entry.rank !== null).map((entry: { dealerId: string }) => entry.dealerId)).toEqual([fixture.dealerA.id, fixture.dealerB.id, dealerC.id]);

    // Meanwhile B takes a rescue by hand: a job in hand weighs 20 minutes, more than the 14 km between B and C.
    const held = await createRoadside({ dispatch: 'hold', subject: '另一起救援' });
    expect((await agent.post(`/api/tickets/${held.id}/dispatch`, { version: held.version, dealerId: fixture.dealerB.id })).status).toBe(200);

    const [first] = await offersOf(ticket.id);
    expect((await providerA.post(`/api/roadside/offers/${first.id}/decline`, { reason: 'no_truck_available' })).status).toBe(200);
    const offers = await offersOf(ticket.id);
    expect(offers.map((offer) => offer.dealer_id)).toEqual([fixture.dealerA.id, dealerC.id]);

    rescue = (await roadsideOf(ticket.id)).body;
    const ranked = (ranking: Array<{ dealerId: string; rank: number | null; activeJobs: number }>) => ranking.filter((entry) => entry.rank !== null).map((entry) => [entry.dealerId, entry.activeJobs]);
    // Each offer keeps the ranking it was based on; the job shows the latest (A, offered before, left out).
    expect(ranked(rescue.offers[0].ranking)).toEqual([[fixture.dealerA.id, 0], [fixture.dealerB.id, 0], [dealerC.id, 0]]);
    expect(ranked(rescue.offers[1].ranking)).toEqual([[dealerC.id, 0], [fixture.dealerB.id, 1]]);
    expect(ranked(rescue.candidates)).toEqual([[dealerC.id, 0], [fixture.dealerB.id, 1]]);
    expect(rescue.offers[1].ranking[0].dealer).toMatchObject({ id: dealerC.id });
    // The offer's event says what it was based on.
    const [offered] = await server.query<{ payload: { providerId: string; activeJobs: number; rank: number } }>(
      `select payload from ticket_events where ticket_id = $1 and type = 'roadside_offered' order by sequence desc limit 1`,
      [ticket.id],
    );
    expect(offered.payload).toMatchObject({ providerId: dealerC.id, rank: 1, activeJobs: 0 });
    // The provider reads none of it.
    const ownView = await (await signedIn(server, fixture.dealerA.username)).get(`/api/tickets/${ticket.id}/roadside`);
    expect(ownView.status).toBe(404);
  });
});

describe('a rescue dispatched by hand', () => {
  it('gives a held roadside ticket’s dealer an accepted job it progresses from its phone list, on the chain, on the tracking page', async () => {
    const ticket = await createRoadside({ dispatch: 'hold' });
    expect((await roadsideOf(ticket.id)).status).toBe(404);
    // Held, the driver waits all the same: the hotline's clock to find a provider runs from the call.
    const rescueClocks = () =>
      server.query<{ clock: string; owner_id: string | null; met: boolean }>(
        `select clock, owner_id, met_at is not null as met from sla_milestones where ticket_id = $1 and clock like 'rescue_%' order by started_at, clock`,
        [ticket.id],
      );
    expect(await rescueClocks()).toEqual([{ clock: 'rescue_accept', owner_id: null, met: false }]);
    const dispatched = await agent.post(`/api/tickets/${ticket.id}/dispatch`, { version: ticket.version, dealerId: fixture.dealerA.id });
    expect(dispatched.status).toBe(200);
    expect(await rescueClocks()).toEqual([
      { clock: 'rescue_accept', owner_id: null, met: true },
      { clock: 'rescue_arrive', owner_id: fixture.dealerA.id, met: false },
    ]);

    const rescue = (await roadsideOf(ticket.id)).body;
    expect(rescue.job).toMatchObject({ status: 'accepted', provider: { id: fixture.dealerA.id }, etaAt: null, distanceKnown: true });
    expect(rescue.offers).toEqual([expect.objectContaining({ round: 1, status: 'assigned', dealer: expect.objectContaining({ id: fixture.dealerA.id }), ranking: [] })]);

    // The provider finds it in its list with the steps it may take, and reports them.
    const listed = (await providerA.get('/api/roadside/offers')).body.items.find((item: { ticket: { id: string } }) => item.ticket.id === ticket.id);
    expect(listed).toMatchObject({ status: 'assigned', secondsLeft: null, job: { status: 'accepted', nextSteps: ['en_route', 'cancelled'] } });
    expect((await providerB.get('/api/roadside/offers')).body.items.some((item: { ticket: { id: string } }) => item.ticket.id === ticket.id)).toBe(false);
    const jobId = listed.job.id as string;
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'en_route', etaMinutes: 20 })).status).toBe(404);
    expect((await providerA.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'en_route', etaMinutes: 20 })).status).toBe(200);

    // The customer's tracking page shows the rescue on its way.
    const link = await waitFor(async () => (await server.query<{ id: string }>(`select id from tracking_links where ticket_id = $1`, [ticket.id]))[0], 'the tracking link');
    const view = (await new ApiClient(server.url).get(`/api/track/${trackingTokenOf(link.id)}`)).body;
    expect(view.roadside).toMatchObject({ step: { code: 'en_route' }, provider: { name: expect.any(Object) }, etaAt: expect.any(String) });

    expect((await providerA.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'arrived' })).status).toBe(200);
    expect((await rescueClocks()).map((clock) => clock.met)).toEqual([true, true]);
    expect((await providerA.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'completed' })).status).toBe(200);
    const types = (await server.query<{ type: string }>(`select type from ticket_events where ticket_id = $1 order by sequence`, [ticket.id])).map((row) => row.type);
    expect(types).toEqual(['created', 'dispatched', 'roadside_assigned', 'roadside_progress', 'roadside_progress', 'roadside_progress']);
    const audit = await verifyTicketAudit(server.database.db, ticket.id);
    expect(audit?.problems).toEqual([]);
    // The assignment names the providers: the hotline's reading, not the dealer's timeline.
    const ownTimeline = await providerA.get(`/api/tickets/${ticket.id}/events`);
    expect(ownTimeline.status).toBe(200);
    expect(JSON.stringify(ownTimeline.body)).toContain('roadside_progress');
    expect(JSON.stringify(ownTimeline.body)).not.toContain('roadside_assigned');
    expect(JSON.stringify((await agent.get(`/api/tickets/${ticket.id}/events`)).body)).toContain('roadside_assigned');
  });

  it('takes the rescue from the offers: the pending offer is withdrawn and the hand-picked dealer holds the job', async () => {
    const ticket = await createRoadside();
    const [pending] = await offersOf(ticket.id);
    expect(pending).toMatchObject({ dealer_id: fixture.dealerA.id, status: 'pending' });
    expect((await agent.post(`/api/tickets/${ticket.id}/dispatch`, { version: await versionOf(ticket.id), dealerId: fixture.dealerB.id })).status).toBe(200);
    expect((await offersOf(ticket.id)).map((offer) => [offer.dealer_id, offer.status])).toEqual([
      [fixture.dealerA.id, 'withdrawn'],
      [fixture.dealerB.id, 'assigned'],
    ]);
    expect((await roadsideOf(ticket.id)).body.job).toMatchObject({ status: 'accepted', provider: { id: fixture.dealerB.id } });
    const accept = await providerA.post(`/api/roadside/offers/${pending.id}/accept`, { etaMinutes: 15 });
    expect(accept.body.error.code).toBe('OFFER_CLOSED');
    const [assigned] = await server.query<{ payload: Record<string, unknown> }>(`select payload from ticket_events where ticket_id = $1 and type = 'roadside_assigned'`, [ticket.id]);
    expect(assigned.payload).toMatchObject({ providerId: fixture.dealerB.id, from: 'offering', withdrawnOfferIds: [pending.id] });
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.problems).toEqual([]);
  });

  it('moves the rescue with a rejection’s reroute, and back to unassigned when the ticket is left on the supervisor board', async () => {
    const ticket = await createRoadside({ dispatch: 'hold' });
    expect((await agent.post(`/api/tickets/${ticket.id}/dispatch`, { version: ticket.version, dealerId: fixture.dealerA.id })).status).toBe(200);
    const reject = async (client: ApiClient) =>
      client.post(`/api/tickets/${ticket.id}/reject`, { version: await versionOf(ticket.id), reasonCode: 'wrong_region' });
    // A refuses: the rules send it to the nearest rescue dealer left, B, and the rescue goes with it.
    expect((await reject(providerA)).status).toBe(200);
    let rescue = (await roadsideOf(ticket.id)).body;
    expect(rescue.job).toMatchObject({ status: 'accepted', provider: { id: fixture.dealerB.id } });
    expect(rescue.offers.map((offer: { status: string; dealer: { id: string } }) => [offer.dealer.id, offer.status])).toEqual([
      [fixture.dealerA.id, 'assigned'],
      [fixture.dealerB.id, 'assigned'],
    ]);
    expect((await providerA.post(`/api/roadside/jobs/${rescue.job.id}/progress`, { status: 'en_route', etaMinutes: 20 })).status).toBe(404);
    // B refuses too, then C: the third rejection leaves the ticket on the supervisor board, and the job waits there too.
    expect((await reject(providerB)).status).toBe(200);
    const providerC = await signedIn(server, (await server.query<{ username: string }>(`select min(username) as username from users where dealer_id = $1`, [dealerC.id]))[0].username);
    expect((await roadsideOf(ticket.id)).body.job.provider).toMatchObject({ id: dealerC.id });
    expect((await reject(providerC)).status).toBe(200);
    rescue = (await roadsideOf(ticket.id)).body;
    expect(rescue.job).toMatchObject({ status: 'unassigned', provider: null });
    const types = (await server.query<{ type: string }>(`select type from ticket_events where ticket_id = $1 order by sequence`, [ticket.id])).map((row) => row.type);
    expect(types.filter((type) => type.startsWith('roadside_'))).toEqual(['roadside_assigned', 'roadside_assigned', 'roadside_assigned', 'roadside_unassigned']);
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.problems).toEqual([]);
  });

  it('refuses to give the rescue to a dealer without the rescue capability (422 DEALER_LACKS_RESCUE, Chinese or English)', async () => {
    const ticket = await createRoadside({ dispatch: 'hold' });
    const refused = await agent.post(`/api/tickets/${ticket.id}/dispatch`, { version: ticket.version, dealerId: serviceOnly.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('DEALER_LACKS_RESCUE');
    expect(refused.body.error.message).toBe('该经销商不具备道路救援能力，不能接手这次救援');
    const english = await agent.post(`/api/tickets/${ticket.id}/dispatch`, { version: ticket.version, dealerId: serviceOnly.id }, { 'accept-language': 'en' });
    expect(english.body.error.message).toBe('This dealer has no rescue capability and cannot take this rescue');
    // Nothing written: the ticket is still held, without a job.
    expect((await agent.get(`/api/tickets/${ticket.id}`)).body.ticket).toMatchObject({ status: 'new', version: ticket.version });
    expect((await roadsideOf(ticket.id)).status).toBe(404);
  });
});

describe('figures', () => {
  it('counts an offer withdrawn by a dispatch by hand or a cancellation as withdrawn, outside the acceptance rate', async () => {
    // 1. A's offer withdrawn by a dispatch by hand to B. 2. A's offer withdrawn by a cancellation. 3. A declines one.
    const handed = await createRoadside();
    expect((await agent.post(`/api/tickets/${handed.id}/dispatch`, { version: await versionOf(handed.id), dealerId: fixture.dealerB.id })).status).toBe(200);
    const cancelled = await createRoadside();
    expect((await agent.post(`/api/tickets/${cancelled.id}/cancel`, { version: await versionOf(cancelled.id), comment: '客户已自行解决' })).status).toBe(200);
    const declined = await createRoadside();
    const [offer] = await offersOf(declined.id);
    expect((await providerA.post(`/api/roadside/offers/${offer.id}/decline`, { reason: 'too_far' })).status).toBe(200);

    const report = await qa.get(`/api/reports/roadside?groupBy=provider&dealerId=${fixture.dealerA.id}`);
    expect(report.status).toBe(200);
    expect(report.body.total).toMatchObject({ offers: 3, accepted: 0, declined: 1, expired: 0, withdrawn: 2, pending: 0, acceptanceRate: 0 });
    // B's job given by hand is not an offer; the offer after A's decline went to C (B had that job in hand), still pending.
    const forB = await qa.get(`/api/reports/roadside?groupBy=provider&dealerId=${fixture.dealerB.id}`);
    expect(forB.body.total).toMatchObject({ offers: 0, accepted: 0, withdrawn: 0, pending: 0 });
    const forC = await qa.get(`/api/reports/roadside?groupBy=provider&dealerId=${dealerC.id}`);
    expect(forC.body.total).toMatchObject({ offers: 1, pending: 1, withdrawn: 0, acceptanceRate: null });
  });
});
