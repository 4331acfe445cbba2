import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { DEMO_PASSWORD } from '@careline/shared/server';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { connectRedis } from '../../api/src/redis';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/**
 * Redis goes away under traffic and comes back: ticket writes go on (they need only the database and its outbox),
 * sign-in answers 503, no request hangs, readiness stays up and says Redis is down; once Redis is back the outbox
 * drains by itself and the mail of the tickets written meanwhile is sent. Against a redis-server this test starts,
 * kills and restarts itself on one port (never the shared one); on the PostgreSQL server.
 */
let redisProcess: ChildProcess | null = null;
let port: number;
let server: TestServer;
let redis: Redis;
let workers: RunningWorkers | null = null;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let fixture: Fixtures;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: found } = probe.address() as AddressInfo;
      probe.close(() => resolve(found));
    });
  });
}

async function startRedis(): Promise<void> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redisProcess = child;
  const { Redis: Client } = await import('ioredis');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const probe = new Client({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const up = await probe.connect().then(() => probe.ping().then(() => true), () => false);
    probe.disconnect();
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

async function killRedis(): Promise<void> {
  const child = redisProcess;
  redisProcess = null;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A request with a generous client-side limit: the point is that it answers, not how fast. */
function answered<T>(request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the request did not answer within 8 s')), 8000);
  });
  return Promise.race([request, limit]).finally(() => clearTimeout(timer));
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  sink = await startSmtpSink();
  server = await startTestServer();
  await server.query(`update dealers set calendar_id = (select id from calendars where code = '24X7')`);
  fixture = await fixtures(server);
  // The API's own Redis client, as `npm start` makes it, on the Redis this test controls.
  redis = await connectRedis(`redis://127.0.0.1:${port}`, pino({ level: 'silent' }));
  server.context.redis = redis;
  workers = await startTestWorkers(server, sink.url, { redisUrl: `redis://127.0.0.1:${port}` });
});

afterAll(async () => {
  await workers?.close();
  redis?.disconnect();
  await server?.close();
  await sink?.close();
  await killRedis();
});

const routedComplaint = () => {
  const { dispatch: _hold, ...routed } = buildComplaint(fixture);
  return routed;
};

describe('Redis down under traffic', () => {
  it('writes go on, sign-in answers 503, nothing hangs; the outbox drains and the mail goes out once Redis is back', async () => {
    const agent = await signedIn(server, 'agent');
    const before = await agent.post('/api/tickets', routedComplaint());
    expect(before.status).toBe(201);
    await sink.waitFor((mail) => mail.subject?.includes(before.body.ticket.number) ?? false);

    await killRedis();
    const written: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const anonymous = new ApiClient(server.url);
      const responses = await Promise.all([
        answered(agent.post('/api/tickets', routedComplaint())),
        answered(agent.get('/api/tickets?limit=5')),
        answered(anonymous.post('/api/auth/login', { username: 'supervisor', password: 'wrong-password' })),
        answered(anonymous.get('/readyz')),
      ]);
      const [create, list, login, ready] = responses;
      expect(create.status).toBe(201);
      written.push(create.body.ticket.number);
      expect(list.status).toBe(200);
      expect(login.status).toBe(503);
      expect(login.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ db: 'ok', redis: 'down' });
    }
    // Nothing written meanwhile could be handed over: it waits in the outbox, not in a process's memory.
    const [{ pending }] = await server.query<{ pending: number }>(
      `select count(*)::int as pending from outbox o join tickets t on t.id = o.ticket_id where t.number = any($1::text[]) and o.processed_at is null`,
      [written],
    );
    expect(pending).toBeGreaterThan(0);
    expect((await new ApiClient(server.url).get('/healthz')).status).toBe(200);

    await startRedis();
    for (const number of written) await sink.waitFor((mail) => mail.subject?.includes(number) ?? false, 60_000);
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const [{ left }] = await server.query<{ left: number }>(`select count(*)::int as left from outbox where processed_at is null`);
      if (left === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await server.query(`select id from outbox where processed_at is null`)).length).toBe(0);
    // And sign-in works again.
    expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'agent', password: DEMO_PASSWORD })).status).toBe(200);
  }, 120_000);
});
