import { currentPasswordParams } from '@careline/shared/server';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ loginFailuresPerAccount: 5 });
});

afterAll(() => server?.close());

describe('sign-in', () => {
  it('sets an httpOnly SameSite session cookie and answers /me', async () => {
    const client = new ApiClient(server.url);
    const response = await client.post('/api/auth/login', { username: 'supervisor', password: 'careline2026' });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/careline_session=[A-Za-z0-9_-]{40,}/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(response.body.user).toMatchObject({ role: 'supervisor' });
    expect(JSON.stringify(response.body)).not.toContain('password');
    const me = await client.get('/api/auth/me');
    expect(me.body.user.role).toBe('supervisor');
  });

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const [user] = await server.query<{ password_hash: string }>(`select password_hash from users where username = 'agent'`);
    // The tests hash at the explicit test cost (PASSWORD_HASH_COST=test); the default is OWASP's (unit test).
    expect(user.password_hash).toMatch(new RegExp(`^scrypt\\$${currentPasswordParams().N}\\$8\\$1\\$`));
    expect(user.password_hash).not.toContain('careline2026');
  });

  it('refuses a wrong password or unknown user the same way', async () => {
    const wrong = await new ApiClient(server.url).post('/api/auth/login', { username: 'qa', password: 'nope' });
    const unknown = await new ApiClient(server.url).post('/api/auth/login', { username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('logs out: the old cookie no longer works', async () => {
    const client = await signedIn(server, 'qa');
    const cookie = (client as unknown as { cookie: string }).cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const reused = await new ApiClient(server.url, { cookie }).get('/api/auth/me');
    expect(reused.status).toBe(401);
  });

  it('requires authentication everywhere under /api but sign-in and docs', async () => {
    const anonymous = new ApiClient(server.url);
    for (const path of ['/api/tickets', '/api/auth/me', '/api/dealers', '/api/customers/lookup?phone=13800000000', '/api/audit/verify']) {
      const response = await anonymous.get(path);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await anonymous.get('/api/openapi.json')).status).toBe(200);
    const forged = new ApiClient(server.url, { cookie: 'careline_session=forged-token-value' });
    expect((await forged.get('/api/tickets')).status).toBe(401);
  });

  it('limits sign-in attempts per address and user (shared through Redis)', async () => {
    const client = new ApiClient(server.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      statuses.push((await client.post('/api/auth/login', { username: 'admin', password: 'guess' + attempt })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await client.post('/api/auth/login', { username: 'admin', password: 'careline2026' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });
});
