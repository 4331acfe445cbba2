import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { DEMO_PASSWORD } from '@careline/shared/server';
import { Redis } from 'ioredis';
import { ApiClient, startTestServer, type TestServer } from '../helpers/test-server';

const login = (client: ApiClient, username: string, password: string, headers?: Record<string, string>) =>
  client.post('/api/auth/login', { username, password }, headers);

describe('sign-in limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ loginFailuresPerAccount: 3, loginFailuresPerIp: 6 });
  });
  afterAll(() => server?.close());

  it('counts failures per account from any address; a correct password does not pass a full account bucket', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      // A different address each time (the test server trusts the loopback proxy): per-address limits alone would not hold.
      statuses.push((await login(new ApiClient(server.url), 'agent', `guess-${attempt}`, { 'x-forwarded-for': `203.0.113.${attempt}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await login(new ApiClient(server.url), 'agent', DEMO_PASSWORD, { 'x-forwarded-for': '203.0.113.99' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Every counter has a TTL: none can lock an account for ever.
    const keys = await server.context.redis.keys(`${server.context.config.redisPrefix}login:fail:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await server.context.redis.pttl(key)).toBeGreaterThan(0);
  });

  it('counts parallel guesses before checking them: no burst gets more than the limit', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) => login(new ApiClient(server.url), 'dealer.manager', `burst-${index}`, { 'x-forwarded-for': `203.0.113.${100 + index}` })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
  });

  it('lets the real user in from a browser where they signed in before, while the attacker is locked out', async () => {
    const desk = new ApiClient(server.url);
    expect((await login(desk, 'dealer', DEMO_PASSWORD)).status).toBe(200);
    expect(desk.cookie).toMatch(/careline_device=[A-Za-z0-9_-]{43}/);
    for (let attempt = 0; attempt < 3; attempt += 1) await login(new ApiClient(server.url), 'dealer', `spray-${attempt}`, { 'x-forwarded-for': '198.51.100.7' });
    expect((await login(new ApiClient(server.url), 'dealer', DEMO_PASSWORD, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(429);
    // The known browser has its own bucket: a typo or two, then in.
    expect((await login(desk, 'dealer', 'typo-password')).status).toBe(401);
    expect((await login(desk, 'dealer', DEMO_PASSWORD)).status).toBe(200);
    // A device cookie is good only for the account that signed in with it.
    const borrowed = new ApiClient(server.url, { cookie: desk.cookie!.split('; ').find((pair) => pair.startsWith('careline_device='))! });
    expect((await login(borrowed, 'supervisor', 'x1', { 'x-forwarded-for': '198.51.100.9' })).status).toBe(401);
  });

  it('slows password spraying: failures over many usernames from one address', async () => {
    const address = { 'x-forwarded-for': '192.0.2.44' };
    const usernames = ['quality', 'qa', 'supervisor', 'admin', 'nobody.1', 'nobody.2'];
    for (const username of usernames) expect((await login(new ApiClient(server.url), username, 'Spring2026!', address)).status).toBe(401);
    const next = await login(new ApiClient(server.url), 'nobody.3', 'Spring2026!', address);
    expect(next.status).toBe(429);
    // Another address is not affected, nor are those accounts (one failure each).
    expect((await login(new ApiClient(server.url), 'qa', DEMO_PASSWORD, { 'x-forwarded-for': '192.0.2.45' })).status).toBe(200);
  });

  it('refuses NUL characters and lone surrogates in the username with a 400, not a database error', async () => {
    for (const username of ['ad\u0000min', 'ad\uD800min']) {
      const response = await login(new ApiClient(server.url), username, 'whatever-password');
      expect(response.status).toBe(400);
      expect(['VALIDATION_FAILED', 'MALFORMED_REQUEST']).toContain(response.body.error.code);
    }
  });

  it('treats an undecodable session cookie as none: 401, not 500', async () => {
    for (const cookie of ['careline_session=%E0', 'careline_session=%', 'careline_session=%E0%A4%A']) {
      const response = await new ApiClient(server.url, { cookie }).get('/api/tickets');
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('sign-in while Redis is down', () => {
  let redisServer: ChildProcess;
  let server: TestServer;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let attempt = 0; ; attempt += 1) {
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      const up = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
      probe.disconnect();
      if (up) break;
      if (attempt > 50) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server = await startTestServer({ redisUrl: `redis://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await server?.close();
    if (redisServer && redisServer.exitCode === null && redisServer.signalCode === null) {
      const exited = new Promise((resolve) => redisServer.once('exit', resolve));
      redisServer.kill('SIGKILL');
      await exited;
    }
  });

  it('signs in while Redis is up, answers 503 SERVICE_UNAVAILABLE (not 500, not a hang) once it is gone', async () => {
    const agent = new ApiClient(server.url);
    expect((await login(agent, 'agent', DEMO_PASSWORD)).status).toBe(200);
    // A Redis that holds the connection but does not answer (stopped process): 503 after about a second, no hang.
    redisServer.kill('SIGSTOP');
    try {
      const silent = await login(new ApiClient(server.url), 'agent', DEMO_PASSWORD);
      expect(silent.status).toBe(503);
      expect(silent.body.error.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      redisServer.kill('SIGCONT');
    }
    const exited = new Promise((resolve) => redisServer.once('exit', resolve));
    redisServer.kill('SIGKILL');
    await exited;
    for (const password of [DEMO_PASSWORD, 'wrong-password']) {
      const response = await login(new ApiClient(server.url), 'agent', password);
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
    }
    // A signed-in agent still finds callers (the lookup is recorded; only its rate limit lapses).
    const [customer] = await server.query<{ phone: string }>(`select phone from customers limit 1`);
    const lookup = await agent.get(`/api/customers/lookup?phone=${customer.phone}`);
    expect(lookup.status).toBe(200);
    expect((await server.query(`select 1 from customer_lookups`)).length).toBe(1);
  });
});
