import type { Actor } from '@careline/shared';
import { acceptRoadsideOffer, expireRoadsideOffer, recordRoadsideProgress } from '@careline/shared/server';
import { actorOfUser, type Fixtures, fixtures } from '../helpers/factories';
import { ROADSIDE_INCIDENT, roadsideTicketBody } from '../helpers/roadside';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Roadside figures (GET /api/reports/roadside): rescues built through the real commands — accepted, declined, timed
 * out, arrived late or on time, completed, gone on arrival, cancelled — counted per provider and per region; a dealer
 * reads its own figures only; malformed queries are refused with a code.
 *
 * The answers and arrivals are given explicit instants (the commands' `now`), so the times are known exactly.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let qa: ApiClient;
let providerA: ApiClient;
let actorA: Actor;
let actorB: Actor;
let startedAt: Date;

const INCIDENT = ROADSIDE_INCIDENT;
const originalOfferSeconds = process.env.ROADSIDE_OFFER_SECONDS;
const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

interface Offer {
  id: string;
  dealerId: string;
  offeredAt: Date;
  dueAt: Date;
}

async function createRoadside(): Promise<string> {
  const created = await agent.post('/api/tickets', roadsideTicketBody());
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  return created.body.ticket.id as string;
}

async function pendingOffer(ticketId: string): Promise<Offer> {
  const [row] = await server.query<{ id: string; dealer_id: string; offered_at: Date; due_at: Date }>(
    `select id, dealer_id, offered_at, due_at from roadside_offers where ticket_id = $1 and status = 'pending'`,
    [ticketId],
  );
  if (!row) throw new Error('no pending offer');
  return { id: row.id, dealerId: row.dealer_id, offeredAt: new Date(row.offered_at), dueAt: new Date(row.due_at) };
}

const db = () => server.database.db;

/** Accepts `afterSeconds` after the offer with an ETA; returns the job and the acceptance's instant. */
async function accept(offer: Offer, actor: Actor, afterSeconds: number, etaMinutes: number) {
  const at = plus(offer.offeredAt, afterSeconds);
  const { job } = await acceptRoadsideOffer({ db: db(), actor, now: at, offerId: offer.id, request: { etaMinutes } });
  return { jobId: job.id, at };
}

async function step(actor: Actor, jobId: string, status: 'en_route' | 'arrived' | 'completed' | 'gone_on_arrival' | 'cancelled', at: Date, etaMinutes?: number) {
  await recordRoadsideProgress({ db: db(), actor, now: at, jobId, request: { status, ...(etaMinutes ? { etaMinutes } : {}) } });
}

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  // Two rescue providers, always open: A right beside the incident (offered first), B far enough (some 140 km by road) that A stays first whatever its refusals.
  await server.query(`update calendars set always_open = true`);
  await server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
  await server.query(`update dealers set capabilities = array_append(capabilities, 'rescue'), lat = $2, lng = $3 where id = $1`, [fixture.dealerA.id, INCIDENT.lat + 0.01, INCIDENT.lng]);
  await server.query(`update dealers set capabilities = array_append(capabilities, 'rescue'), lat = $2, lng = $3 where id = $1`, [fixture.dealerB.id, INCIDENT.lat + 1.0, INCIDENT.lng]);
  await server.query(`delete from roadside_offers`);
  await server.query(`delete from roadside_jobs`);
  agent = await signedIn(server, 'agent');
  qa = await signedIn(server, 'qa');
  providerA = await signedIn(server, fixture.dealerA.username);
  actorA = await actorOfUser(server, fixture.dealerA.username);
  actorB = await actorOfUser(server, fixture.dealerB.username);
  startedAt = new Date(Date.now() - 1000);

  // 1. A accepts after 60 s promising 30 min, arrives after 40 min (10 min late), completes.
  {
    const offer = await pendingOffer(await createRoadside());
    const { jobId, at } = await accept(offer, actorA, 60, 30);
    await step(actorA, jobId, 'en_route', plus(at, 60));
    await step(actorA, jobId, 'arrived', plus(at, 40 * 60));
    await step(actorA, jobId, 'completed', plus(at, 80 * 60));
  }
  // 2. A declines; B accepts after 30 s promising 45 min (a later en-route ETA of 10 min does not change the promise),
  //    arrives after 20 min (25 min early), completes.
  {
    const ticketId = await createRoadside();
    const declined = await providerA.post(`/api/roadside/offers/${(await pendingOffer(ticketId)).id}/decline`, { reason: 'no_truck_available' });
    expect(declined.status).toBe(200);
    const offer = await pendingOffer(ticketId);
    expect(offer.dealerId).toBe(fixture.dealerB.id);
    const { jobId, at } = await accept(offer, actorB, 30, 45);
    await step(actorB, jobId, 'en_route', plus(at, 60), 10);
    await step(actorB, jobId, 'arrived', plus(at, 20 * 60));
    await step(actorB, jobId, 'completed', plus(at, 60 * 60));
  }
  // 3. A accepts after 120 s promising 30 min, arrives right on the promise, the car is gone.
  {
    const offer = await pendingOffer(await createRoadside());
    const { jobId, at } = await accept(offer, actorA, 120, 30);
    await step(actorA, jobId, 'en_route', plus(at, 60));
    await step(actorA, jobId, 'arrived', plus(at, 30 * 60));
    await step(actorA, jobId, 'gone_on_arrival', plus(at, 31 * 60));
  }
  // 4. A short limit: A's offer times out, then B's, and nobody is left.
  process.env.ROADSIDE_OFFER_SECONDS = '1';
  {
    const ticketId = await createRoadside();
    const first = await pendingOffer(ticketId);
    expect(await expireRoadsideOffer(db(), first.id, plus(first.dueAt, 1))).toBe('expired');
    const second = await pendingOffer(ticketId);
    expect(second.dealerId).toBe(fixture.dealerB.id);
    expect(await expireRoadsideOffer(db(), second.id, plus(second.dueAt, 1))).toBe('expired');
  }
  if (originalOfferSeconds === undefined) delete process.env.ROADSIDE_OFFER_SECONDS;
  else process.env.ROADSIDE_OFFER_SECONDS = originalOfferSeconds;
  // 5. A accepts after 90 s, then cancels before setting off.
  {
    const offer = await pendingOffer(await createRoadside());
    const { jobId, at } = await accept(offer, actorA, 90, 30);
    await step(actorA, jobId, 'cancelled', plus(at, 5 * 60));
  }
});

