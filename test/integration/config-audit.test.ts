import { randomUUID } from 'node:crypto';
import { type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Every configuration change records who made it, when, and the old and new values (issue 10), readable by admins,
 * QA and supervisors at GET /api/admin/audit-log; secrets never enter it, and the history cannot be edited.
 */
let server: TestServer;
let fixture: Fixtures;
let admin: ApiClient;
let qa: ApiClient;

interface Change {
  entity: string;
  entityId: string;
  action: string;
  actorName: string;
  actorRole: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  admin = await signedIn(server, 'admin');
  qa = await signedIn(server, 'qa');
});

afterAll(() => server?.close());

async function history(query = ''): Promise<Change[]> {
  const response = await qa.get(`/api/admin/audit-log${query}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

async function expectOk(response: { status: number; body: unknown }, status = 200) {
  if (response.status !== status) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
}

describe('the configuration history', () => {
  it('records an SLA policy change with its old and new values, by whom', async () => {
    const [policy] = await server.query<{ id: string; acknowledge_minutes: number }>(`select id, acknowledge_minutes from sla_policies order by code limit 1`);
    await expectOk(await admin.request('PATCH', `/api/sla-policies/${policy.id}`, { acknowledgeMinutes: policy.acknowledge_minutes + 15 }));
    const [change] = await history(`?entity=sla_policy&entityId=${policy.id}`);
    expect(change).toMatchObject({
      entity: 'sla_policy',
      action: 'update',
      actorRole: 'admin',
      before: { acknowledgeMinutes: policy.acknowledge_minutes, version: expect.any(Number) },
      after: { acknowledgeMinutes: policy.acknowledge_minutes + 15 },
    });
    // Only what changed (and the version that moved with it).
    expect(Object.keys(change.after!).sort()).toEqual(['acknowledgeMinutes', 'version']);
  });

  it('records calendars, a year of holidays, departments and notification settings', async () => {
    const [calendar] = await server.query<{ id: string; name: string }>(`select id, name from calendars order by code limit 1`);
    await expectOk(await admin.request('PATCH', `/api/calendars/${calendar.id}`, { name: `${calendar.name} 改` }));
    await expectOk(await admin.request('PUT', `/api/calendars/${calendar.id}/years/2031`, { days: [{ day: '2031-01-01', kind: 'holiday', name: '元旦' }] }));
    await expectOk(await admin.request('PATCH', `/api/admin/departments/${fixture.departmentB.id}`, { nameEn: 'Renamed department' }));
    await expectOk(await admin.request('PATCH', `/api/dealers/${fixture.dealerA.id}/notification-settings`, { notificationEmails: ['service@dealer-a.example.cn'] }));
    const changes = await history();
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'calendar', entityId: calendar.id, before: { name: calendar.name }, after: { name: `${calendar.name} 改` } }),
        expect.objectContaining({ entity: 'calendar_year', entityId: `${calendar.id}/2031`, before: { days: [] }, after: { days: [{ day: '2031-01-01', kind: 'holiday', name: '元旦' }] } }),
        expect.objectContaining({ entity: 'department', entityId: fixture.departmentB.id, after: { nameEn: 'Renamed department' } }),
        expect.objectContaining({ entity: 'dealer_notification_settings', entityId: fixture.dealerA.id, after: { notificationEmails: ['service@dealer-a.example.cn'] } }),
      ]),
    );
  });

  it('records users and API keys without any secret', async () => {
    const created = await admin.post('/api/admin/users', { username: 'audit.agent', displayName: '审计坐席', role: 'agent', password: 'Long-enough-pass-2026' });
    await expectOk(created, 201);
    const userId = created.body.user.id;
    await expectOk(await admin.request('PATCH', `/api/admin/users/${userId}`, { displayName: '审计坐席二' }));
    await expectOk(await admin.post(`/api/admin/users/${userId}/reset-password`, { password: 'Another-long-pass-2026' }), 204);
    await expectOk(await admin.post(`/api/admin/users/${userId}/deactivate`));
    const key = await admin.post('/api/admin/api-keys', { dealerId: fixture.dealerA.id, name: '审计用 DMS' });
    await expectOk(key, 201);
    await expectOk(await admin.post(`/api/admin/api-keys/${key.body.id}/revoke`), 204);

    const forUser = await history(`?entity=user&entityId=${userId}`);
    expect(forUser.map((change) => change.action)).toEqual(['deactivate', 'reset_password', 'update', 'create']);
    expect(forUser.find((change) => change.action === 'update')).toMatchObject({ before: { displayName: '审计坐席' }, after: { displayName: '审计坐席二' } });
    const forKey = await history(`?entity=api_key&entityId=${key.body.id}`);
    expect(forKey.map((change) => change.action)).toEqual(['revoke', 'create']);

    const everything = JSON.stringify(await history('?limit=500'));
    for (const secret of ['Long-enough-pass-2026', 'Another-long-pass-2026', key.body.key, 'passwordHash', 'keyHash', 'scrypt']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('records a draft’s rules and its publication', async () => {
    const draft = await admin.post('/api/routing/rule-sets/draft');
    await expectOk(draft, 201);
    const strip = ({ id: _id, position: _position, ...rule }: Record<string, unknown>) => rule;
    const rules = draft.body.ruleSet.rules.map(strip);
    // Disable the last rule: one field of one rule changes.
    const edited = rules.map((rule: Record<string, unknown>, index: number) => (index === rules.length - 1 ? { ...rule, enabled: false } : rule));
    await expectOk(await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: edited }));
    await expectOk(await admin.post('/api/routing/rule-sets/draft/publish'));
    const changes = await history(`?entity=rule_set&entityId=${draft.body.ruleSet.id}`);
    expect(changes.map((change) => change.action)).toEqual(['publish', 'replace_draft_rules']);
    expect(changes[0]).toMatchObject({ before: { publishedVersion: draft.body.ruleSet.version - 1 }, after: { publishedVersion: draft.body.ruleSet.version } });
    const replaced = changes[1] as unknown as { before: { rules: Array<{ enabled: boolean }> }; after: { rules: Array<{ enabled: boolean }> } };
    expect(replaced.before.rules.at(-1)!.enabled).toBe(true);
    expect(replaced.after.rules.at(-1)!.enabled).toBe(false);
    expect(replaced.after.rules).toHaveLength(rules.length);
  });

  it('does not record a change that changed nothing', async () => {
    const [policy] = await server.query<{ id: string; name: string }>(`select id, name from sla_policies order by code desc limit 1`);
    const before = (await history(`?entity=sla_policy&entityId=${policy.id}`)).length;
    // The version moves with every save, so send the same name to a department instead: nothing else changes there.
    await expectOk(await admin.request('PATCH', `/api/admin/departments/${fixture.departmentA.id}`, { nameZh: (await server.query<{ name_zh: string }>(`select name_zh from departments where id = $1`, [fixture.departmentA.id]))[0].name_zh }));
    expect(await history(`?entity=department&entityId=${fixture.departmentA.id}`)).toEqual([]);
    expect((await history(`?entity=sla_policy&entityId=${policy.id}`)).length).toBe(before);
  });

  it('is for admins, QA and supervisors only, and cannot be edited', async () => {
    expect((await (await signedIn(server, fixture.dealerA.username)).get('/api/admin/audit-log')).status).toBe(403);
    expect((await (await signedIn(server, 'agent')).get('/api/admin/audit-log')).status).toBe(403);
    expect((await (await signedIn(server, 'supervisor')).get('/api/admin/audit-log')).status).toBe(200);
    expect((await admin.get('/api/admin/audit-log?limit=0')).status).toBe(400);
    await expect(server.query(`update config_changes set actor_name = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(server.query(`delete from config_changes`)).rejects.toThrow(/append-only/);
  });

  it('pages back through the history', async () => {
    const first = await qa.get('/api/admin/audit-log?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextBefore).toEqual(expect.any(String));
    const second = await qa.get(`/api/admin/audit-log?limit=2&before=${encodeURIComponent(first.body.nextBefore)}`);
    expect(second.body.items.length).toBeGreaterThan(0);
    const ids = new Set(first.body.items.map((item: { id: string }) => item.id));
    expect(second.body.items.every((item: { id: string }) => !ids.has(item.id))).toBe(true);
    expect((await qa.get('/api/admin/audit-log?before=yesterday')).status).toBe(400);
    expect((await qa.get('/api/admin/audit-log?before=2026-12-01T00:00:00.000Z~not-an-id')).status).toBe(400);
  });

  it('pages through entries recorded in the same millisecond without skipping or repeating one', async () => {
    const ids = Array.from({ length: 5 }, () => randomUUID());
    for (const id of ids) {
      await server.query(
        `insert into config_changes (id, occurred_at, actor_role, actor_name, entity, entity_id, action, before, after)
         values ($1, '2026-11-30T08:00:00.123Z', 'admin', 'test', 'sla_policy', 'same-millisecond', 'update', '{"a":1}', '{"a":2}')`,
        [id],
      );
    }
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextBefore: string | null } } = await qa.get(
        `/api/admin/audit-log?entityId=same-millisecond&limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      );
      seen.push(...page.body.items.map((item) => item.id));
      before = page.body.nextBefore;
    } while (before);
    expect(seen).toEqual([...ids].sort().reverse());
  });
});
