import { type AddressInfo, connect } from 'node:net';
import express from 'express';
import fc from 'fast-check';
import pino from 'pino';
import { errorHandler } from '../../api/src/http/errors';
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
  // Each case has its own Idempotency-Key: with one shared key, every case after the first 201 stopped at the replay
  // check and never reached validation. The fuzz over every route is fuzz-routes.test.ts.
  it('never answers 5xx, and only an accepted request writes', async () => {
    const before = await rowCounts();
    const ticketsBefore = (await server.query<{ id: string }>('select id from tickets')).map((row) => row.id);
    const statuses = new Map<number, number>();
    let key = 0;
    await fc.assert(
      fc.asyncProperty(mutatedComplaint(), async (body) => {
        key += 1;
        const response = await agent.post('/api/tickets', JSON.stringify(body) ?? 'null', { 'idempotency-key': `malformed-${process.pid}-${key}` });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        // A mutation may by chance still be valid (e.g. a junk optional field dropped); those are allowed to create.
        if (response.status === 201 || response.status === 200) return true;
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(typeof response.body.error.code).toBe('string');
        expect(response.body.error.message.length).toBeGreaterThan(0);
        return true;
      }),
      { numRuns: 1000, seed: 20261123 },
    );
    const after = await rowCounts();
    const created = statuses.get(201) ?? 0;
    expect(Number(after.tickets) - Number(before.tickets)).toBe(created);
    expect(Number(after.keys) - Number(before.keys)).toBe(created);
    // A create writes its own events and outbox rows (more than one when it is routed at once); a refusal writes none.
    const [ofNewTickets] = await server.query<{ events: string; outbox: string }>(
      `select (select count(*) from ticket_events where not (ticket_id = any($1::uuid[]))) as events,
              (select count(*) from outbox where ticket_id is not null and not (ticket_id = any($1::uuid[]))) as outbox`,
      [ticketsBefore],
    );
    expect(Number(after.events) - Number(before.events)).toBe(Number(ofNewTickets.events));
    expect(Number(after.outbox) - Number(before.outbox)).toBe(Number(ofNewTickets.outbox));
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(700);
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
    // A form-like body on a JSON endpoint: what a page of another origin could send without asking.
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('unreadable URLs, strings and bodies', () => {
  const expectRefused = (response: { status: number; body: any }, status: number, code: string) => {
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
    expect(response.body.error.message.length).toBeGreaterThan(0);
  };

  it('refuses bad %-escapes, escaped NUL and lone surrogates in the path and the query with 400 MALFORMED_REQUEST', async () => {
    const before = await rowCounts();
    for (const path of [
      '/api/tickets/%E0',
      '/api/tickets/%ED%A0%80',
      '/api/tickets/abc%00def',
      '/api/tickets/%',
      '/api/tickets?q=a%00b',
      '/api/tickets?q=%E0',
      '/api/tickets?q%00=x',
      '/api/customers/lookup?phone=%FF',
    ]) {
      expectRefused(await agent.get(path), 400, 'MALFORMED_REQUEST');
    }
    expectRefused(await agent.post('/api/tickets/%E0/notes', { visibility: 'internal', body: 'x' }), 400, 'MALFORMED_REQUEST');
    const english = await agent.get('/api/tickets/%E0', { 'accept-language': 'en' });
    expect(english.body.error.message).toMatch(/cannot be read/);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses NUL and lone surrogates in any JSON string or key, and nothing is written', async () => {
    const before = await rowCounts();
    const valid = buildComplaint(fixture) as Record<string, unknown>;
    for (const body of [
      JSON.stringify({ ...valid, subject: 'a\u0000b' }),
      JSON.stringify({ ...valid, description: 'x\ud800y' }),
      `{"type":"complaint","subject":"\\ud800"}`,
      `{"type":"complaint","subject":"\\udfff tail"}`,
      `{"type\\u0000":"complaint"}`,
      `[{"nested":["ok","\\u0000"]}]`,
    ]) {
      expectRefused(await agent.post('/api/tickets', body, { 'idempotency-key': `nul-${Math.random()}` }), 400, 'MALFORMED_REQUEST');
    }
    // A paired surrogate (an emoji) is fine text: it gets as far as validation or creation.
    const emoji = await agent.post('/api/tickets', { ...valid, subject: '客户很生气 😡' }, { 'idempotency-key': `emoji-${Math.random()}` });
    expect(emoji.status).toBe(201);
    const after = await rowCounts();
    expect(Number(after.tickets)).toBe(Number(before.tickets) + 1);
  });

  it('answers 4xx for arrays, huge numbers, negative pages and prototype keys in the query', async () => {
    for (const path of [
      '/api/tickets?q=a&q=b',
      '/api/tickets?limit=1e308',
      '/api/tickets?limit=-1',
      '/api/tickets?page=-1',
      '/api/tickets?limit=99999999999999999999999',
      '/api/tickets?__proto__=x',
      '/api/tickets?__proto__[status]=x',
      '/api/tickets?constructor=1&prototype=2',
      '/api/tickets?status=new&status=closed&status[]=x',
      `/api/tickets?q=${'长'.repeat(1000)}`,
    ]) {
      const response = await agent.get(path);
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) expect(typeof response.body.error.code).toBe('string');
    }
    expect((await agent.get('/api/tickets?q=a&q=b')).status).toBe(400);
    expect((await agent.get('/api/tickets?limit=1e308')).status).toBe(400);
    // A URL longer than Node's header limit is refused by the HTTP parser itself, before the app: still a 4xx.
    expect((await agent.get(`/api/tickets?q=${'长'.repeat(5000)}`)).status).toBe(431);
  });

  it('refuses charsets it cannot read with 415, and bodies that are not JSON', async () => {
    const before = await rowCounts();
    const body = JSON.stringify(buildComplaint(fixture));
    expectRefused(await agent.post('/api/tickets', body, { 'content-type': 'application/json; charset=latin9' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectRefused(await agent.post('/api/tickets', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectRefused(await agent.post('/api/tickets', body, { 'content-type': 'multipart/form-data; boundary=x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectRefused(await agent.post('/api/tickets', body, { 'content-type': '' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectRefused(await agent.post('/api/tickets', '', {}), 400, 'VALIDATION_FAILED');
    expectRefused(await agent.post('/api/tickets', 'null', {}), 400, 'INVALID_JSON');
    expectRefused(await agent.post('/api/tickets', '"text"', {}), 400, 'INVALID_JSON');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('the error handler’s safety net for database refusals', () => {
  it('maps a unique violation to 409 DUPLICATE and data exceptions to 400, with no database text in the answer', async () => {
    const app = express();
    const wrapped = (code: string) => Object.assign(new Error('Failed query: insert …\nparams: 13800138000'), { params: ['13800138000'], cause: Object.assign(new Error('boom'), { code }) });
    app.get('/fail/:code', (request) => {
      throw wrapped(String(request.params.code));
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    const base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    try {
      const answers: Record<string, [number, string]> = {};
      for (const code of ['23505', '22021', '22P02', '22003', '22007', '22008', '40001', '57014']) {
        const response = await fetch(`${base}/fail/${code}`);
        const text = await response.text();
        expect(text).not.toContain('13800138000');
        answers[code] = [response.status, JSON.parse(text).error.code];
      }
      expect(answers).toEqual({
        23505: [409, 'DUPLICATE'],
        22021: [400, 'VALIDATION_FAILED'],
        '22P02': [400, 'VALIDATION_FAILED'],
        22003: [400, 'VALIDATION_FAILED'],
        22007: [400, 'VALIDATION_FAILED'],
        22008: [400, 'VALIDATION_FAILED'],
        // Not the client's fault: still a 500 (serialization failure, statement timeout).
        40001: [500, 'INTERNAL'],
        57014: [500, 'INTERNAL'],
      });
    } finally {
      listening.close();
    }
  });
});

describe('requests the HTTP parser cannot read', () => {
  /** Sends raw bytes (no client library would send these) and returns the raw answer. */
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(server.url);
      const socket = connect(Number(port), hostname, () => socket.end(request));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });

  it('answers a NUL or a bare line break in a header, and a broken request line, with 400 MALFORMED_REQUEST', async () => {
    const before = await rowCounts();
    for (const request of [
      'GET /api/tickets HTTP/1.1\r\nHost: x\r\nCookie: careline_session=a\u0000b\r\n\r\n',
      'GET /api/tickets HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rb\r\n\r\n',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      'GET /api/tickets HTTP/9.9 extra\r\n\r\n',
      'POST /api/tickets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ]) {
      const answer = await raw(request);
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body.error.code).toBe('MALFORMED_REQUEST');
      expect(body.error.message).toMatch(/请求.*cannot be read/);
    }
    expect(await rowCounts()).toEqual(before);
  });
});