afterAll(async () => {
  if (originalOfferSeconds === undefined) delete process.env.ROADSIDE_OFFER_SECONDS;
  else process.env.ROADSIDE_OFFER_SECONDS = originalOfferSeconds;
  await server?.close();
});

interface Figures {
  key: string | null;
  label: { code: string | null; nameZh: string; nameEn: string } | null;
  offers: number;
  accepted: number;
  declined: number;
  expired: number;
  acceptanceRate: number | null;
  timeToAccept: { medianSeconds: number | null; p90Seconds: number | null };
  arrival: { arrived: number; onTime: number; onTimeShare: number | null; medianLatenessMinutes: number | null };
  completion: { completed: number; goneOnArrival: number; cancelled: number; inProgress: number; completionRate: number | null };
}

const EXPECTED_A = {
  offers: 5,
  accepted: 3,
  declined: 1,
  expired: 1,
  acceptanceRate: 0.6,
  // Accepted after 60, 90 and 120 s: continuous percentiles.
  timeToAccept: { medianSeconds: 90, p90Seconds: 114 },
  // 10 min late and exactly on time.
  arrival: { arrived: 2, onTime: 1, onTimeShare: 0.5, medianLatenessMinutes: 5 },
  completion: { completed: 1, goneOnArrival: 1, cancelled: 1, inProgress: 0, completionRate: 1 / 3 },
};
const EXPECTED_B = {
  offers: 2,
  accepted: 1,
  declined: 0,
  expired: 1,
  acceptanceRate: 0.5,
  timeToAccept: { medianSeconds: 30, p90Seconds: 30 },
  arrival: { arrived: 1, onTime: 1, onTimeShare: 1, medianLatenessMinutes: -25 },
  completion: { completed: 1, goneOnArrival: 0, cancelled: 0, inProgress: 0, completionRate: 1 },
};

const rowOf = (rows: Figures[], key: string) => rows.find((row) => row.key === key);

