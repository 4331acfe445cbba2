import { type RoutingTicket, routeTicket } from '@careline/shared';
import { loadPublishedRuleSet, loadRoutingEnvironment } from '@careline/shared/server';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Routing's "open now" comes from the dealers' business calendars (the seeded CN-STANDARD calendar with the official
 * 2026 holidays and make-up days), as SLA counts; a dealer on the 24×7 calendar is a 24-hour provider.
 */
let server: TestServer;
/** Two active rescue dealers without 24-hour rescue, both on the seeded standard calendar. */
let standard: { id: string; lat: number; lng: number };
let provider: { id: string };

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
  [standard, provider] = await server.query<{ id: string; lat: number; lng: number }>(
    `select d.id, d.lat, d.lng from dealers d join calendars c on c.id = d.calendar_id
     where c.code = 'CN-STANDARD' and d.active and not d.rescue_24h and 'rescue' = any(d.capabilities) order by d.code limit 2`,
  );
  // The provider becomes a 24-hour provider (its calendar is 24×7) a few hundred metres beyond the standard dealer.
  await server.query(
    `update dealers set calendar_id = (select id from calendars where code = '24X7'), lat = $2, lng = $3 where id = $1`,
    [provider.id, standard.lat + 0.003, standard.lng + 0.003],
  );
});

afterAll(() => server?.close());

const china = (local: string) => new Date(`${local}+08:00`);
const dealerAt = async (id: string, at: Date) => (await loadRoutingEnvironment(server.database.db, at)).dealers.find((dealer) => dealer.id === id)!;

describe('open now on the dealers’ calendars', () => {
  it('on 2026-10-01 a dealer that is not 24-hour is not open now, and on the make-up working day 2026-10-10 it is', async () => {
    expect(await dealerAt(standard.id, china('2026-10-01T10:00:00'))).toMatchObject({ openNow: false, alwaysOpen: false });
    expect(await dealerAt(standard.id, china('2026-10-10T10:00:00'))).toMatchObject({ openNow: true, alwaysOpen: false });
    // The calendar, not the weekday, decides: an ordinary Saturday is closed and an ordinary Thursday open.
    expect((await dealerAt(standard.id, china('2026-10-17T10:00:00'))).openNow).toBe(false);
    expect((await dealerAt(standard.id, china('2026-10-15T10:00:00'))).openNow).toBe(true);
  });

  it('keeps a 24-hour dealer open on 2026-10-01 at 03:00, and roadside help goes to it with "24 h" in the explanation', async () => {
    const at = china('2026-10-01T03:00:00');
    expect(await dealerAt(provider.id, at)).toMatchObject({ openNow: true, alwaysOpen: true });

    const environment = await loadRoutingEnvironment(server.database.db, at);
    const ruleSet = (await loadPublishedRuleSet(server.database.db))!;
    const roadside: RoutingTicket = {
      type: 'roadside', priority: 'P2', categoryPath: [], subject: '高速抛锚', description: '车辆无法启动', channel: 'phone',
      location: { lat: standard.lat, lng: standard.lng }, customer: null, vehicle: null, lifecycleStage: null, namedDealerId: null,
      purchaseTiming: null, excludedDealerIds: [], excludedDepartmentIds: [], history: { vinComplaints90d: 0, customerTickets30d: 0 },
    };
    const decision = routeTicket(roadside, ruleSet, environment);
    expect(decision.target).toEqual({ kind: 'dealer', dealerId: provider.id });
    const candidates = decision.trace.find((entry) => entry.outcome === 'chosen')!.candidates!;
    expect(candidates.find((candidate) => candidate.dealerId === standard.id)).toMatchObject({ verdict: 'closed_now', openNow: false, open24h: false });
    expect(candidates.find((candidate) => candidate.dealerId === provider.id)).toMatchObject({ verdict: 'chosen', openNow: true, open24h: true });

    // On the make-up working day the nearer standard dealer takes it again.
    const workday = routeTicket(roadside, ruleSet, await loadRoutingEnvironment(server.database.db, china('2026-10-10T10:00:00')));
    expect(workday.target).toEqual({ kind: 'dealer', dealerId: standard.id });
  });
});
