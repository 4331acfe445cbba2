import { createHash } from 'node:crypto';
import { completeVin } from '@careline/shared';
import { signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ customers: 5, customerLookupsPerMinute: 4 });
});

afterAll(() => server?.close());

describe('customer lookups: limited per user and recorded', () => {
  it('records who looked up which value (masked, hashed) and whom it found; QA cannot confirm numbers without limit', async () => {
    const [customer] = await server.query<{ id: string; phone: string }>(`select id, phone from customers order by phone limit 1`);
    const qa = await signedIn(server, 'qa');
    const found = await qa.get(`/api/customers/lookup?phone=${customer.phone}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([customer.id]);
    const [qaUser] = await server.query<{ id: string }>(`select id from users where username = 'qa'`);
    const rows = await server.query<{ actor_id: string; actor_role: string; by: string; value_masked: string; value_hash: string; customer_ids: string[] }>(
      `select actor_id, actor_role, by, value_masked, value_hash, customer_ids from customer_lookups`,
    );
    expect(rows).toEqual([
      {
        actor_id: qaUser.id,
        actor_role: 'qa',
        by: 'phone',
        value_masked: `${customer.phone.slice(0, 3)}****${customer.phone.slice(-4)}`,
        value_hash: createHash('sha256').update(customer.phone).digest('hex'),
        customer_ids: [customer.id],
      },
    ]);
    // Three more within the minute are fine, the fifth is refused with Retry-After, and not recorded.
    for (let index = 0; index < 3; index += 1) expect((await qa.get(`/api/customers/lookup?phone=1390000${1000 + index}`)).status).toBe(200);
    const limited = await qa.get('/api/customers/lookup?phone=13900009999');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await server.query(`select 1 from customer_lookups`)).length).toBe(4);
    // Each user has their own allowance.
    expect((await (await signedIn(server, 'agent')).get(`/api/customers/lookup?vin=${completeVin('LSVAX321', 'SA900777')}`)).status).toBe(200);
  });

  it('lists the record to supervisors, QA and admins, masked only, filterable by user and by value', async () => {
    const admin = await signedIn(server, 'admin');
    const [qaUser] = await server.query<{ id: string }>(`select id from users where username = 'qa'`);
    const [customer] = await server.query<{ phone: string }>(`select phone from customers order by phone limit 1`);
    const byQa = await admin.get(`/api/customers/lookups?actorId=${qaUser.id}`);
    expect(byQa.status).toBe(200);
    expect(byQa.body.items).toHaveLength(4);
    expect(JSON.stringify(byQa.body)).not.toContain(customer.phone);
    const byValue = await admin.get(`/api/customers/lookups?phone=${customer.phone}`);
    expect(byValue.body.items).toHaveLength(1);
    expect(byValue.body.items[0]).toMatchObject({ actorId: qaUser.id, by: 'phone' });
    const vinRows = await admin.get('/api/customers/lookups?from=2000-01-01T00:00:00Z');
    expect(vinRows.body.items.find((item: { by: string }) => item.by === 'vin').valueMasked).toMatch(/^LSV\*{10}\d{4}$/);
    expect((await (await signedIn(server, 'agent')).get('/api/customers/lookups')).status).toBe(403);
    expect((await admin.get('/api/customers/lookups?from=yesterday')).status).toBe(400);
  });
});

describe('registering the same customer twice at once', () => {
  it('answers one 201 and one 409 DUPLICATE naming the winner, never a 500 (same VIN, same phone)', async () => {
    const agent = await signedIn(server, 'agent');
    for (let round = 0; round < 4; round += 1) {
      const vin = completeVin('LSVAX321', `SB9${String(round).padStart(5, '0')}`);
      const body = (phone: string) => ({ name: '并发 测试', phone, vehicles: [{ vin, model: '远航 S7 (EV)' }] });
      // Round by round: the same VIN with different phones, then the same phone without vehicles.
      const requests = round % 2 === 0 ? [body(`1370000${1000 + round * 2}`), body(`1370000${1001 + round * 2}`)] : [{ name: '并发 测试', phone: `1360000${1000 + round}` }, { name: '并发 测试', phone: `1360000${1000 + round}` }];
      const responses = await Promise.all(requests.map((request) => agent.post('/api/customers', request)));
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 409]);
      const winner = responses.find((response) => response.status === 201)!;
      const loser = responses.find((response) => response.status === 409)!;
      expect(loser.body.error.code).toBe('DUPLICATE');
      expect(loser.body.error.details.existingId).toBe(winner.body.customer.id);
    }
  });
});
