import { DEMO_PASSWORD } from '@careline/shared/server';
import { generateSync } from 'otplib';
import { RealtimeClient } from '../helpers/realtime-client';
import { ApiClient, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
const sockets: RealtimeClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ realtime: true, mfaRequiredRoles: ['supervisor'] });
});

afterAll(async () => {
  for (const client of sockets) client.socket.disconnect();
  await server?.close();
});

describe('live updates and the second factor', () => {
  it('refuses a socket to a session that has not passed the second factor, and accepts it once it has', async () => {
    const browser = new ApiClient(server.url);
    expect((await browser.post('/api/auth/login', { username: 'supervisor', password: DEMO_PASSWORD })).body.next).toBe('enrol');
    const pending = new RealtimeClient(server.url, { cookie: browser.cookie });
    sockets.push(pending);
    await expect(pending.connect()).rejects.toThrow();
    pending.socket.disconnect();

    const { secret } = (await browser.post('/api/auth/mfa/enrol')).body;
    expect((await browser.post('/api/auth/mfa/confirm', { code: generateSync({ secret }) })).status).toBe(200);
    const full = new RealtimeClient(server.url, { cookie: browser.cookie });
    sockets.push(full);
    await full.connect();
    expect(full.socket.connected).toBe(true);
  });
});
