import { type Fixtures, fixtures } from '../helpers/factories';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** Admins manage users and departments; nobody else may, and bad input changes nothing. */
let server: TestServer;
let fixture: Fixtures;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  admin = await signedIn(server, 'admin');
});

afterAll(() => server?.close());

const snapshot = async () =>
  server.query(`select id, username, display_name, email, role, dealer_id, department_id, active, password_hash from users order by id`);
const departmentSnapshot = async () => server.query(`select * from departments order by id`);

describe('users', () => {
  it('creates a user who can sign in, with the scope the role needs; a taken username is 409 DUPLICATE', async () => {
    const created = await admin.post('/api/admin/users', {
      username: 'Li.Ming',
      displayName: '李明',
      email: 'li.ming@dealer.example',
      role: 'dealer_user',
      dealerId: fixture.dealerA.id,
      password: 'a-long-password',
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'li.ming', role: 'dealer_user', dealerId: fixture.dealerA.id, departmentId: null, active: true });
    expect(created.body.user.passwordHash).toBeUndefined();
    const [stored] = await server.query<{ password_hash: string }>(`select password_hash from users where username = 'li.ming'`);
    expect(stored.password_hash).toMatch(/^scrypt\$/);

    const me = await (await new ApiClient(server.url).login('li.ming', 'a-long-password')).get('/api/auth/me');
    expect(me.status).toBe(200);

    const again = await admin.post('/api/admin/users', { username: 'li.ming', displayName: 'x', role: 'agent', password: 'another-password' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE');
    expect(again.body.error.details.existingId).toBe(created.body.user.id);

    const found = await admin.get(`/api/admin/users?q=li.m&dealerId=${fixture.dealerA.id}`);
    expect(found.body.items.map((user: { username: string }) => user.username)).toEqual(['li.ming']);
    expect(found.body.total).toBe(1);
    const agents = await admin.get('/api/admin/users?role=agent&limit=1');
    expect(agents.body.items).toHaveLength(1);
    expect(agents.body.items[0].role).toBe('agent');
  });

  it('refuses bad input with 4xx and changes nothing', async () => {
    const before = await snapshot();
    const cases: Array<[unknown, number, string]> = [
      [{ username: 'short.pw', displayName: 'x', role: 'agent', password: 'short' }, 400, 'WEAK_PASSWORD'],
      [{ username: 'no scope', displayName: 'x', role: 'agent', password: 'long-enough-1' }, 400, 'VALIDATION_FAILED'],
      [{ username: 'dealerless', displayName: 'x', role: 'dealer_user', password: 'long-enough-1' }, 400, 'VALIDATION_FAILED'],
      [{ username: 'deptless', displayName: 'x', role: 'dept_user', dealerId: fixture.dealerA.id, password: 'long-enough-1' }, 400, 'VALIDATION_FAILED'],
      [{ username: 'agent.scoped', displayName: 'x', role: 'agent', dealerId: fixture.dealerA.id, password: 'long-enough-1' }, 400, 'VALIDATION_FAILED'],
      [{ username: 'ghost.dealer', displayName: 'x', role: 'dealer_user', dealerId: '00000000-0000-4000-8000-000000000000', password: 'long-enough-1' }, 422, 'UNKNOWN_REFERENCE'],
      [{ username: 'boss', displayName: 'x', role: 'emperor', password: 'long-enough-1' }, 400, 'VALIDATION_FAILED'],
      [{ username: 'extra', displayName: 'x', role: 'agent', password: 'long-enough-1', isRoot: true }, 400, 'VALIDATION_FAILED'],
      [['an array'], 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await admin.post('/api/admin/users', body);
      expect([response.status, response.body.error?.code]).toEqual([status, code]);
    }
    const [agent] = await server.query<{ id: string }>(`select id from users where username = 'agent'`);
    const patches: Array<[unknown, number]> = [
      [{}, 400],
      [{ role: 'dealer_user' }, 400],
      [{ email: 'not-an-email' }, 400],
      [{ role: 'dept_user', departmentId: '00000000-0000-4000-8000-000000000000' }, 422],
    ];
    for (const [body, status] of patches) expect((await admin.request('PATCH', `/api/admin/users/${agent.id}`, body)).status).toBe(status);
    expect((await admin.request('PATCH', '/api/admin/users/not-a-uuid', { displayName: 'x' })).status).toBe(400);
    expect((await admin.request('PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000', { displayName: 'x' })).status).toBe(404);
    expect((await admin.post(`/api/admin/users/${agent.id}/reset-password`, { password: 'short' })).status).toBe(400);
    const [self] = await server.query<{ id: string }>(`select id from users where username = 'admin'`);
    expect((await admin.post(`/api/admin/users/${self.id}/deactivate`)).status).toBe(403);
    expect((await admin.request('PATCH', `/api/admin/users/${self.id}`, { role: 'agent' })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('changes role and scope; the new scope applies to the user’s next request', async () => {
    const created = (
      await admin.post('/api/admin/users', { username: 'wang.fang', displayName: '王芳', role: 'agent', password: 'first-password' })
    ).body.user;
    const client = await new ApiClient(server.url).login('wang.fang', 'first-password');
    const moved = await admin.request('PATCH', `/api/admin/users/${created.id}`, { role: 'dept_user', departmentId: fixture.departmentA.id, displayName: '王芳（质量）' });
    expect(moved.status).toBe(200);
    expect(moved.body.user).toMatchObject({ role: 'dept_user', departmentId: fixture.departmentA.id, dealerId: null, displayName: '王芳（质量）' });
    expect((await client.get('/api/auth/me')).body.user).toMatchObject({ role: 'dept_user' });
    // Back to a hotline role: the department is dropped with it.
    const back = await admin.request('PATCH', `/api/admin/users/${created.id}`, { role: 'qa' });
    expect(back.body.user).toMatchObject({ role: 'qa', departmentId: null });
  });

  it('a deactivated user can no longer sign in or use an old session; reactivated, they sign in again', async () => {
    const created = (
      await admin.post('/api/admin/users', { username: 'zhao.lei', displayName: '赵磊', role: 'supervisor', password: 'first-password' })
    ).body.user;
    const oldSession = await new ApiClient(server.url).login('zhao.lei', 'first-password');
    expect((await oldSession.get('/api/tickets')).status).toBe(200);

    const deactivated = await admin.post(`/api/admin/users/${created.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.user.active).toBe(false);
    expect((await oldSession.get('/api/tickets')).status).toBe(401);
    expect(await server.query(`select 1 from sessions where user_id = $1`, [created.id])).toHaveLength(0);
    const refused = await new ApiClient(server.url).post('/api/auth/login', { username: 'zhao.lei', password: 'first-password' });
    expect(refused.status).toBe(401);
    expect((await admin.get('/api/admin/users?active=false&q=zhao')).body.items).toHaveLength(1);

    expect((await admin.post(`/api/admin/users/${created.id}/reactivate`)).body.user.active).toBe(true);
    const fresh = await new ApiClient(server.url).login('zhao.lei', 'first-password');
    expect((await fresh.get('/api/tickets')).status).toBe(200);

    // A password reset ends the sessions too, and only the new password works.
    expect((await admin.post(`/api/admin/users/${created.id}/reset-password`, { password: 'second-password' })).status).toBe(204);
    expect((await fresh.get('/api/tickets')).status).toBe(401);
    expect((await new ApiClient(server.url).post('/api/auth/login', { username: 'zhao.lei', password: 'first-password' })).status).toBe(401);
    await new ApiClient(server.url).login('zhao.lei', 'second-password');
  });

  it('is for admins only: everyone else gets 403 and changes nothing', async () => {
    const before = await snapshot();
    const [agent] = await server.query<{ id: string }>(`select id from users where username = 'agent'`);
    for (const username of ['supervisor', 'agent', 'qa', fixture.dealerA.username, fixture.departmentA.username]) {
      const client = await signedIn(server, username);
      expect((await client.get('/api/admin/users')).status).toBe(403);
      expect((await client.post('/api/admin/users', { username: 'sneaky', displayName: 'x', role: 'admin', password: 'long-enough-1' })).status).toBe(403);
      expect((await client.request('PATCH', `/api/admin/users/${agent.id}`, { role: 'admin' })).status).toBe(403);
      expect((await client.post(`/api/admin/users/${agent.id}/deactivate`)).status).toBe(403);
      expect((await client.post(`/api/admin/users/${agent.id}/reset-password`, { password: 'long-enough-1' })).status).toBe(403);
      expect((await client.get('/api/admin/departments')).status).toBe(403);
      expect((await client.request('PATCH', `/api/admin/departments/${fixture.departmentA.id}`, { nameEn: 'x' })).status).toBe(403);
    }
    expect((await new ApiClient(server.url).get('/api/admin/users')).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });
});

describe('departments', () => {
  it('lists departments and changes names, notification addresses and calendar', async () => {
    const { items } = (await admin.get('/api/admin/departments')).body;
    const quality = items.find((department: { id: string }) => department.id === fixture.departmentA.id);
    expect(quality).toMatchObject({ code: 'DEPT-QUALITY', notificationEmails: expect.any(Array) });
    const [calendar] = await server.query<{ id: string }>(`select id from calendars order by code limit 1`);
    const changed = await admin.request('PATCH', `/api/admin/departments/${quality.id}`, {
      nameEn: 'Quality Assurance',
      notificationEmails: ['quality@careline.example', 'qa-lead@careline.example'],
      calendarId: calendar.id,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.department).toMatchObject({ nameEn: 'Quality Assurance', nameZh: quality.nameZh, calendarId: calendar.id, notificationEmails: ['quality@careline.example', 'qa-lead@careline.example'] });

    const before = await departmentSnapshot();
    expect((await admin.request('PATCH', `/api/admin/departments/${quality.id}`, { notificationEmails: ['nope'] })).status).toBe(400);
    expect((await admin.request('PATCH', `/api/admin/departments/${quality.id}`, {})).status).toBe(400);
    expect((await admin.request('PATCH', `/api/admin/departments/${quality.id}`, { code: 'X' })).status).toBe(400);
    expect((await admin.request('PATCH', `/api/admin/departments/${quality.id}`, { calendarId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    expect((await admin.request('PATCH', '/api/admin/departments/00000000-0000-4000-8000-000000000000', { nameEn: 'x' })).status).toBe(404);
    expect(await departmentSnapshot()).toEqual(before);
  });
});
