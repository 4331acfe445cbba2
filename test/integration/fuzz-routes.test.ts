import { randomUUID } from 'node:crypto';
import { createApiKey, createSession } from '@careline/shared/server';
import fc from 'fast-check';
import { dispatchedComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The proof that no input gets a 5xx and no refused request changes anything: a property-based fuzz over every route
 * of /api/openapi.json, 10,000 cases, each with a fresh Idempotency-Key. Cases mix near-valid requests (built from the
 * operation's own JSON schema, one part broken) with hostile ones: bad %-escapes and garbage in path parameters and
 * the query, NUL and lone surrogates in strings, wrong JSON types, huge numbers and strings, arrays and objects for
 * scalars, wrong content types and charsets, empty and invalid JSON, malformed cookies, Origins and API keys.
 * Most cases are signed in as an admin (cookie plus the right Origin) so validation and commands are reached; some
 * are anonymous, some use an agent's session, some a dealer system's API key.
 *
 * After every refused (non-2xx) write, a fingerprint of every table must be unchanged. Nothing is excluded: a case
 * that signs the fuzz out (POST /api/auth/logout) or deactivates a user is followed by a fresh session.
 *
 * It runs on the PostgreSQL server only (its subject is the HTTP edge, not the database: `notAboutTheDatabase` in
 * jest.config.js), so the one run is the 10,000 cases of a CI run. FUZZ_RUNS and FUZZ_SEED replay or widen a run; a
 * failure prints the shrunk case.
 */
let server: TestServer;
let fixture: Fixtures;
let adminId: string;
let agentId: string;
const cookies = { admin: '', agent: '' };
let apiKey: string;
let tables: string[];
/** Real ids to put into path parameters, by parameter name, so that cases reach past NOT_FOUND. */
const knownIds: Record<string, string[]> = {};

interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  body?: JsonSchema;
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}
let operations: Operation[];

beforeAll(async () => {
  server = await startTestServer({ customers: 5, loginFailuresPerAccount: 1e9, loginFailuresPerIp: 1e9, customerLookupsPerMinute: 1e9 });
  fixture = await fixtures(server);
  [{ id: adminId }] = await server.query<{ id: string }>(`select id from users where username = 'admin'`);
  [{ id: agentId }] = await server.query<{ id: string }>(`select id from users where username = 'agent'`);
  await renewSessions();
  apiKey = (await createApiKey(server.database.db, { dealerId: fixture.dealerA.id, name: 'fuzz DMS' })).key;
  // A few tickets in different states, so ticket actions meet real tickets.
  const agent = await signedIn(server, 'agent');
  const tickets = [];
  for (const dealer of [fixture.dealerA.id, fixture.dealerB.id, fixture.dealerA.id]) tickets.push(await dispatchedComplaint(agent, fixture, dealer));
  tables = (
    await server.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)
  ).map((row) => row.table_name);
  const ids = async (sql: string) => (await server.query<{ id: string }>(sql)).map((row) => String(row.id));
  knownIds.id = [
    ...tickets.map((ticket) => ticket.id),
    ...(await ids(`select id from users where id <> '${adminId}' order by username limit 4`)),
    ...(await ids(`select id from dealers order by code limit 2`)),
    ...(await ids(`select id from departments order by code limit 2`)),
    ...(await ids(`select id from regions order by code limit 2`)),
    ...(await ids(`select id from calendars limit 1`)),
    ...(await ids(`select id from sla_policies limit 2`)),
    ...(await ids(`select id from customers limit 2`)),
    ...(await ids(`select id from api_keys limit 1`)),
    ...(await ids(`select id from outbox order by id limit 2`)),
  ];
  knownIds.version = ['1', '2'];
  knownIds.year = ['2026', '2027'];
  knownIds.action = ['acknowledge', 'start', 'resolve', 'close', 'reopen', 'cancel', 'escalate', 'wait-for-customer', 'resume', 'transfer'];
  const document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content['application/json']?.schema,
    })),
  );
}, 120_000);

afterAll(() => server?.close());

/** Sessions made directly (no sign-in request): a case may have signed the fuzz out or deactivated the agent. */
async function renewSessions(): Promise<void> {
  await server.query(`update users set active = true where id in ($1, $2)`, [adminId, agentId]);
  cookies.admin = `careline_session=${(await createSession(server.database.db, adminId, 'active')).token}`;
  cookies.agent = `careline_session=${(await createSession(server.database.db, agentId, 'active')).token}`;
}

