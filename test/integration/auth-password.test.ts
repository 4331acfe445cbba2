import { DEMO_PASSWORD, hashPassword } from '@careline/shared/server';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

describe('passwords', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ production: true });
  });
  afterAll(() => server?.close());

  it('rehashes a hash made at a lower scrypt cost at the next successful sign-in, and only then', async () => {
    const old = await hashPassword(DEMO_PASSWORD, { N: 2 ** 10, r: 8, p: 1, keyLength: 64 });
    await server.query(`update users set password_hash = $1 where username = 'quality'`, [old]);
    expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'quality', password: 'wrong-password' })).status).toBe(401);
    expect((await server.query<{ password_hash: string }>(`select password_hash from users where username = 'quality'`))[0].password_hash).toBe(old);
    await signedIn(server, 'quality');
    const [row] = await server.query<{ password_hash: string }>(`select password_hash from users where username = 'quality'`);
    expect(row.password_hash).not.toBe(old);
    expect(row.password_hash).not.toMatch(/^scrypt\$1024\$/);
    await signedIn(server, 'quality');
  });

  it('refuses weak passwords set by an admin with WEAK_PASSWORD naming each rule; nothing changes', async () => {
    const admin = await signedIn(server, 'admin');
    const [agent] = await server.query<{ id: string; password_hash: string }>(`select id, password_hash from users where username = 'agent'`);
    const cases: Array<[string, string[]]> = [
      ['short', ['min_length']],
      [DEMO_PASSWORD, ['demo_password']],
      ['1234567890', ['common_password']],
      ['my-agent-password', ['contains_username']],
    ];
    for (const [password, rules] of cases) {
      const response = await admin.post(`/api/admin/users/${agent.id}/reset-password`, { password });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('WEAK_PASSWORD');
      expect(response.body.error.details.rules).toEqual(rules);
    }
    const created = await admin.post('/api/admin/users', { username: 'zhou.min', displayName: '周敏', role: 'agent', password: 'zhou.min2026!' });
    expect(created.body.error.code).toBe('WEAK_PASSWORD');
    expect((await server.query(`select 1 from users where username = 'zhou.min'`)).length).toBe(0);
    expect((await server.query<{ password_hash: string }>(`select password_hash from users where id = $1`, [agent.id]))[0].password_hash).toBe(agent.password_hash);
  });

  it('lets a user change their own password: current one required, rules apply, other sessions end, passwordChangedAt set', async () => {
    const desk = await signedIn(server, 'dealer');
    const phone = await signedIn(server, 'dealer');
    const wrong = await desk.post('/api/auth/password', { currentPassword: 'not-it', newPassword: 'a-new-long-phrase' });
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const weak = await desk.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD });
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    expect((await desk.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a-new-long-phrase' })).status).toBe(204);
    expect((await desk.get('/api/auth/me')).status).toBe(200);
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    const [row] = await server.query<{ password_changed_at: Date | null }>(`select password_changed_at from users where username = 'dealer'`);
    expect(row.password_changed_at).not.toBeNull();
    expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'dealer', password: DEMO_PASSWORD })).status).toBe(401);
    await new ApiClient(server.url).login('dealer', 'a-new-long-phrase');
  });
});
