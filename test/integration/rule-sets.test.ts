import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** Rule administration: draft, validate (errors name the rule), dry run on real tickets, publish as a new version. */
let server: TestServer;
let fixture: Fixtures;
let admin: ApiClient;
let agent: ApiClient;
let supervisor: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  admin = await signedIn(server, 'admin');
  agent = await signedIn(server, 'agent');
  supervisor = await signedIn(server, 'supervisor');
});

afterAll(() => server?.close());

describe('routing rule sets', () => {
  it('edits a draft, refuses unknown references naming the rule, dry-runs it, publishes a new version', async () => {
    const { dispatch: _hold, ...body } = buildComplaint(fixture);
    const before = (await agent.post('/api/tickets', body)).body.ticket;
    expect(before.routing.ruleSetVersion).toBe(1);

    const draft = await admin.post('/api/routing/rule-sets/draft');
    expect(draft.status).toBe(201);
    expect(draft.body.ruleSet).toMatchObject({ version: 2, status: 'draft' });
    const published = (await admin.get('/api/routing/rule-sets/1')).body.ruleSet;
    expect(draft.body.ruleSet.rules.map((rule: { name: string }) => rule.name)).toEqual(published.rules.map((rule: { name: string }) => rule.name));

    const [target] = await server.query<{ id: string; code: string }>(
      `select id, code from dealers where active and 'service' = any(capabilities) and id <> $1 order by code limit 1`,
      [before.responsibleDealer.id],
    );
    const strip = ({ id: _id, position: _position, ...rule }: Record<string, unknown>) => rule;
    const existing = draft.body.ruleSet.rules.map(strip);
    const newRule = { name: '投诉全部派往质量试点店 Pilot: all complaints to one dealer', conditions: [{ field: 'type', op: 'in', value: ['complaint'] }], action: { kind: 'fixed_dealer', dealerId: target.id }, ccDepartmentIds: [] };

    const broken = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', {
      rules: [{ ...newRule, name: '坏规则 broken', conditions: [{ field: 'category', op: 'within', value: ['C-NO-SUCH-CATEGORY'] }] }, ...existing],
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.issues[0]).toMatchObject({ path: 'rules.0.conditions.0.value' });
    expect(broken.body.error.details.issues[0].message).toContain('坏规则 broken');
    const badOperator = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [{ ...newRule, conditions: [{ field: 'type', op: 'like', value: ['complaint'] }] }] });
    expect(badOperator.status).toBe(400);
    expect(badOperator.body.error.details.issues[0].path).toMatch(/^rules\.0\.conditions\.0/);
    expect(badOperator.body.error.details.issues[0].message).toContain(`第 1 条规则 “${newRule.name}”`);
    const inEnglish = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [{ ...newRule, conditions: [{ field: 'type', op: 'like', value: ['complaint'] }] }] }, { 'accept-language': 'en' });
    expect(inEnglish.body.error.details.issues[0].message).toContain(`rule 1 “${newRule.name}”`);
    const badField = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [newRule, { ...newRule, name: '未知字段', conditions: [{ field: 'colour', op: 'in', value: ['red'] }] }] });
    expect(badField.body.error.details.issues[0].message).toContain('第 2 条规则 “未知字段”');
    expect((await admin.get('/api/routing/rule-sets/draft')).body.ruleSet.rules).toHaveLength(existing.length);

    const saved = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [newRule, ...existing] });
    expect(saved.status).toBe(200);
    expect(saved.body.ruleSet.rules[0].name).toBe(newRule.name);
    expect((await admin.post('/api/routing/rule-sets/draft/validate')).body).toEqual({ valid: true, problems: [] });

    const dryRun = await admin.post('/api/routing/rule-sets/draft/dry-run', { days: 1 });
    expect(dryRun.status).toBe(200);
    const row = dryRun.body.results.find((result: { ticketId: string }) => result.ticketId === before.id);
    expect(row).toMatchObject({ changed: true, before: { kind: 'dealer', dealerId: before.responsibleDealer.id }, after: { kind: 'dealer', dealerId: target.id } });
    const gain = dryRun.body.loadChanges.find((entry: { party: string }) => entry.party === `dealer:${target.id}`);
    expect(gain.delta).toBe(dryRun.body.changed);
    expect(dryRun.body.names[`dealer:${target.id}`].code).toBe(target.code);
    // A dry run changes nothing.
    expect((await agent.get(`/api/tickets/${before.id}`)).body.ticket.responsibleDealer.id).toBe(before.responsibleDealer.id);

    expect((await supervisor.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [] })).status).toBe(403);
    expect((await supervisor.get('/api/routing/rule-sets')).status).toBe(200);

    const publish = await admin.post('/api/routing/rule-sets/draft/publish');
    expect(publish.body.ruleSet).toMatchObject({ version: 2, status: 'published' });
    const versions = (await admin.get('/api/routing/rule-sets')).body.items.map((item: { version: number; status: string }) => [item.version, item.status]);
    expect(versions).toEqual([[2, 'published'], [1, 'archived']]);

    const after = (await agent.post('/api/tickets', body)).body.ticket;
    expect(after).toMatchObject({ responsibleDealer: { id: target.id }, routing: { ruleSetVersion: 2 } });
    expect((await agent.get(`/api/tickets/${before.id}`)).body.ticket.routing.ruleSetVersion).toBe(1);
    expect((await admin.post('/api/routing/rule-sets/draft/publish')).status).toBe(404);
  });
});
