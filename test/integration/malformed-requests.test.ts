import fc from 'fast-check';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Thousands of malformed create requests: each gets a 4xx with a stable code and a message, never a 5xx, and none
 * writes a row.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
});

afterAll(() => server?.close());

const rowCounts = async () =>
  (await server.query<{ tickets: string; events: string; outbox: string; keys: string }>(
    `select (select count(*) from tickets) as tickets, (select count(*) from ticket_events) as events,
            (select count(*) from outbox) as outbox, (select count(*) from idempotency_keys) as keys`,
  ))[0];

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A valid complaint with one field broken, dropped, or swapped for junk — the mistakes real clients make. */
function mutatedComplaint(): fc.Arbitrary<unknown> {
  const valid = buildComplaint(fixture) as Record<string, unknown>;
  const fields = Object.keys(valid);
  const junk = fc.oneof(
    anyJson,
    fc.string({ maxLength: 300 }),
    fc.constantFrom('', ' ', '\u0000', 'P9', 'ＴＳ', '13812345', '00000000-0000-0000-0000-000000000000', 'roadside', -1, 1e308, null, [], {}),
  );
  return fc.oneof(
    fc.record({ field: fc.constantFrom(...fields), value: junk }).map(({ field, value }) => ({ ...valid, [field]: value })),
    fc.constantFrom(...fields).map((field) => {
      const copy = { ...valid };
      delete copy[field];
      return copy;
    }),
    fc.record({ key: fc.string({ minLength: 1, maxLength: 20 }), value: junk })
      .filter(({ key }) => !fields.includes(key))
      .map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.constantFrom('enquiry', 'complaint', 'roadside', 'suggestion', 'praise', 'lead', 'refund', 42).chain((type) =>
      fc.dictionary(fc.constantFrom('contactName', 'contactPhone', 'subject', 'description', 'location', 'purchaseTiming', 'categoryId'), junk).map(
        (fieldsOfType) => ({ type, ...fieldsOfType }),
      ),
    ),
    anyJson,
  );
}

describe('malformed ticket creation', () => {
  it('never answers 5xx and never writes a row', async () => {
    const before = await rowCounts();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(mutatedComplaint(), async (body) => {
        const response = await agent.post('/api/tickets', JSON.stringify(body) ?? 'null', { 'idempotency-key': 'property-test-key-0001' });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        // A mutation may by chance still be valid (e.g. a junk optional field dropped); those are allowed to create.
        if (response.status === 201 || response.status === 200) return true;
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(typeof response.body.error.code).toBe('string');
        expect(response.body.error.message.length).toBeGreaterThan(0);
        return true;
      }),
      { numRuns: 2500, seed: 20261123 },
    );
    const after = await rowCounts();
    const created = (statuses.get(201) ?? 0);
    // Only an accepted request writes, and with one shared Idempotency-Key at most one ticket exists.
    const written = Math.min(created, 1);
    expect(Number(after.tickets) - Number(before.tickets)).toBe(written);
    expect(Number(after.events) - Number(before.events)).toBe(written);
    expect(Number(after.outbox) - Number(before.outbox)).toBe(written);
    expect(Number(after.keys) - Number(before.keys)).toBe(written);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(2000);
  });

  it('refuses broken JSON, wrong content and huge bodies with 4xx', async () => {
    const before = await rowCounts();
    const broken = await agent.post('/api/tickets', '{"type": "complaint",');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('INVALID_JSON');
    const huge = await agent.post('/api/tickets', JSON.stringify({ ...buildComplaint(fixture), description: 'x'.repeat(300_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await agent.request('POST', '/api/tickets', 'type=complaint', { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });
});
