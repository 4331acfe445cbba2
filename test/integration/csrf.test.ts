import { createApiKey, DEMO_PASSWORD } from '@careline/shared/server';
import { dispatchedComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { RealtimeClient } from '../helpers/realtime-client';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Forged requests: a write signed in by the session cookie must name careline's own origin (Origin, or Referer when a
 * browser sent no Origin); a page of another origin gets 403 CSRF_REJECTED and nothing changes. API keys are exempt.
 */
let server: TestServer;
let fixture: Fixtures;
let admin: ApiClient;
let adminCookie: string;
let targetUserId: string;

beforeAll(async () => {
  server = await startTestServer({ realtime: true });
  fixture = await fixtures(server);
  admin = await signedIn(server, 'admin');
  adminCookie = await cookieOf('admin');
  [{ id: targetUserId }] = await server.query<{ id: string }>(`select id from users where username = $1`, [fixture.departmentB.username]);
});

afterAll(() => server?.close());

async function cookieOf(username: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')!.split(';')[0];
}

/** A body-less admin action, as a form on another page would send it: only the headers differ between cases. */
const post = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { method: 'POST', headers });

const isActive = async () => (await server.query<{ active: boolean }>(`select active from users where id = $1`, [targetUserId]))[0].active;

describe('writes signed in by cookie', () => {
  it('from another origin are refused with 403 CSRF_REJECTED and change nothing', async () => {
    for (const origin of ['http://evil.example', 'null', `${server.url}.evil.example`, 'http://127.0.0.1:1', 'not a url']) {
      const response = await post(`/api/admin/users/${targetUserId}/deactivate`, { cookie: adminCookie, origin, 'accept-language': 'en' });
      expect(response.status).toBe(403);
      const body = await response.json();
      expect(body.error.code).toBe('CSRF_REJECTED');
      expect(body.error.message).toMatch(/origin/i);
    }
    const chinese = await post(`/api/admin/users/${targetUserId}/deactivate`, { cookie: adminCookie, origin: 'http://evil.example' });
    expect((await chinese.json()).error.message).toMatch(/来源/);
    expect(await isActive()).toBe(true);
  });

  it('with a foreign Referer and no Origin are refused', async () => {
    const response = await post(`/api/admin/users/${targetUserId}/deactivate`, { cookie: adminCookie, referer: 'http://evil.example/page.html' });
    expect(response.status).toBe(403);
    expect(await isActive()).toBe(true);
  });

  it('with neither Origin nor Referer are refused', async () => {
    const response = await post(`/api/admin/users/${targetUserId}/deactivate`, { cookie: adminCookie });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('CSRF_REJECTED');
    expect(await isActive()).toBe(true);
  });

  it('pass with careline’s own Referer when the browser sent no Origin, and with its own Origin', async () => {
    const byReferer = await post(`/api/admin/users/${targetUserId}/deactivate`, { cookie: adminCookie, referer: `${server.url}/admin/users?page=2` });
    expect(byReferer.status).toBe(200);
    expect(await isActive()).toBe(false);
    const byOrigin = await post(`/api/admin/users/${targetUserId}/reactivate`, { cookie: adminCookie, origin: server.url });
    expect(byOrigin.status).toBe(200);
    expect(await isActive()).toBe(true);
  });

  it('are checked before anything else: a cookie with an API key beside it is still a cookie write', async () => {
    const { key } = await createApiKey(server.database.db, { dealerId: fixture.dealerA.id, name: 'DMS 旁路' });
    const response = await post(`/api/admin/users/${targetUserId}/deactivate`, { cookie: adminCookie, 'x-api-key': key, origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(await isActive()).toBe(true);
  });

  it('reads (GET) need no Origin', async () => {
    const response = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: adminCookie } });
    expect(response.status).toBe(200);
  });
});

describe('sign-in', () => {
  it('from another origin is refused (login CSRF) and sets no cookie', async () => {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('CSRF_REJECTED');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('without Origin (a script, curl) is allowed', async () => {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
  });
});

describe('dealer systems with an API key', () => {
  it('write without Origin or Referer', async () => {
    const agent = await signedIn(server, 'agent');
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const { key } = await createApiKey(server.database.db, { dealerId: fixture.dealerA.id, name: 'DMS' });
    const response = await fetch(`${server.url}/api/tickets/${ticket.id}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ visibility: 'dealer', body: 'DMS 已同步 csrf-exempt-marker' }),
    });
    expect(response.status).toBe(201);
    const notes = await server.query(`select 1 from ticket_events where ticket_id = $1 and payload::text like '%csrf-exempt-marker%'`, [ticket.id]);
    expect(notes).toHaveLength(1);
    // The admin client of this file still works: it sends the Origin a browser sends.
    expect((await admin.post(`/api/admin/users/${targetUserId}/reactivate`)).status).toBe(200);
  });
});

describe('the socket handshake', () => {
  const clients: RealtimeClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  const connect = (options: ConstructorParameters<typeof RealtimeClient>[1]) => {
    const client = new RealtimeClient(server.url, { ...options });
    clients.push(client);
    client.socket.io.opts.reconnection = false;
    return client.connect();
  };

  it('from another origin is refused, with the admin’s cookie', async () => {
    await expect(connect({ cookie: adminCookie, origin: 'http://evil.example' })).rejects.toThrow();
    await expect(connect({ cookie: adminCookie, origin: 'null' })).rejects.toThrow();
  });

  it('with the cookie but no Origin counts the cookie only from a same-origin page (Sec-Fetch-Site)', async () => {
    await expect(connect({ cookie: adminCookie, origin: null })).rejects.toThrow('UNAUTHENTICATED');
    await expect(connect({ cookie: adminCookie, origin: null, headers: { 'sec-fetch-site': 'same-site' } })).rejects.toThrow('UNAUTHENTICATED');
    await expect(connect({ cookie: adminCookie, origin: null, headers: { 'sec-fetch-site': 'same-origin' } })).resolves.toBeUndefined();
  });

  it('from careline’s own origin, or from a server-side client with an API key, is accepted', async () => {
    await expect(connect({ cookie: adminCookie })).resolves.toBeUndefined();
    const { key } = await createApiKey(server.database.db, { dealerId: fixture.dealerA.id, name: 'DMS socket' });
    await expect(connect({ apiKey: key, origin: null })).resolves.toBeUndefined();
  });
});
