import { completeVin } from '@careline/shared';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** Registering a new caller: the cleansing rules of the domain brief applied at the door. */
let server: TestServer;
let agent: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
  agent = await signedIn(server, 'agent');
});

afterAll(() => server?.close());

const vin = completeVin('LSVAX321', 'SA900001');

describe('registering a customer', () => {
  it('creates the customer with vehicles, findable by phone and VIN, warranty derived', async () => {
    const [dealer] = await server.query<{ id: string }>(`select id from dealers where active order by code limit 1`);
    const response = await agent.post('/api/customers', {
      name: ' 欧阳  娜娜 ', phone: '+86 139-0000-1234', city: '上海', province: '上海市',
      vehicles: [{ vin: vin.toLowerCase(), plate: '沪A·9X123', model: '远航 S7 (EV)', purchaseDate: '2026-09-15', sellingDealerId: dealer.id }],
    });
    expect(response.status).toBe(201);
    expect(response.body.customer).toMatchObject({ name: '欧阳 娜娜', phone: '13900001234', fieldSources: {
        name: { source: 'hotline', at: expect.any(String), importId: null },
        phone: { source: 'hotline', at: expect.any(String), importId: null },
      },
    });
    // Nothing from an import yet: no ID number, no flags.
    expect(response.body.customer).toMatchObject({ idNumberMasked: null, qualityFlags: [] });
    expect(response.body.customer.vehicles[0]).toMatchObject({ flags: [], fieldSources: { vin: { source: 'hotline', at: expect.any(String), importId: null } } });
    expect(response.body.customer.vehicles[0]).toMatchObject({ vin, warrantyEnd: '2029-09-15', servicingDealer: { id: dealer.id }, lifecycleStage: 'honeymoon' });
    const byVin = await agent.get(`/api/customers/lookup?vin=${vin}`);
    expect(byVin.body.items[0].id).toBe(response.body.customer.id);
  });

  it.each([
    ['a one-character name', { name: '王' }, 'name'],
    ['a placeholder name', { name: '李先生' }, 'name'],
    ['a 10-digit mobile', { phone: '1390000123' }, 'phone'],
    ['a landline as the customer key', { phone: '021-12345678' }, 'phone'],
    ['a VIN with a wrong check digit', { vehicles: [{ vin: `${vin.slice(0, 8)}${vin[8] === '1' ? '2' : '1'}${vin.slice(9)}`, model: 'x' }] }, 'vehicles.0.vin'],
  ])('refuses %s with 400 and writes nothing', async (_name, overrides, path) => {
    const before = await server.query<{ n: string }>(`select count(*) as n from customers`);
    const response = await agent.post('/api/customers', { name: '张伟', phone: '13700001111', ...overrides });
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(await server.query<{ n: string }>(`select count(*) as n from customers`)).toEqual(before);
  });

  it('answers DUPLICATE with the existing record for a known phone or VIN', async () => {
    const [known] = await server.query<{ id: string; phone: string }>(`select id, phone from customers order by phone limit 1`);
    const samePhone = await agent.post('/api/customers', { name: '张伟', phone: known.phone });
    expect(samePhone.status).toBe(409);
    expect(samePhone.body.error).toMatchObject({ code: 'DUPLICATE', details: { field: 'phone', existingId: known.id } });
    const sameVin = await agent.post('/api/customers', { name: '张伟', phone: '13700002222', vehicles: [{ vin, model: '远航 S7 (EV)' }] });
    expect(sameVin.status).toBe(409);
    expect(sameVin.body.error.details.field).toBe('vehicles.vin');
  });

  it('is for the hotline only', async () => {
    const dealer = await signedIn(server, 'dealer');
    expect((await dealer.post('/api/customers', { name: '张伟', phone: '13700003333' })).status).toBe(403);
  });
});
