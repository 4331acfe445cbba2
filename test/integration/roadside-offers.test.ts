import { distanceKm, ROAD_FACTOR } from '@careline/shared';
import { recordSlaMoment, trackingTokenOf, verifyTicketAudit } from '@careline/shared/server';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { type Fixtures, fixtures } from '../helpers/factories';
import { ROADSIDE_INCIDENT, createRoadsideTicket, onlyRescueProviders, roadsideTicketBody } from '../helpers/roadside';
import { startSmtpSink } from '../helpers/smtp-sink';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';
import { waitFor } from '../helpers/wait-for';

/**
 * Roadside dispatch: the rescue providers ranked (distance, load, acceptance; closed ones skipped), offered one at a
 * time with a time limit, the answer or the timeout on the chain, the next provider at once, the supervisor board when
 * nobody is left, and the provider's progress under the rules — each provider seeing only its own offers.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let providerA: ApiClient;
let providerB: ApiClient;
let closedDealer: { id: string };
let workers: RunningWorkers | null = null;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

const INCIDENT = ROADSIDE_INCIDENT;
const originalOfferSeconds = process.env.ROADSIDE_OFFER_SECONDS;

const createRoadside = (overrides: Record<string, unknown> = {}) => createRoadsideTicket(agent, overrides);

async function eventTypes(ticketId: string): Promise<string[]> {
  return (await server.query<{ type: string }>(`select type from ticket_events where ticket_id = $1 order by sequence`, [ticketId])).map((row) => row.type);
}

const roadsideOf = (ticketId: string) => agent.get(`/api/tickets/${ticketId}/roadside`);
const pendingOfferOf = async (client: ApiClient) => (await client.get('/api/roadside/offers?status=pending')).body.items as Array<{ id: string; ticket: { id: string } }>;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  sink = await startSmtpSink();
  // Three rescue providers near the incident, nobody else: A right beside it, B a little farther, and C closest of
  // all but closed by its calendar now (a calendar with no opening hours), so it is skipped.
  await onlyRescueProviders(server, [
    { id: fixture.dealerA.id, lat: INCIDENT.lat + 0.01, lng: INCIDENT.lng },
    { id: fixture.dealerB.id, lat: INCIDENT.lat + 0.1, lng: INCIDENT.lng },
  ]);
  await server.query(`insert into calendars (id, code, name, weekly_hours, always_open) values (gen_random_uuid(), 'NEVER-OPEN', 'never open', '{}'::jsonb, false)`);
  [closedDealer] = await server.query<{ id: string }>(
    `update dealers set capabilities = array_append(capabilities, 'rescue'), lat = $3, lng = $4, calendar_id = (select id from calendars where code = 'NEVER-OPEN')
     where id = (select id from dealers where active and id not in ($1, $2) order by code limit 1) returning id`,
    [fixture.dealerA.id, fixture.dealerB.id, INCIDENT.lat, INCIDENT.lng],
  );
  agent = await signedIn(server, 'agent');
  providerA = await signedIn(server, fixture.dealerA.username);
  providerB = await signedIn(server, fixture.dealerB.username);
  workers = await startTestWorkers(server, sink.url);
});

// Each test starts from providers with no history: the ranking weighs earlier answers (acceptance rate) and jobs in hand.
beforeEach(async () => {
  await server.query(`delete from roadside_offers`);
  await server.query(`delete from roadside_jobs`);
});

afterEach(() => {
  if (originalOfferSeconds === undefined) delete process.env.ROADSIDE_OFFER_SECONDS;
  else process.env.ROADSIDE_OFFER_SECONDS = originalOfferSeconds;
});

afterAll(async () => {
  await workers?.close();
  await sink?.close();
  await server?.close();
});

describe('roadside offers', () => {
  it('ranks the open providers by road distance, skips the one closed by its calendar, and offers the best', async () => {
    const ticket = await createRoadside();
    expect(ticket.status).toBe('new');
    expect(ticket.details).toMatchObject({ roadsideType: 'flat_tyre', motorway: true, peopleOnBoard: 2, injured: false });
    const view = await roadsideOf(ticket.id);
    expect(view.status).toBe(200);
    expect(view.body.job).toMatchObject({ status: 'offering', distanceKnown: true, offerSeconds: 300 });
    const ranked = view.body.candidates.filter((candidate: { rank: number | null }) => candidate.rank !== null);
    expect(ranked.map((candidate: { dealerId: string }) => candidate.dealerId)).toEqual([fixture.dealerA.id, fixture.dealerB.id]);
    expect(ranked[0].roadKm).toBeLessThan(ranked[1].roadKm);
    expect(ranked[0].dealer.nameZh).toEqual(expect.any(String));
    expect(view.body.candidates.find((candidate: { dealerId: string }) => candidate.dealerId === closedDealer.id)).toMatchObject({ rank: null, skipped: 'closed_now' });
    expect(view.body.offers).toEqual([expect.objectContaining({ round: 1, status: 'pending', dealer: expect.objectContaining({ id: fixture.dealerA.id }) })]);
    expect(await eventTypes(ticket.id)).toEqual(['created', 'roadside_offered']);
    // The offered provider hears of it live, through the outbox.
    const [told] = await server.query<{ payload: { kind: string; dealerIds: string[] } }>(
      `select payload from outbox where ticket_id = $1 and topic = 'ticket.changed' and payload->>'kind' = 'roadside_offered' and payload->'dealerIds' ? $2`,
      [ticket.id, fixture.dealerA.id],
    );
    expect(told).toBeDefined();
  });

  it('says the distance is unknown when the incident has no coordinates', async () => {
    const ticket = await createRoadside({ location: { address: '某高速服务区附近' } });
    const view = await roadsideOf(ticket.id);
    expect(view.body.job.distanceKnown).toBe(false);
    expect(view.body.candidates.every((candidate: { roadKm: number | null }) => candidate.roadKm === null)).toBe(true);
  });

  it('makes an injury P1 and gives the agent the emergency numbers', async () => {
    const ticket = await createRoadside({ injured: true, roadsideType: 'accident' });
    expect(ticket.priority).toBe('P1');
    expect(ticket.details.emergencyNumbers).toEqual(['120', '122', '110']);
  });

  it('refuses malformed answers with a 400 and changes nothing', async () => {
    const ticket = await createRoadside();
    const [offer] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    for (const body of [{}, { etaMinutes: 0 }, { etaMinutes: 'soon' }, { etaMinutes: 30, extra: 1 }]) {
      const answer = await providerA.post(`/api/roadside/offers/${offer.id}/accept`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await providerA.post(`/api/roadside/offers/${offer.id}/decline`, { reason: 'other' })).status).toBe(400);
    expect((await providerA.post(`/api/roadside/offers/not-a-uuid/accept`, { etaMinutes: 30 })).status).toBe(400);
    expect((await agent.post('/api/tickets', roadsideTicketBody({ roadsideType: 'sinking' }))).status).toBe(400);
    expect((await roadsideOf(ticket.id)).body.offers).toEqual([expect.objectContaining({ status: 'pending' })]);
  });

  it('keeps another dealer out of the offer: not listed, not answerable, not readable', async () => {
    const ticket = await createRoadside();
    const [offer] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    expect(offer).toBeDefined();
    expect((await pendingOfferOf(providerB)).some((item) => item.ticket.id === ticket.id)).toBe(false);
    expect((await providerB.post(`/api/roadside/offers/${offer.id}/accept`, { etaMinutes: 20 })).status).toBe(404);
    expect((await providerB.post(`/api/roadside/offers/${offer.id}/decline`, { reason: 'too_far' })).status).toBe(404);
    expect((await providerB.get(`/api/tickets/${ticket.id}/roadside`)).status).toBe(404);
    expect((await providerB.get(`/api/tickets/${ticket.id}`)).status).toBe(404);
    // The hotline is not a provider.
    expect((await agent.get('/api/roadside/offers')).status).toBe(403);
  });

  it('offers the next provider on a decline; the acceptance dispatches the ticket to it; progress follows the rules', async () => {
    const ticket = await createRoadside();
    const [offerA] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    const declined = await providerA.post(`/api/roadside/offers/${offerA.id}/decline`, { reason: 'no_truck_available' });
    expect(declined.status).toBe(200);
    expect((await providerA.post(`/api/roadside/offers/${offerA.id}/accept`, { etaMinutes: 10 })).body.error.code).toBe('OFFER_CLOSED');
    const [offerB] = (await pendingOfferOf(providerB)).filter((item) => item.ticket.id === ticket.id);
    expect(offerB).toBeDefined();

    const accepted = await providerB.post(`/api/roadside/offers/${offerB.id}/accept`, { etaMinutes: 35 });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const jobId = accepted.body.jobId as string;
    const seen = await providerB.get(`/api/tickets/${ticket.id}`);
    expect(seen.body.ticket).toMatchObject({ status: 'acknowledged', responsibleDealer: { id: fixture.dealerB.id } });
    // B reads its own part of the chain only: its job and its offer, not the ranking nor A's decline.
    const own = await providerB.get(`/api/tickets/${ticket.id}/roadside`);
    expect(own.body.candidates).toEqual([]);
    expect(own.body.offers.map((offer: { id: string }) => offer.id)).toEqual([offerB.id]);
    expect(own.body.job.nextSteps).toEqual(['en_route', 'cancelled']);
    const timeline = (await providerB.get(`/api/tickets/${ticket.id}/events`)).body;
    const timelineTypes: string[] = timeline.items.map((event: { type: string }) => event.type);
    expect(timelineTypes).toContain('dispatched');
    expect(timelineTypes.some((type) => type.startsWith('roadside_offer'))).toBe(false);

    // Progress: no arrival before en route; A (not the provider) cannot report.
    const early = await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'arrived' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ROADSIDE_INVALID_STEP');
    expect((await providerA.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'en_route', etaMinutes: 20 })).status).toBe(404);
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'en_route', etaMinutes: 20, position: { lat: 30.05, lng: 120.0 } })).status).toBe(200);
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/position`, { lat: 30.02, lng: 120.0 })).status).toBe(204);
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'towing' })).status).toBe(409);
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'arrived' })).status).toBe(200);
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'towing', towDestinationDealerId: fixture.dealerB.id })).status).toBe(200);
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'completed' })).status).toBe(200);
    const after = await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'cancelled' });
    expect(after.status).toBe(409);
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/position`, { lat: 30.0, lng: 120.0 })).status).toBe(409);

    const view = await roadsideOf(ticket.id);
    expect(view.body.job).toMatchObject({ status: 'completed', provider: { id: fixture.dealerB.id }, towDestination: { id: fixture.dealerB.id }, etaMinutes: 20 });
    expect(view.body.offers.map((offer: { status: string }) => offer.status)).toEqual(['declined', 'accepted']);
    // (B's read of the full phone on its ticket page is chained too: customer_data_viewed.)
    expect((await eventTypes(ticket.id)).filter((type) => type !== 'customer_data_viewed')).toEqual([
      'created', 'roadside_offered', 'roadside_offer_declined', 'roadside_offered', 'roadside_offer_accepted', 'dispatched', 'acknowledged',
      'roadside_progress', 'roadside_progress', 'roadside_progress', 'roadside_progress',
    ]);
    const audit = await verifyTicketAudit(server.database.db, ticket.id);
    expect(audit?.problems).toEqual([]);
    // The acceptance was the ticket's first dispatch: the customer's tracking link goes out, worded for a rescue.
    const links = await server.query<{ reason: string }>(`select payload->>'reason' as reason from outbox where topic = 'tracking.link_requested' and ticket_id = $1`, [ticket.id]);
    expect(links).toEqual([{ reason: 'provider_accepted' }]);
  });

  it('shows the customer the rescue on the tracking page: provider, ETA, distance left, its steps; nothing else', async () => {
    const ticket = await createRoadside();
    const [offer] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    const accepted = await providerA.post(`/api/roadside/offers/${offer.id}/accept`, { etaMinutes: 30 });
    expect(accepted.status).toBe(200);
    // The SMS worker makes the link the acceptance asked for; the token is what the SMS carries.
    const link = await waitFor(
      async () => (await server.query<{ id: string }>(`select id from tracking_links where ticket_id = $1`, [ticket.id]))[0],
      'the tracking link',
    );
    const customer = new ApiClient(server.url);
    const page = async () => {
      const answer = await customer.get(`/api/track/${trackingTokenOf(link.id)}`);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const [provider] = await server.query<{ name_zh: string; lat: number; lng: number }>(`select name_zh, lat, lng from dealers where id = $1`, [fixture.dealerA.id]);
    let view = await page();
    expect(view.roadside).toMatchObject({ step: { code: 'accepted' }, provider: { name: { zh: provider.name_zh } }, etaAt: expect.any(String), distanceKm: null });
    // The next step is the rescue's, by the promised ETA, not the dealer's usual "confirms" or "contacts you".
    expect(view.nextStep).toEqual({ code: 'rescue_arrives', label: { zh: '救援人员到达您身边', en: 'The rescue team reaches you' }, dueAt: view.roadside.etaAt });

    const jobId = accepted.body.jobId as string;
    expect((await providerA.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'en_route', etaMinutes: 25 })).status).toBe(200);
    const position = { lat: INCIDENT.lat + 0.05, lng: INCIDENT.lng + 0.05 };
    expect((await providerA.post(`/api/roadside/jobs/${jobId}/position`, position)).status).toBe(204);
    view = await page();
    expect(view.roadside.step).toEqual({ code: 'en_route', label: { zh: '救援车辆正在赶来', en: 'The rescue vehicle is on its way' } });
    expect(view.roadside.distanceKm).toBe(Math.round(distanceKm(position, INCIDENT) * ROAD_FACTOR * 10) / 10);
    expect(view.roadside.positionAt).toEqual(expect.any(String));
    expect(view.timeline.filter((entry: { kind: string }) => entry.kind === 'rescue').map((entry: { label: { zh: string } }) => entry.label.zh)).toEqual(['救援车辆正在赶来']);

    expect((await providerA.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'arrived' })).status).toBe(200);
    view = await page();
    // Arrived: no ETA or distance any more.
    expect(view.roadside).toMatchObject({ step: { code: 'arrived' }, etaAt: null, distanceKm: null, positionAt: null });
    expect(view.nextStep.code).not.toMatch(/^rescue_/);
    // Nothing about the customer, the other providers or the ranking.
    const text = JSON.stringify(view);
    for (const hidden of ['13912345678', '李娜', '沪昆', 'candidates', 'offers', fixture.dealerB.id, fixture.dealerA.id, 'lat', 'lng']) expect(text).not.toContain(hidden);
  });

  it('shows an offer as withdrawn once the hotline dispatched the ticket by hand, and refuses its acceptance', async () => {
    const ticket = await createRoadside();
    const [offer] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    const dispatched = await agent.post(`/api/tickets/${ticket.id}/dispatch`, { version: ticket.version, dealerId: fixture.dealerB.id });
    expect(dispatched.status).toBe(200);
    const listed = (await providerA.get('/api/roadside/offers')).body.items.find((item: { id: string }) => item.id === offer.id);
    expect(listed).toMatchObject({ status: 'withdrawn', secondsLeft: null });
    const accept = await providerA.post(`/api/roadside/offers/${offer.id}/accept`, { etaMinutes: 15 });
    expect(accept.status).toBe(409);
    expect(accept.body.error.code).toBe('OFFER_CLOSED');
    const links = await server.query<{ reason: string }>(`select payload->>'reason' as reason from outbox where topic = 'tracking.link_requested' and ticket_id = $1`, [ticket.id]);
    expect(links).toEqual([{ reason: 'dispatched' }]);
  });

  it('ends the rescue when the hotline cancels the ticket: the job is cancelled, the provider can report nothing more', async () => {
    const ticket = await createRoadside();
    const [offer] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    const accepted = await providerA.post(`/api/roadside/offers/${offer.id}/accept`, { etaMinutes: 20 });
    const current = await agent.get(`/api/tickets/${ticket.id}`);
    expect((await agent.post(`/api/tickets/${ticket.id}/cancel`, { version: current.body.ticket.version, comment: '客户已自行解决' })).status).toBe(200);
    expect((await roadsideOf(ticket.id)).body.job.status).toBe('cancelled');
    const step = await providerA.post(`/api/roadside/jobs/${accepted.body.jobId}/progress`, { status: 'en_route', etaMinutes: 10 });
    expect(step.status).toBe(409);
    expect(step.body.error.code).toBe('ROADSIDE_INVALID_STEP');
  });

  it('lets a provider answer through its API key', async () => {
    const admin = await signedIn(server, 'admin');
    const issued = await admin.post('/api/admin/api-keys', { dealerId: fixture.dealerA.id, name: '救援调度系统' });
    expect(issued.status).toBe(201);
    const dms = new ApiClient(server.url, { 'x-api-key': issued.body.key });
    const ticket = await createRoadside();
    const [offer] = (await pendingOfferOf(dms)).filter((item) => item.ticket.id === ticket.id);
    expect((await dms.post(`/api/roadside/offers/${offer.id}/accept`, { etaMinutes: 25 })).status).toBe(200);
    expect((await roadsideOf(ticket.id)).body.job).toMatchObject({ status: 'accepted', provider: { id: fixture.dealerA.id } });
  });

  it('offers the next provider when the time runs out, and puts the ticket on the supervisor board when nobody is left', async () => {
    process.env.ROADSIDE_OFFER_SECONDS = '1';
    const ticket = await createRoadside();
    const types = await waitFor(async () => {
      const list = await eventTypes(ticket.id);
      return list.includes('roadside_unassigned') && list;
    }, 'the supervisor board');
    expect(types).toEqual(['created', 'roadside_offered', 'roadside_offer_expired', 'roadside_offered', 'roadside_offer_expired', 'roadside_unassigned', 'routed']);
    const view = await roadsideOf(ticket.id);
    expect(view.body.job.status).toBe('unassigned');
    expect(view.body.offers.map((offer: { status: string; dealer: { id: string } }) => [offer.dealer.id, offer.status])).toEqual([
      [fixture.dealerA.id, 'expired'],
      [fixture.dealerB.id, 'expired'],
    ]);
    const board = await agent.get('/api/tickets?queue=supervisor');
    expect(board.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
    const full = await agent.get(`/api/tickets/${ticket.id}`);
    expect(full.body.ticket.routing.decision.target).toEqual({ kind: 'supervisor_queue', reason: 'no_provider_accepted' });
    // The agent is told live: the change goes out through the outbox to the hotline's rooms.
    const [told] = await server.query(`select 1 from outbox where ticket_id = $1 and topic = 'ticket.changed' and payload->>'kind' = 'roadside_unassigned'`, [ticket.id]);
    expect(told).toBeDefined();
    const audit = await verifyTicketAudit(server.database.db, ticket.id);
    expect(audit?.problems).toEqual([]);
  });

  it('passes over a provider that has closed since the ranking was taken', async () => {
    const ticket = await createRoadside();
    const [offerA] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    await server.query(`update dealers set calendar_id = (select id from calendars where code = 'NEVER-OPEN') where id = $1`, [fixture.dealerB.id]);
    try {
      expect((await providerA.post(`/api/roadside/offers/${offerA.id}/decline`, { reason: 'too_far' })).status).toBe(200);
      expect((await roadsideOf(ticket.id)).body.job.status).toBe('unassigned');
      expect((await pendingOfferOf(providerB)).some((item) => item.ticket.id === ticket.id)).toBe(false);
    } finally {
      await server.query(`update dealers set calendar_id = null where id = $1`, [fixture.dealerB.id]);
    }
  });

  it('puts the ticket on the supervisor board at once when every provider declined', async () => {
    const ticket = await createRoadside();
    const [offerA] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    expect((await providerA.post(`/api/roadside/offers/${offerA.id}/decline`, { reason: 'too_far' })).status).toBe(200);
    const [offerB] = (await pendingOfferOf(providerB)).filter((item) => item.ticket.id === ticket.id);
    expect((await providerB.post(`/api/roadside/offers/${offerB.id}/decline`, { reason: 'other', text: '拖车在修' })).status).toBe(200);
    expect((await roadsideOf(ticket.id)).body.job.status).toBe('unassigned');
    const board = await agent.get('/api/tickets?queue=supervisor');
    expect(board.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
  });

  it('expires an offer long past its time at the reconciler, whatever became of its timer', async () => {
    const ticket = await createRoadside();
    // The offer's own row is what the reconciler reads (its 5-minute timer is still waiting in Redis).
    await server.query(`update roadside_offers set offered_at = now() - interval '10 minutes', due_at = now() - interval '5 minutes' where ticket_id = $1`, [ticket.id]);
    await workers!.reconcile();
    expect((await eventTypes(ticket.id)).slice(0, 4)).toEqual(['created', 'roadside_offered', 'roadside_offer_expired', 'roadside_offered']);
  });

  it('expires an offer made while no worker ran, its timer lost, once the workers start again', async () => {
    await workers?.close();
    workers = null;
    process.env.ROADSIDE_OFFER_SECONDS = '1';
    const ticket = await createRoadside();
    // As if the relay had handed the offer's row over and Redis then lost the timer: only the row's due time remains.
    await server.query(`update outbox set processed_at = now() where ticket_id = $1`, [ticket.id]);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await eventTypes(ticket.id)).toEqual(['created', 'roadside_offered']);
    workers = await startTestWorkers(server, sink.url);
    const types = await waitFor(async () => {
      const list = await eventTypes(ticket.id);
      return list.includes('roadside_offer_expired') && list;
    }, 'the offer to expire');
    expect(types.slice(0, 4)).toEqual(['created', 'roadside_offered', 'roadside_offer_expired', 'roadside_offered']);
  });
});

describe('the rescue’s SLA clocks (24×7)', () => {
  type Clock = { id: string; clock: string; owner_type: string; owner_id: string | null; started_at: Date; due_at: Date; met_at: Date | null; cancelled_at: Date | null };
  const clocksOf = (ticketId: string) =>
    server.query<Clock>(`select id, clock, owner_type, owner_id, started_at, due_at, met_at, cancelled_at from sla_milestones where ticket_id = $1 and clock like 'rescue_%' order by started_at, clock`, [ticketId]);
  const minutes = (clock: Clock) => (clock.due_at.getTime() - clock.started_at.getTime()) / 60_000;

  it('starts the hotline’s acceptance clock with the request, meets it at the acceptance, and the provider’s arrival clock at its arrival', async () => {
    const ticket = await createRoadside();
    const [policy] = await server.query<{ code: string }>(`select p.code from tickets t join sla_policies p on p.id = t.sla_policy_id where t.id = $1`, [ticket.id]);
    expect(policy).toEqual({ code: 'ROADSIDE' });
    const [searching] = await clocksOf(ticket.id);
    expect(searching).toMatchObject({ clock: 'rescue_accept', owner_type: 'hotline', owner_id: null, met_at: null });
    expect(minutes(searching)).toBe(15);

    const [offer] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    const accepted = await providerA.post(`/api/roadside/offers/${offer.id}/accept`, { etaMinutes: 25 });
    expect(accepted.status).toBe(200);
    const [met, arriving] = await clocksOf(ticket.id);
    expect(met).toMatchObject({ clock: 'rescue_accept', met_at: expect.any(Date) });
    expect(arriving).toMatchObject({ clock: 'rescue_arrive', owner_type: 'dealer', owner_id: fixture.dealerA.id, met_at: null });
    expect(minutes(arriving)).toBe(60);
    // The ticket page lists them with the others.
    const page = await agent.get(`/api/tickets/${ticket.id}`);
    expect(page.body.ticket.sla.milestones.map((milestone: { clock: string }) => milestone.clock)).toEqual(expect.arrayContaining(['rescue_accept', 'rescue_arrive']));

    const jobId = accepted.body.jobId as string;
    expect((await providerA.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'en_route', etaMinutes: 20 })).status).toBe(200);
    expect((await clocksOf(ticket.id))[1].met_at).toBeNull();
    expect((await providerA.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'arrived' })).status).toBe(200);
    expect((await clocksOf(ticket.id))[1].met_at).toEqual(expect.any(Date));
    // The clocks are vouched for by the chain like the others.
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.problems).toEqual([]);
    await server.query(`update sla_milestones set met_at = null where ticket_id = $1 and clock = 'rescue_arrive'`, [ticket.id]);
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.problems).not.toEqual([]);
  });

  it('escalates a rescue nobody accepted in time to the HQ supervisors, and keeps that from the provider who took it later', async () => {
    const ticket = await createRoadside();
    const [searching] = await clocksOf(ticket.id);
    const late = new Date(searching.due_at.getTime() + 1_000);
    expect(await recordSlaMoment(server.database.db, { milestoneId: searching.id, kind: 'breach', now: late })).toBe('recorded');
    const events = await server.query<{ type: string; payload: { clock?: string; recipients?: string[] } }>(
      `select type, payload from ticket_events where ticket_id = $1 and type in ('sla_breached', 'escalated') order by sequence`,
      [ticket.id],
    );
    expect(events).toEqual([
      { type: 'sla_breached', payload: expect.objectContaining({ clock: 'rescue_accept', ownerType: 'hotline' }) },
      { type: 'escalated', payload: expect.objectContaining({ clock: 'rescue_accept', level: 1, recipients: expect.arrayContaining(['hq_crm_supervisor']) }) },
    ]);
    const [row] = await server.query<{ escalation_level: number; breached_clocks: string[] }>(`select escalation_level, breached_clocks from tickets where id = $1`, [ticket.id]);
    expect(row).toEqual({ escalation_level: 1, breached_clocks: ['rescue_accept'] });
    await waitFor(async () => (await server.query(`select 1 from outbox where ticket_id = $1 and topic = 'sla.escalated'`, [ticket.id])).length === 1, 'the escalation mail in the outbox');

    // A provider accepting afterwards reads none of the hotline's search.
    const [offer] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    expect((await providerA.post(`/api/roadside/offers/${offer.id}/accept`, { etaMinutes: 25 })).status).toBe(200);
    const seen = (await providerA.get(`/api/tickets/${ticket.id}/events`)).body.items as Array<{ type: string; payload: { clock?: string } }>;
    expect(seen.some((event) => event.payload.clock === 'rescue_accept')).toBe(false);
    expect(seen.map((event) => event.type)).toContain('dispatched');
  });
});

describe('the rescue’s rows on the audit chain', () => {
  it('vouches for every offer and job row the figures read: an answer or a step edited in the database is named', async () => {
    const ticket = await createRoadside();
    const [offerA] = (await pendingOfferOf(providerA)).filter((item) => item.ticket.id === ticket.id);
    expect((await providerA.post(`/api/roadside/offers/${offerA.id}/decline`, { reason: 'too_far' })).status).toBe(200);
    const [offerB] = (await pendingOfferOf(providerB)).filter((item) => item.ticket.id === ticket.id);
    const accepted = await providerB.post(`/api/roadside/offers/${offerB.id}/accept`, { etaMinutes: 30 });
    const jobId = accepted.body.jobId as string;
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/progress`, { status: 'en_route', etaMinutes: 25 })).status).toBe(200);
    expect((await providerB.post(`/api/roadside/jobs/${jobId}/position`, { lat: 30.05, lng: 120.0 })).status).toBe(204);
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.problems).toEqual([]);

    // A provider's decline turned into an acceptance, and an arrival backdated to look on time: both named.
    await server.query(`update roadside_offers set status = 'accepted' where id = $1`, [offerA.id]);
    await server.query(`update roadside_jobs set arrived_at = now() - interval '1 hour' where id = $1`, [jobId]);
    const problems = (await verifyTicketAudit(server.database.db, ticket.id))!.problems as Array<{ table?: string; rowId?: string; field?: string | null }>;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'roadside_offers', rowId: offerA.id, field: 'status' }),
        expect.objectContaining({ table: 'roadside_jobs', rowId: jobId, field: 'arrivedAt' }),
      ]),
    );
  });

  it('vouches for the rows a cancellation ends', async () => {
    const ticket = await createRoadside();
    const cancelled = await agent.post(`/api/tickets/${ticket.id}/cancel`, { version: (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket.version, comment: '客户已自行解决' });
    expect(cancelled.status).toBe(200);
    const [job] = await server.query<{ status: string }>(`select status from roadside_jobs where ticket_id = $1`, [ticket.id]);
    expect(job.status).toBe('cancelled');
    expect((await verifyTicketAudit(server.database.db, ticket.id))?.problems).toEqual([]);
    await server.query(`update roadside_offers set status = 'pending' where ticket_id = $1`, [ticket.id]);
    expect((await verifyTicketAudit(server.database.db, ticket.id))!.problems).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'roadside_offers', field: 'status' })]));
  });
});
