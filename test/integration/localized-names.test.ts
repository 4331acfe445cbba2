import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Routing rules and SLA policies have a name per language (issue 10): the API takes and returns nameZh/nameEn, still
 * takes a request with only `name`, and a routing trace carries the rule's names so the console can show the
 * reader's. Migration 0008 filled the names of existing rows from their one name.
 */
let server: TestServer;
let fixture: Fixtures;
let admin: ApiClient;

interface Policy {
  id: string;
  code: string;
  name: string;
  nameZh: string;
  nameEn: string;
}

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  admin = await signedIn(server, 'admin');
});

afterAll(() => server?.close());

async function policy(code: string): Promise<Policy> {
  const response = await admin.get('/api/sla-policies');
  expect(response.status).toBe(200);
  return response.body.items.find((item: Policy) => item.code === code);
}

async function ok<Response extends { status: number; body: unknown }>(response: Response, status = 200): Promise<Response> {
  if (response.status !== status) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

describe('names in two languages', () => {
  it('lists the demo policies with a name per language', async () => {
    expect(await policy('ROADSIDE')).toMatchObject({ nameZh: '道路救援', nameEn: 'Roadside', name: '道路救援 / Roadside' });
  });

  it('renames a policy per language, or both at once with `name` alone', async () => {
    const lead = await policy('LEAD');
    await ok(await admin.request('PATCH', `/api/sla-policies/${lead.id}`, { nameZh: '销售线索', nameEn: 'Sales lead' }));
    expect(await policy('LEAD')).toMatchObject({ nameZh: '销售线索', nameEn: 'Sales lead', name: '销售线索 / Sales lead' });

    // One language: the other keeps its name.
    await ok(await admin.request('PATCH', `/api/sla-policies/${lead.id}`, { nameEn: 'Lead' }));
    expect(await policy('LEAD')).toMatchObject({ nameZh: '销售线索', nameEn: 'Lead', name: '销售线索 / Lead' });

    // A client that knows only `name`, as before.
    await ok(await admin.request('PATCH', `/api/sla-policies/${lead.id}`, { name: '线索 Lead' }));
    expect(await policy('LEAD')).toMatchObject({ nameZh: '线索 Lead', nameEn: '线索 Lead', name: '线索 Lead' });

    expect((await admin.request('PATCH', `/api/sla-policies/${lead.id}`, { nameEn: '  ' })).body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const history = (await admin.get(`/api/admin/audit-log?entity=sla_policy&entityId=${lead.id}`)).body.items;
    expect(history.at(-1)).toMatchObject({ before: { nameZh: '线索', nameEn: 'Lead' }, after: { nameZh: '销售线索', nameEn: 'Sales lead' } });
  });

  it('takes rules with names per language or with one name, and refuses a rule with none', async () => {
    const draft = (await ok(await admin.post('/api/routing/rule-sets/draft'), 201)).body.ruleSet;
    expect(draft.rules[0]).toMatchObject({ nameZh: '道路救援：离事发地最近的救援站', nameEn: 'Roadside: nearest rescue dealer to the incident' });
    const inputs = draft.rules.map(({ id: _id, position: _position, name: _name, ...rule }: Record<string, unknown>) => rule);
    const everythingElse = inputs.findIndex((rule: { nameZh: string }) => rule.nameZh === '其余：车辆的服务店');
    const renamed = inputs.map((rule: Record<string, unknown>, index: number) =>
      index === everythingElse ? { ...rule, nameZh: '其余：服务店', nameEn: 'Everything else: the servicing dealer' } : rule,
    );
    const { nameZh: _zh, nameEn: _en, ...legacy } = inputs[0];
    const saved = await ok(await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [{ ...legacy, name: '救援 Roadside' }, ...renamed.slice(1)] }));
    expect(saved.body.ruleSet.rules[0]).toMatchObject({ name: '救援 Roadside', nameZh: '救援 Roadside', nameEn: '救援 Roadside' });
    expect(saved.body.ruleSet.rules[everythingElse]).toMatchObject({ name: '其余：服务店 / Everything else: the servicing dealer', nameZh: '其余：服务店' });

    const nameless = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [legacy] });
    expect(nameless.status).toBe(400);
    expect(nameless.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [expect.objectContaining({ path: 'rules.0.nameZh', code: 'missing_name' })] } });

    await ok(await admin.post('/api/routing/rule-sets/draft/publish'));
    const agent = await signedIn(server, 'agent');
    const created = (await ok(await agent.post('/api/tickets', buildComplaint(fixture)), 201)).body.ticket;
    const routed = await ok(await agent.post(`/api/tickets/${created.id}/route`, { version: created.version }));
    const chosen = routed.body.decision.trace.find((entry: { outcome: string }) => entry.outcome === 'chosen');
    expect(chosen).toMatchObject({ ruleNameZh: '其余：服务店', ruleNameEn: 'Everything else: the servicing dealer', ruleName: '其余：服务店 / Everything else: the servicing dealer' });
  });

  it('fills existing rows’ names from their one name, as migration 0008 does', async () => {
    const migration = readFileSync(join(__dirname, '../../shared/src/server/db/migrations/0008_rule_policy_names.sql'), 'utf8');
    const backfill = migration
      .split('--> statement-breakpoint')
      .map((statement) => statement.trim())
      .find((statement) => statement.startsWith('UPDATE "sla_policies"'));
    expect(backfill).toBeDefined();
    const samples: Record<string, [string, string, string]> = {
      ROADSIDE: ['道路救援 / Roadside assistance', '道路救援', 'Roadside assistance'],
      P1: ['紧急：任何类型 Urgent: any type', '紧急：任何类型', 'Urgent: any type'],
      'COMPLAINT-P2': ['投诉 P2', '投诉 P2', '投诉 P2'],
      DEFAULT: ['Everything else', 'Everything else', 'Everything else'],
    };
    for (const [code, [name]] of Object.entries(samples)) await server.query(`update sla_policies set name = $1 where code = $2`, [name, code]);
    await server.query(backfill!);
    const rows = await server.query<{ code: string; name_zh: string; name_en: string }>(`select code, name_zh, name_en from sla_policies where code = any($1)`, [Object.keys(samples)]);
    expect(Object.fromEntries(rows.map((row) => [row.code, [row.name_zh, row.name_en]]))).toEqual(Object.fromEntries(Object.entries(samples).map(([code, [, zh, en]]) => [code, [zh, en]])));
  });
});