describe('roadside figures', () => {
  it('counts per provider: offers and answers, acceptance rate, time to accept, promised ETA against arrival, completion', async () => {
    const response = await qa.get('/api/reports/roadside');
    expect(response.status).toBe(200);
    expect(response.body.groupBy).toBe('provider');
    const rows = response.body.rows as Figures[];
    expect(rows.map((row) => row.key)).toEqual([fixture.dealerA.id, fixture.dealerB.id]);
    expect(rowOf(rows, fixture.dealerA.id)).toMatchObject(EXPECTED_A);
    expect(rowOf(rows, fixture.dealerA.id)!.label).toEqual({ code: expect.any(String), nameZh: expect.any(String), nameEn: expect.any(String) });
    expect(rowOf(rows, fixture.dealerB.id)).toMatchObject(EXPECTED_B);
    expect(response.body.total).toMatchObject({
      key: null,
      offers: 7,
      accepted: 4,
      declined: 1,
      expired: 2,
      acceptanceRate: 4 / 7,
      arrival: { arrived: 3, onTime: 2, medianLatenessMinutes: 0 },
      completion: { completed: 2, goneOnArrival: 1, cancelled: 1, inProgress: 0, completionRate: 0.5 },
    });
    // Supervisors read the same figures.
    const supervisor = await signedIn(server, 'supervisor');
    expect((await supervisor.get('/api/reports/roadside')).body.rows).toEqual(rows);
  });

  it('counts per the provider’s region, and filters by provider, region and period', async () => {
    const regions = await server.query<{ id: string; region_id: string | null }>(`select id, region_id from dealers where id in ($1, $2)`, [fixture.dealerA.id, fixture.dealerB.id]);
    const regionOf = new Map(regions.map((row) => [row.id, row.region_id ?? 'none']));
    const byRegion = (await qa.get('/api/reports/roadside?groupBy=region')).body;
    expect(byRegion.groupBy).toBe('region');
    const regionA = regionOf.get(fixture.dealerA.id)!;
    const sameRegion = regionA === regionOf.get(fixture.dealerB.id);
    expect(rowOf(byRegion.rows, regionA)).toMatchObject({ offers: sameRegion ? 7 : 5, accepted: sameRegion ? 4 : 3 });
    expect(byRegion.rows.reduce((sum: number, row: Figures) => sum + row.offers, 0)).toBe(7);
    expect(byRegion.total.offers).toBe(7);

    const onlyB = (await qa.get(`/api/reports/roadside?dealerId=${fixture.dealerB.id}`)).body;
    expect(onlyB.rows.map((row: Figures) => row.key)).toEqual([fixture.dealerB.id]);
    expect(onlyB.total).toMatchObject(EXPECTED_B);
    if (regionA !== 'none') expect((await qa.get(`/api/reports/roadside?regionId=${regionA}`)).body.total.offers).toBe(sameRegion ? 7 : 5);

    // The period selects offers by when they were made: [from, to).
    const inPeriod = (await qa.get(`/api/reports/roadside?from=${encodeURIComponent(startedAt.toISOString())}&to=${encodeURIComponent(plus(new Date(), 3600).toISOString())}`)).body;
    expect(inPeriod.total.offers).toBe(7);
    const before = (await qa.get(`/api/reports/roadside?to=${encodeURIComponent(startedAt.toISOString())}`)).body;
    expect(before.rows).toEqual([]);
    expect(before.total).toMatchObject({ offers: 0, acceptanceRate: null, timeToAccept: { medianSeconds: null }, arrival: { onTimeShare: null } });
  });

  it('shows a dealer its own figures only', async () => {
    const own = await providerA.get('/api/reports/roadside');
    expect(own.status).toBe(200);
    expect(own.body.rows.map((row: Figures) => row.key)).toEqual([fixture.dealerA.id]);
    expect(own.body.total).toMatchObject(EXPECTED_A);
    // Per region, still its own offers only (not B's, even in the same region).
    expect((await providerA.get('/api/reports/roadside?groupBy=region')).body.total).toMatchObject({ offers: 5, accepted: 3 });
    const other = await providerA.get(`/api/reports/roadside?dealerId=${fixture.dealerB.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    // The hotline's agents and the departments do not read the figures.
    expect((await agent.get('/api/reports/roadside')).status).toBe(403);
    const department = await signedIn(server, fixture.departmentA.username);
    expect((await department.get('/api/reports/roadside')).status).toBe(403);
  });

  it('refuses malformed queries with a 400 and a code', async () => {
    for (const query of ['groupBy=color', 'from=yesterday', 'from=2026-12-10&to=2026-12-01', 'dealerId=nope', 'regionId=1', 'extra=1', 'groupBy=provider&groupBy=region']) {
      const answer = await qa.get(`/api/reports/roadside?${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
  });
});
