import { distanceKm, ROAD_FACTOR } from '@careline/shared';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Where the car is: a roadside ticket's address without coordinates is geocoded at creation against the shipped
 * gazetteer, and the rescue providers are ranked by their distance from that point. An address the gazetteer cannot
 * place leaves the distance unknown — said in the ranking and on the ticket — and never falls back to the customer's
 * home. (Routing's "nearest to the incident" rules follow the same rule: test/unit/route-ticket.test.ts.)
 */
let server: TestServer;
let agent: ApiClient;
/** A customer at home in 北京, where there are rescue dealers: the old fallback would have measured from there. */
let beijingCustomer: { id: string; name: string; phone: string };

beforeAll(async () => {
  server = await startTestServer();
  agent = await signedIn(server, 'agent');
  [beijingCustomer] = await server.query<{ id: string; name: string; phone: string }>(
    `select c.id, c.name, c.phone from customers c where c.city = '北京'
     and exists (select 1 from dealers d where d.city = c.city and d.active and 'rescue' = any(d.capabilities)) order by c.phone limit 1`,
  );
});

afterAll(() => server?.close());

const roadside = (location: Record<string, unknown>) => ({
  type: 'roadside',
  channel: 'phone',
  customerId: beijingCustomer.id,
  contactName: beijingCustomer.name,
  contactPhone: beijingCustomer.phone,
  subject: '车辆抛锚，需要道路救援',
  description: '客户车辆在路边无法启动，请求救援',
  dispatch: 'auto',
  location,
});

const count = async (table: string) => Number((await server.query<{ n: string }>(`select count(*) as n from ${table}`))[0].n);

interface Candidate {
  dealerId: string;
  rank: number | null;
  roadKm: number | null;
}

/** The rescue job's ranking of the providers (GET /api/tickets/:id/roadside). */
async function rescueOf(ticketId: string): Promise<{ job: { distanceKnown: boolean }; candidates: Candidate[] }> {
  const response = await agent.get(`/api/tickets/${ticketId}/roadside`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('a roadside ticket with an address only', () => {
  it('stores the district centre the gazetteer gives, with its source and precision, and ranks the providers from it', async () => {
    const response = await agent.post('/api/tickets', roadside({ address: '浙江省杭州市西湖区文三路 90 号' }));
    expect(response.status).toBe(201);
    const ticket = response.body.ticket;
    expect(ticket.location).toMatchObject({
      address: '浙江省杭州市西湖区文三路 90 号',
      source: 'gazetteer',
      precision: 'district',
      place: { province: '浙江省', city: '杭州市', district: '西湖区' },
    });
    expect(ticket.location.lat).toBeCloseTo(30.26, 1);
    expect(ticket.location.lng).toBeCloseTo(120.13, 1);
    expect(ticket.distanceUnknown).toBe(false);

    const [stored] = await server.query<{ location: Record<string, unknown> }>(`select location from tickets where id = $1`, [ticket.id]);
    expect(stored.location).toEqual(ticket.location);
    // The created event on the audit chain records the point and its source.
    const [created] = await server.query<{ payload: { location: unknown } }>(`select payload from ticket_events where ticket_id = $1 and type = 'created'`, [ticket.id]);
    expect(created.payload.location).toEqual(ticket.location);

    // The providers' distances are measured from the stored point, not from the customer's home in 北京.
    const rescue = await rescueOf(ticket.id);
    expect(rescue.job.distanceKnown).toBe(true);
    const dealers = await server.query<{ id: string; city: string; lat: number; lng: number }>(`select id, city, lat, lng from dealers`);
    const measured = rescue.candidates.filter((candidate) => candidate.roadKm !== null);
    expect(measured.length).toBeGreaterThan(0);
    for (const candidate of measured) {
      const dealer = dealers.find((row) => row.id === candidate.dealerId)!;
      expect(candidate.roadKm!).toBeCloseTo(distanceKm(ticket.location, dealer) * ROAD_FACTOR, 0);
    }
    // The nearest is a 杭州 dealer (the first offered may be further: at night only 24-hour providers are open).
    const nearest = [...measured].sort((a, b) => a.roadKm! - b.roadKm!)[0];
    expect(dealers.find((dealer) => dealer.id === nearest.dealerId)!.city).toBe('杭州');
  });

  it('keeps typed coordinates as the exact point, whatever the address says', async () => {
    const response = await agent.post('/api/tickets', roadside({ address: '杭州西湖区', lat: 31.23, lng: 121.47 }));
    expect(response.status).toBe(201);
    expect(response.body.ticket.location).toEqual({ address: '杭州西湖区', lat: 31.23, lng: 121.47, source: 'typed', precision: 'exact' });
  });

  it('says the distance is unknown when the address cannot be placed, and measures no provider from the customer’s home', async () => {
    const response = await agent.post('/api/tickets', roadside({ address: '高速公路服务区往南两公里' }));
    expect(response.status).toBe(201);
    const ticket = response.body.ticket;
    expect(ticket.location).toEqual({ address: '高速公路服务区往南两公里' });
    expect(ticket.distanceUnknown).toBe(true);

    // Ranked by load and acceptance only: no provider is measured, least of all from the customer's home in 北京.
    const rescue = await rescueOf(ticket.id);
    expect(rescue.job.distanceKnown).toBe(false);
    expect(rescue.candidates.length).toBeGreaterThan(0);
    expect(rescue.candidates.every((candidate) => candidate.roadKm === null)).toBe(true);

    const fetched = await agent.get(`/api/tickets/${ticket.id}`);
    expect(fetched.body.distanceUnknown ?? fetched.body.ticket?.distanceUnknown).toBe(true);
  });

  it.each([
    ['a point outside China', { lat: 48.8566, lng: 2.3522 }, 'location.lat'],
    ['lat and lng swapped into nonsense', { lat: 120.15, lng: 30.27 }, 'location.lat'],
    ['a latitude without a longitude', { lat: 30.27 }, 'location.lng'],
    ['coordinates as text', { lat: '30.27', lng: '120.15' }, 'location.lat'],
  ])('refuses %s with 400 VALIDATION_FAILED and writes nothing', async (_name, point, path) => {
    const before = await count('tickets');
    const response = await agent.post('/api/tickets', roadside({ address: '杭州西湖区', ...point }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.issues.some((issue: { path: string }) => issue.path === path)).toBe(true);
    expect(await count('tickets')).toBe(before);
  });
});

describe('GET /api/geo/geocode and /api/geo/places', () => {
  it('tells what an address resolves to, or null', async () => {
    const found = await agent.get(`/api/geo/geocode?address=${encodeURIComponent('北京朝阳')}`);
    expect(found.status).toBe(200);
    expect(found.body.result).toMatchObject({ precision: 'district', code: '110105', matched: { province: '北京市', city: '北京市', district: '朝阳区' }, source: 'gazetteer' });
    const ambiguous = await agent.get(`/api/geo/geocode?address=${encodeURIComponent('朝阳区')}`);
    expect(ambiguous.body).toEqual({ result: null });
    const missing = await agent.get('/api/geo/geocode');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lists provinces, then cities, then districts with their points', async () => {
    const provinces = await agent.get('/api/geo/places');
    expect(provinces.status).toBe(200);
    expect(provinces.body.items.find((place: { name: string }) => place.name === '浙江省')).toMatchObject({ code: '330000', level: 'province', hasChildren: true });
    const cities = await agent.get('/api/geo/places?parent=330000');
    expect(cities.body.items.find((place: { name: string }) => place.name === '杭州市')).toMatchObject({ code: '330100', level: 'city', parentCode: '330000', hasChildren: true });
    const districts = await agent.get('/api/geo/places?parent=330100');
    const westLake = districts.body.items.find((place: { name: string }) => place.name === '西湖区');
    expect(westLake).toMatchObject({ code: '330106', level: 'district', hasChildren: false });
    expect(westLake.lat).toBeCloseTo(30.26, 1);
  });

  it('answers 404 for an unknown parent, 400 for a malformed one and 401 without a session', async () => {
    expect((await agent.get('/api/geo/places?parent=999999')).body.error.code).toBe('NOT_FOUND');
    const malformed = await agent.get('/api/geo/places?parent=abc');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    expect((await new ApiClient(server.url).get('/api/geo/places')).status).toBe(401);
  });
});
