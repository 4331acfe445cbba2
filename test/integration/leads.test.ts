import type { Fixtures } from '../helpers/factories';
import { fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** Leads: routed by purchase timing and place, followed up by the dealer, conversion queryable per dealer. */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
});

afterAll(() => server?.close());

const lead = (timing: string) => ({
  type: 'lead', customerId: fixture.customer.id, contactName: fixture.customer.name, contactPhone: fixture.customer.phone,
  subject: '意向购买远航 S7', description: '客户想试驾并了解金融方案', purchaseTiming: timing,
});

async function dealerClientFor(dealerId: string) {
  const [user] = await server.query<{ username: string }>(`select username from users where dealer_id = $1 and role = 'dealer_user' limit 1`, [dealerId]);
  return signedIn(server, user.username);
}

describe('leads', () => {
  it('sends a buy-now lead to the sales dealer in the customer’s city with the fewest open leads', async () => {
    const [customer] = await server.query<{ city: string }>(`select city from customers where id = $1`, [fixture.customer.id]);
    const created = (await agent.post('/api/tickets', lead('now'))).body.ticket;
    expect(created.status).toBe('dispatched');
    const [dealer] = await server.query<{ city: string; capabilities: string[] }>(`select city, capabilities from dealers where id = $1`, [created.responsibleDealer.id]);
    expect(dealer.city).toBe(customer.city);
    expect(dealer.capabilities).toContain('sales');
    expect(created.priority).toBe('P2');
    const candidates = created.routing.decision.trace.find((entry: { outcome: string }) => entry.outcome === 'chosen').candidates;
    // Fewest open leads first: the chosen one had no more open leads than any other candidate in the city.
    const [{ open }] = await server.query<{ open: string }>(
      `select count(*) as open from tickets where type = 'lead' and responsible_dealer_id = $1 and id <> $2 and status not in ('resolved','closed','cancelled')`,
      [created.responsibleDealer.id, created.id],
    );
    expect(Number(open)).toBe(0);
    expect(candidates[0].verdict).toBe('chosen');
  });

  it('records the dealer’s follow-up and reports conversion per dealer, scoped', async () => {
    const first = (await agent.post('/api/tickets', lead('within_3_months'))).body.ticket;
    const dealerId = first.responsibleDealer.id;
    const dealer = await dealerClientFor(dealerId);
    expect((await dealer.post(`/api/tickets/${first.id}/lead-follow-ups`, { outcome: 'contacted' })).status).toBe(409);
    const acknowledged = await dealer.post(`/api/tickets/${first.id}/acknowledge`, { version: first.version });
    expect(acknowledged.body.ticket.abilities.leadFollowUp).toBe(true);
    expect((await dealer.post(`/api/tickets/${first.id}/lead-follow-ups`, { outcome: 'contacted' })).status).toBe(201);
    expect((await dealer.post(`/api/tickets/${first.id}/lead-follow-ups`, { outcome: 'test_drive' })).status).toBe(201);
    expect((await dealer.post(`/api/tickets/${first.id}/lead-follow-ups`, { outcome: 'order' })).status).toBe(201);

    const held = (await agent.post('/api/tickets', { ...lead('within_6_months'), dispatch: 'hold' })).body.ticket;
    const second = (await agent.post(`/api/tickets/${held.id}/dispatch`, { version: held.version, dealerId })).body.ticket;
    await dealer.post(`/api/tickets/${second.id}/acknowledge`, { version: second.version });
    expect((await dealer.post(`/api/tickets/${second.id}/lead-follow-ups`, { outcome: 'lost' })).status).toBe(400);
    expect((await dealer.post(`/api/tickets/${second.id}/lead-follow-ups`, { outcome: 'lost', reason: '已购买竞品' })).status).toBe(201);

    const events = (await agent.get(`/api/tickets/${first.id}/events`)).body.items.filter((event: { type: string }) => event.type === 'lead_follow_up');
    expect(events.map((event: { payload: { outcome: string } }) => event.payload.outcome)).toEqual(['contacted', 'test_drive', 'order']);

    const forAgent = (await agent.get(`/api/leads/conversion?dealerId=${dealerId}`)).body.items;
    expect(forAgent).toEqual([expect.objectContaining({ dealerId, leads: 2, contacted: 1, testDrives: 1, orders: 1, lost: 1, conversionRate: 0.5 })]);
    const forDealer = (await dealer.get('/api/leads/conversion')).body.items;
    expect(forDealer.map((row: { dealerId: string }) => row.dealerId)).toEqual([dealerId]);
    const other = await signedIn(server, fixture.dealerB.id === dealerId ? fixture.dealerA.username : fixture.dealerB.username);
    expect((await other.post(`/api/tickets/${first.id}/lead-follow-ups`, { outcome: 'order' })).status).toBe(404);
    expect((await other.get(`/api/leads/conversion?dealerId=${dealerId}`)).body.items).toEqual([]);
  });
});