/**
 * Per table: its row count and the newest `xmin` (the transaction that last wrote a row version). Any insert,
 * update or delete changes one of them. Sessions and API keys count rows only: reading with them touches their
 * last-use time, which is not a change the request made to data.
 */
async function fingerprint(): Promise<string> {
  const countOnly = new Set(['sessions', 'api_keys']);
  const parts = tables.map((table) =>
    countOnly.has(table)
      ? `select '${table}' as t, count(*)::text as n, '' as x from "${table}"`
      : `select '${table}' as t, count(*)::text as n, coalesce(max(xmin::text::bigint), 0)::text as x from "${table}"`,
  );
  const rows = await server.query<{ t: string; n: string; x: string }>(parts.join(' union all '));
  return rows.map((row) => `${row.t}:${row.n}:${row.x}`).join('|');
}

// ---------------------------------------------------------------------------------------------------------------
// Generators

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\udc00b', '\ud83d'];
/** Strings that are hard to store or compare: NUL, lone surrogates, huge, unicode, whitespace, look-alikes. */
const nastyString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', ...LONE_SURROGATES, '😡', 'ＴＳ', '\u202e', '\ufeff', '%00', '%E0', '../..', '__proto__', 'constructor', 'null', 'true', '1e308', '-0', 'NaN'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('x'.repeat(5_000), '长'.repeat(20_000)),
);
const nastyNumber = fc.oneof(
  fc.constantFrom(0, -1, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 63), 0.5, 1e-300),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const anyJson = fc.jsonValue({ maxDepth: 2 });
const junk: fc.Arbitrary<unknown> = fc.oneof(nastyString, nastyNumber, fc.constantFrom(null, true, false, [], {}, [null], JSON.parse('{"__proto__":{"role":"admin"}}')), anyJson);

function typesOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

/** A value that fits `schema` (mostly), each part replaced by junk now and then: near-valid input reaches commands. */
function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return junk;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((variant) => fromSchema(variant, depth + 1)));
  if (schema.allOf?.length) return fromSchema(Object.assign({}, ...schema.allOf), depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const [type] = typesOf(schema).filter((candidate) => candidate !== 'null');
  let valid: fc.Arbitrary<unknown>;
  switch (type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of properties) record[name] = fromSchema(property, depth + 1);
      valid = fc.record(record, { requiredKeys: (schema.required ?? []).filter((name) => name in record) });
      break;
    }
    case 'array':
      valid = fc.array(fromSchema(schema.items, depth + 1), { maxLength: 4 });
      break;
    case 'integer':
      valid = fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 1_000 });
      break;
    case 'number':
      valid = fc.double({ min: schema.minimum ?? -5, max: schema.maximum ?? 1_000, noNaN: true });
      break;
    case 'boolean':
      valid = fc.boolean();
      break;
    case 'string':
      if (schema.format === 'uuid') valid = fc.oneof(fc.constantFrom(...knownIds.id), fc.uuid());
      else if (schema.format === 'date-time') valid = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
      else if (schema.format === 'date') valid = fc.constantFrom('2026-01-01', '2026-02-29', '2026-13-01', '0000-00-00');
      else if (schema.format === 'email') valid = fc.emailAddress();
      else valid = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 60) });
      break;
    default:
      valid = anyJson;
  }
  // One part in about fifteen broken: a body of ten fields is whole about half the time and reaches its command.
  return fc.oneof({ weight: 14, arbitrary: valid }, { weight: 1, arbitrary: junk });
}

/** A path parameter: a real id, a well-formed stranger, or garbage (bad escapes, encoded NUL and surrogates). */
const pathValue = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(knownIds[name] ?? knownIds.id)).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.uuid() },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom('%E0', '%ED%A0%80', '%00', '%', '%%', '%G1', '%C0%AF', '%FF%FE', 'x'.repeat(2_000), '-1', '1e308', '99999999999999999999', '0', '00000000-0000-0000-0000-000000000000', '__proto__', 'draft', '..', '%2e%2e', '%2F', 'a%20b', '%EF%BF%BD'),
        fc.string({ maxLength: 30 }).map(percentEncode),
      ),
    },
  );

