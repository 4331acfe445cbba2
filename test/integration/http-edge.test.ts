import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../../api/src/app';
import type { AppContext } from '../../api/src/context';
import { signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** /metrics access, TRUST_PROXY, and what the request log may say about a request. */
let server: TestServer;
const logLines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  server = await startTestServer({ customers: 5, logger: pino({ level: 'debug' }, sink) });
});

afterAll(() => server?.close());

/** Another app on the same database and Redis with a changed configuration, listening on `host`. */
async function appWith(config: Partial<AppContext['config']>, host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<void> }> {
  const context: AppContext = { ...server.context, config: { ...server.context.config, ...config } };
  const listening: Server = await new Promise((resolve) => {
    const created = createApp(context).listen(0, host, () => resolve(created));
  });
  return { port: (listening.address() as AddressInfo).port, close: () => new Promise((resolve) => listening.close(() => resolve())) };
}

const nonLoopbackAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

describe('/metrics', () => {
  it('without METRICS_TOKEN answers only a direct loopback client: not one a proxy forwarded, not another host', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    const forwarded = await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(forwarded.status).toBe(404);
    expect((await forwarded.json()).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${server.url}/metrics`, { headers: { forwarded: 'for=203.0.113.9' } })).status).toBe(404);
    const address = nonLoopbackAddress();
    if (address) {
      const app = await appWith({}, '0.0.0.0');
      try {
        const remote = await fetch(`http://${address}:${app.port}/metrics`);
        expect(remote.status).toBe(404);
        expect((await fetch(`http://127.0.0.1:${app.port}/metrics`)).status).toBe(200);
      } finally {
        await app.close();
      }
    }
  });

  it('with METRICS_TOKEN answers only its bearer, from anywhere', async () => {
    const app = await appWith({ metricsToken: 'scrape-secret-0042' });
    try {
      const url = `http://127.0.0.1:${app.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer scrape-secret-0042x' } })).status).toBe(401);
      const scraped = await fetch(url, { headers: { authorization: 'Bearer scrape-secret-0042', 'x-forwarded-for': '203.0.113.9' } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('careline_http_request_duration_seconds');
    } finally {
      await app.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('is what the configuration says, not a fixed value', () => {
    expect(createApp(server.context).get('trust proxy')).toBe('loopback');
    expect(createApp({ ...server.context, config: { ...server.context.config, trustProxy: 2 } }).get('trust proxy')).toBe(2);
    expect(createApp({ ...server.context, config: { ...server.context.config, trustProxy: '10.0.0.0/8' } }).get('trust proxy')).toBe('10.0.0.0/8');
  });
});

describe('the request log', () => {
  it('holds no phone, VIN or plate from the URL, but the route and status of each request', async () => {
    const agent = await signedIn(server, 'agent');
    logLines.length = 0;
    await agent.get('/api/customers/lookup?phone=13800138000');
    await agent.get('/api/customers/lookup?vin=LSVAU2180N2183294');
    await agent.get(`/api/customers/lookup?plate=${encodeURIComponent('京A12345')}`);
    await agent.get('/api/customers/13800138000');
    await agent.get('/api/tickets/LSVAU2180N2183294/events');
    await agent.get(`/api/customers/${encodeURIComponent('京A12345')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requests = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    expect(requests).toHaveLength(6);
    const text = logLines.join('\n');
    for (const secret of ['13800138000', '3800138', 'LSVAU2180N2183294', '2183294', 'LSVAU', 'A12345', '%E4%BA%AC', '京']) expect(text).not.toContain(secret);
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/api/customers/lookup', route: '/api/customers/lookup' });
    expect(requests[3]).toMatchObject({ path: '/api/customers/:masked' });
    expect(requests[4]).toMatchObject({ path: '/api/tickets/:masked/events' });
    expect(requests.every((entry) => typeof entry.status === 'number' && typeof entry.requestId === 'string')).toBe(true);
    // The test server's configuration has no DATABASE_URL (the embedded mode): request lines are at debug.
    expect(server.context.config.databaseUrl).toBeUndefined();
    expect(requests.every((entry) => entry.level === 20)).toBe(true);
  });
});
