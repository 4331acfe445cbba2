import { openDatabase } from '@careline/shared/server';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let anonymous: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  anonymous = new ApiClient(server.url);
});

afterAll(() => server?.close());

describe('operations endpoints', () => {
  it('answers liveness without dependencies, and readiness with both stores reported', async () => {
    expect((await anonymous.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await anonymous.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', db: 'ok', redis: 'ok' });
  });

  it('stays ready when only Redis is gone (ticket writes do not need it), and says so', async () => {
    const { Redis } = await import('ioredis');
    const original = server.context.redis;
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    dead.on('error', () => undefined);
    server.context.redis = dead;
    try {
      const ready = await anonymous.get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ready', db: 'ok', redis: 'down' });
      expect((await anonymous.get('/healthz')).status).toBe(200);
    } finally {
      server.context.redis = original;
      dead.disconnect();
    }
  });

  it('is not ready when the database is unreachable, yet alive', async () => {
    const original = server.context.database;
    const unreachable = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/careline', connectionTimeoutMs: 2000 });
    server.context.database = unreachable;
    try {
      const ready = await anonymous.get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready', db: 'down', redis: 'ok' });
      expect((await anonymous.get('/healthz')).body).toEqual({ status: 'ok' });
    } finally {
      server.context.database = original;
      await unreachable.close();
    }
  });

  it('exposes Prometheus metrics with request durations by route', async () => {
    const agent = await signedIn(server, 'agent');
    await agent.get('/api/tickets');
    const metrics = await anonymous.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('careline_http_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(/route="\/api\/tickets"/);
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
  });

  it('serves an OpenAPI 3.1 document generated from the schemas, and readable docs', async () => {
    const { body } = await anonymous.get('/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    const create = body.paths['/api/tickets'].post;
    const variants = create.requestBody.content['application/json'].schema.oneOf ?? create.requestBody.content['application/json'].schema.anyOf;
    const types = variants.map((variant: { properties: { type: { const: string } } }) => variant.properties.type.const);
    expect(types.sort()).toEqual(['complaint', 'enquiry', 'lead', 'praise', 'roadside', 'suggestion']);
    const lead = variants.find((variant: { properties: { type: { const: string } } }) => variant.properties.type.const === 'lead');
    expect(lead.required).toContain('purchaseTiming');
    expect(lead.properties.purchaseTiming.enum).toEqual(['now', 'within_3_months', 'within_6_months', 'within_1_year']);
    const listParameters = body.paths['/api/tickets'].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(listParameters).toEqual(expect.arrayContaining(['type', 'status', 'priority', 'dealerId', 'q', 'cursor', 'sort']));
    expect(body.components.schemas.Error.properties.error.properties.code.enum).toContain('VERSION_CONFLICT');
    const docs = await anonymous.get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect(docs.body).toContain('openapi.json');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const agent = await signedIn(server, 'agent');
    const response = await agent.get('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});