/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 a hostile client would send. */
function percentEncode(text: string): string {
  return [...text].map((char) => (/^[\ud800-\udfff]$/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join('');
}

/** The query: the operation's own parameters (fitting or not), repeated keys, prototype keys, raw garbage. */
function queryOf(operation: Operation): fc.Arbitrary<string> {
  const names = operation.parameters.filter((parameter) => parameter.in === 'query');
  const pair = fc.oneof(
    ...(names.length
      ? [
          fc.constantFrom(...names).chain((parameter) =>
            fromSchema(parameter.schema).map((value) => `${parameter.name}=${percentEncode(typeof value === 'string' ? value : JSON.stringify(value) ?? '')}`),
          ),
        ]
      : []),
    fc.constantFrom('__proto__=1', '__proto__[admin]=1', 'constructor=x', 'q=a%00b', 'q=%E0', 'limit=1e308', 'limit=-1', 'page=-1', 'q=a&q=b', 'status[]=x', 'lang=en', '%=%', '&&&', 'a[b][c][d]=1'),
    fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })).map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`),
  );
  // Mostly no query on writes (their handlers read none, and any key is refused): the body is what they test.
  const none = operation.method === 'GET' ? 1 : 3;
  return fc.oneof({ weight: none, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => `?${pairs.join('&')}`) });
}

type Body = { kind: 'none' } | { kind: 'raw'; text: string; contentType?: string };

function bodyOf(operation: Operation): fc.Arbitrary<Body> {
  const json = (value: unknown) => JSON.stringify(value) ?? 'null';
  const contentTypes = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin9', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json;;;', 'application/vnd.api+json', '*/*', 'application/json; charset="');
  return fc.oneof(
    { weight: 8, arbitrary: fromSchema(operation.body).map((value): Body => ({ kind: 'raw', text: json(value), contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'none' }) },
    { weight: 1, arbitrary: junk.map((value): Body => ({ kind: 'raw', text: json(value), contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('', '{', '{"a":', '[', 'nul', '{"a":1}}', '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"role":"admin"}}', `{"a":${'['.repeat(5_000)}`), contentTypes).map(
        ([text, contentType]): Body => ({ kind: 'raw', text, contentType }),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(fromSchema(operation.body), contentTypes).map(([value, contentType]): Body => ({ kind: 'raw', text: json(value), contentType })) },
  );
}

type Credential = 'admin' | 'agent' | 'anonymous' | 'apiKey' | 'badCookie' | 'badApiKey';
const credential = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Credential>('admin') },
  { weight: 3, arbitrary: fc.constant<Credential>('agent') },
  { weight: 2, arbitrary: fc.constant<Credential>('anonymous') },
  { weight: 2, arbitrary: fc.constant<Credential>('apiKey') },
  { weight: 1, arbitrary: fc.constant<Credential>('badCookie') },
  { weight: 1, arbitrary: fc.constant<Credential>('badApiKey') },
);
const badApiKey = fc.oneof(
  fc.constantFrom<[string, string]>(['x-api-key', 'ck_%E0_x'], ['x-api-key', ''], ['x-api-key', 'x'.repeat(8_000)], ['authorization', 'Bearer '], ['authorization', 'Bearer ck_000000000000_nothing'], ['authorization', 'Basic YWRtaW46Y2FyZWxpbmU='], ['authorization', 'Bearer \u00ff\u00fe']),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }).filter((text) => !/[\u0000-\u001f\u007f]/.test(text)).map((text): [string, string] => ['x-api-key', text]),
);
/** Other headers a client controls: request id, language, forwarding, all Latin-1 as fetch requires. */
const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)), maxLength: 200 });
const extraHeaders = fc.record(
  { 'x-request-id': latin1, 'accept-language': latin1, 'x-forwarded-for': latin1, accept: latin1, 'if-none-match': latin1 },
  { requiredKeys: [] },
);
/** Header values fetch can send (Latin-1, no CR/LF/NUL), malformed in every other way. */
const badCookie = fc.constantFrom('careline_session=%E0', 'careline_session=%', `careline_session=${'x'.repeat(6_000)}`, 'careline_session=', 'careline_session', '=;=;', 'careline_session=a; careline_session=b', 'careline_session="%ED%A0%80"', 'careline_session=\u00e9\u00ff');
const origin = fc.oneof(
  { weight: 10, arbitrary: fc.constant<string | undefined>('own') },
  { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, 'null', 'http://evil.example', `http://${'a'.repeat(3_000)}.example`, 'not a url', 'http://127.0.0.1:1') },
);
const idempotencyKey = fc.oneof({ weight: 9, arbitrary: fc.constant('fresh') }, { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(300), '\u00ff\u00fe', '%00') });

function requestOf(operation: Operation) {
  const pathParameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  return fc.record({
    operation: fc.constant(operation),
    path: fc.tuple(...pathParameters.map(pathValue)).map((values) => values.reduce((path, value, index) => path.replace(`{${pathParameters[index]}}`, value), operation.path)),
    query: queryOf(operation),
    body: bodyOf(operation),
    credential,
    badCookie,
    badApiKey,
    extraHeaders: fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extraHeaders }),
    origin,
    idempotencyKey,
    english: fc.boolean(),
  });
}

