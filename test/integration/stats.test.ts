import type { DealerLoad } from '@careline/shared';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** The supervisor board's figures: load per dealer, and the ticket list filtered by SLA standing. */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let supervisor: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  supervisor = await signedIn(server, 'supervisor');
});

afterAll(() => server?.close());


const loadOf = async (client: ApiClient, dealerId: string, query = ''): Promise<DealerLoad | undefined> =>
  ((await client.get(`/api/stats/dealer-load${query}`)).body.items as DealerLoad[]).find((row) => row.dealerId === dealerId);

describe('GET /api/stats/dealer-load', () => {
  it('counts a dealer’s open tickets, those in warning or breached, its capacity and its oldest open ticket', async () => {
    const before = (await loadOf(supervisor, fixture.dealerA.id))!;
    expect(before).toBeDefined();
    const tickets = [];
    for (let index = 0; index < 3; index += 1) tickets.push(await dispatchedComplaint(agent, fixture, fixture.dealerA.id));
    await server.query(`update tickets set sla_state = 'warning' where id = $1`, [tickets[0].id]);
    await server.query(`update tickets set sla_state = 'breached', created_at = now() - interval '3 days' where id = $1`, [tickets[1].id]);

    const after = (await loadOf(supervisor, fixture.dealerA.id))!;
    expect(after.openTickets - before.openTickets).toBe(3);
    expect(after.warning - before.warning).toBe(1);
    expect(after.breached - before.breached).toBe(1);
    const [{ capacity }] = await server.query<{ capacity: number }>(`select capacity from dealers where id = $1`, [fixture.dealerA.id]);
    expect(after.capacity).toBe(capacity);
    expect(after.oldestOpenMinutes).toBeGreaterThanOrEqual(3 * 24 * 60);
    expect(after.oldestOpenMinutes).toBeLessThan(3 * 24 * 60 + 60);

    // A cancelled ticket is no longer open: it leaves the load.
    const cancelled = await agent.post(`/api/tickets/${tickets[1].id}/cancel`, { version: tickets[1].version });
    expect(cancelled.status).toBe(200);
    const later = (await loadOf(supervisor, fixture.dealerA.id))!;
    expect(later.openTickets - before.openTickets).toBe(2);
    expect(later.breached - before.breached).toBe(0);
    expect(later.oldestOpenMinutes ?? 0).toBeLessThan(3 * 24 * 60);
  });

  it('narrows to one region, and is for supervisors, admins and QA only', async () => {
    const [dealer] = await server.query<{ region_id: string }>(`select region_id from dealers where id = $1`, [fixture.dealerA.id]);
    const [other] = await server.query<{ id: string }>(`select id from regions where id <> $1 limit 1`, [dealer.region_id]);
    const inRegion = (await supervisor.get(`/api/stats/dealer-load?regionId=${dealer.region_id}`)).body.items as DealerLoad[];
    expect(inRegion.length).toBeGreaterThan(0);
    expect(inRegion.every((row) => row.regionId === dealer.region_id)).toBe(true);
    expect(inRegion.some((row) => row.dealerId === fixture.dealerA.id)).toBe(true);
    expect(await loadOf(supervisor, fixture.dealerA.id, `?regionId=${other.id}`)).toBeUndefined();

    expect((await supervisor.get('/api/stats/dealer-load?regionId=nope')).status).toBe(400);
    expect((await supervisor.get('/api/stats/dealer-load?color=red')).status).toBe(400);
    expect((await (await signedIn(server, 'qa')).get('/api/stats/dealer-load')).status).toBe(200);
    expect((await (await signedIn(server, 'admin')).get('/api/stats/dealer-load')).status).toBe(200);
    expect((await agent.get('/api/stats/dealer-load')).status).toBe(403);
    expect((await (await signedIn(server, fixture.dealerA.username)).get('/api/stats/dealer-load')).status).toBe(403);
  });
});

describe('GET /api/tickets?slaState=…', () => {
  it('finds tickets by their SLA standing, and refuses unknown states', async () => {
    const ok = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    const breached = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    await server.query(`update tickets set sla_state = 'breached' where id = $1`, [breached.id]);
    const ids = async (query: string) =>
      ((await supervisor.get(`/api/tickets?dealerId=${fixture.dealerB.id}&limit=100${query}`)).body.items as Array<{ id: string }>).map((item) => item.id);
    expect(await ids('&slaState=breached')).toEqual([breached.id]);
    expect(await ids('&slaState=ok')).toEqual([ok.id]);
    expect((await ids('&slaState=warning,breached')).sort()).toEqual([breached.id]);
    const bad = await supervisor.get('/api/tickets?slaState=late');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/stats/sla-standing', () => {
  it('counts a dealer’s deadlines of the period, met in time or missed; a dealer sees only its own', async () => {
    const dealer = await signedIn(server, fixture.dealerA.username);
    const before = (await dealer.get('/api/stats/sla-standing?days=7')).body.standing;
    expect(before.dealerId).toBe(fixture.dealerA.id);
    const onTime = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const late = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    // Both acknowledged now; one's deadline had already passed an hour ago, the other's is an hour away.
    await server.query(`update sla_milestones set due_at = now() - interval '1 hour' where ticket_id = $1 and clock = 'acknowledge'`, [late.id]);
    for (const ticket of [onTime, late]) expect((await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version })).status).toBe(200);
    // A clock counts once its due time has come: the punctual one's falls due the moment it was met.
    await server.query(`update sla_milestones set due_at = met_at where ticket_id = $1 and clock = 'acknowledge'`, [onTime.id]);
    const after = (await dealer.get('/api/stats/sla-standing?days=7')).body.standing;
    expect(after.clocks.acknowledge.due - before.clocks.acknowledge.due).toBe(2);
    expect(after.clocks.acknowledge.onTime - before.clocks.acknowledge.onTime).toBe(1);
    expect(after.clocks.acknowledge.late - before.clocks.acknowledge.late).toBe(1);
    expect(after.metRate).toBeGreaterThan(0);
    expect(after.metRate).toBeLessThan(1);
    // The same figures for a supervisor, by dealer id; a dealer asking for another dealer learns nothing.
    expect((await supervisor.get(`/api/stats/sla-standing?days=7&dealerId=${fixture.dealerA.id}`)).body.standing).toEqual(after);
    expect((await dealer.get(`/api/stats/sla-standing?dealerId=${fixture.dealerB.id}`)).status).toBe(404);
    expect((await supervisor.get('/api/stats/sla-standing')).status).toBe(400);
    expect((await agent.get(`/api/stats/sla-standing?dealerId=${fixture.dealerA.id}`)).status).toBe(403);
    expect((await dealer.get('/api/stats/sla-standing?days=0')).status).toBe(400);
  });
});