// ---------------------------------------------------------------------------------------------------------------

const statuses = new Map<number, number>();
const byOperation = new Map<string, Map<number, number>>();
let cachedFingerprint: string | undefined;
let keyCounter = 0;

function count(key: string, status: number) {
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const forOperation = byOperation.get(key) ?? new Map<number, number>();
  forOperation.set(status, (forOperation.get(status) ?? 0) + 1);
  byOperation.set(key, forOperation);
}

describe('every route of /api/openapi.json under hostile input', () => {
  it('answers every case below 500 with a coded, worded error, and a refused write changes no row', async () => {
    expect(operations.length).toBeGreaterThan(50);
    // The fingerprint sees a write, even one that changes no value (a test that cannot fail proves nothing).
    const unchanged = await fingerprint();
    await server.query(`update regions set code = code where id = (select id from regions limit 1)`);
    expect(await fingerprint()).not.toBe(unchanged);
    const cases = fc.constantFrom(...operations).chain(requestOf);
    await fc.assert(
      fc.asyncProperty(cases, async (generated) => {
        const { operation, body } = generated;
        const write = operation.method !== 'GET';
        const headers: Record<string, string> = { 'accept-language': generated.english ? 'en' : 'zh-CN,zh;q=0.9', ...generated.extraHeaders };
        if (generated.credential === 'admin') headers.cookie = cookies.admin;
        if (generated.credential === 'agent') headers.cookie = cookies.agent;
        if (generated.credential === 'badCookie') headers.cookie = generated.badCookie;
        if (generated.credential === 'apiKey') headers['x-api-key'] = apiKey;
        if (generated.credential === 'badApiKey') headers[generated.badApiKey[0]] = generated.badApiKey[1];
        if (generated.origin === 'own') headers.origin = server.url;
        else if (generated.origin !== undefined) headers.origin = generated.origin;
        headers['idempotency-key'] = generated.idempotencyKey === 'fresh' ? `fuzz-${(keyCounter += 1)}-${randomUUID()}` : generated.idempotencyKey;
        const withBody = write && body.kind === 'raw';
        if (withBody && body.contentType !== undefined) headers['content-type'] = body.contentType;

        const before = write ? (cachedFingerprint ??= await fingerprint()) : undefined;
        let response: Response;
        try {
          response = await fetch(`${server.url}/api${generated.path.replace(/^\/api/, '')}${generated.query}`, {
            method: operation.method,
            headers,
            body: withBody ? body.text : undefined,
          });
        } catch (error) {
          // fetch itself refused to send it (a URL or header it cannot encode): nothing reached the server.
          if (error instanceof TypeError && (error as { cause?: unknown }).cause === undefined) return;
          throw error;
        }
        const text = await response.text();
        count(`${operation.method} ${operation.path}`, response.status);
        if (response.status >= 500) throw new Error(`${response.status}: ${text.slice(0, 500)}`);

        const ok = response.status >= 200 && response.status < 300;
        if (!ok && response.status !== 431) {
          // Every refusal names a stable code and says why in the caller's language.
          const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          expect(typeof parsed.error?.code).toBe('string');
          expect(typeof parsed.error?.message).toBe('string');
          expect((parsed.error!.message as string).length).toBeGreaterThan(0);
        }
        if (write && !ok) {
          const after = await fingerprint();
          expect(after).toBe(before);
        } else {
          // Something may have changed (an accepted write; a read that records a lookup): take a new baseline.
          cachedFingerprint = undefined;
        }
        if (ok && write && /\/auth\/logout|\/admin\/users\/.*\/(deactivate|reset-password)|\/auth\/password|\/auth\/mfa/.test(operation.path)) await renewSessions();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 10_000), seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
    const summary = [...byOperation.entries()].map(([key, counts]) => `${key} ${JSON.stringify(Object.fromEntries(counts))}`).join('\n');
    if (process.env.FUZZ_REPORT) process.stderr.write(`fuzz statuses ${JSON.stringify(Object.fromEntries(statuses))}\n${summary}\n`);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    // The cases reached past the edge: many validation refusals, and accepted writes too.
    const runs = [...statuses.values()].reduce((sum, value) => sum + value, 0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(runs / 10);
    expect([...statuses.keys()].some((status) => status >= 200 && status < 300)).toBe(true);
  }, 600_000);
});
