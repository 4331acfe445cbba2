import { buildComplaint, dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * A routing rule may name the SLA policy of the tickets it routes: admins set it in the draft (an unknown or inactive
 * code is refused, naming the rule), the published rule set keeps it, and the ticket it routes is governed by it
 * rather than by the type×priority default. And a copied department's finding meets its clock with `sla.changed`.
 */
let server: TestServer;
let fixture: Fixtures;
let admin: ApiClient;
let agent: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  admin = await signedIn(server, 'admin');
  agent = await signedIn(server, 'agent');
});

afterAll(() => server?.close());

const strip = ({ id: _id, position: _position, ...rule }: Record<string, unknown>) => rule;
const policyOf = async (code: string) => (await server.query<{ id: string }>(`select id from sla_policies where code = $1`, [code]))[0].id;

describe('a routing rule’s SLA policy', () => {
  it('is validated, kept by the published rule set, and governs the clocks of the tickets the rule routes', async () => {
    const { dispatch: _hold, ...body } = buildComplaint(fixture, { priority: 'P3' });
    const byDefault = (await agent.post('/api/tickets', body)).body.ticket;
    expect(byDefault.sla.policyId).toBe(await policyOf('COMPLAINT'));

    const draft = await admin.post('/api/routing/rule-sets/draft');
    const existing = draft.body.ruleSet.rules.map(strip);
    const rule = {
      name: '投诉按紧急时限 Complaints on the urgent clock',
      conditions: [{ field: 'type', op: 'in', value: ['complaint'] }],
      action: { kind: 'fixed_dealer', dealerId: byDefault.responsibleDealer.id },
      ccDepartmentIds: [],
    };

    const unknown = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [...existing, { ...rule, slaPolicyCode: 'NO-SUCH-POLICY' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.error.details.issues).toEqual([
      expect.objectContaining({ path: `rules.${existing.length}.slaPolicyCode`, message: expect.stringContaining(rule.name) }),
    ]);
    expect(unknown.body.error.details.issues[0].message).toContain('NO-SUCH-POLICY');
    await server.query(`update sla_policies set active = false where code = 'LEAD'`);
    const inactive = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [{ ...rule, slaPolicyCode: 'LEAD' }] });
    await server.query(`update sla_policies set active = true where code = 'LEAD'`);
    expect(inactive.status).toBe(400);
    expect(inactive.body.error.details.issues[0]).toMatchObject({ path: 'rules.0.slaPolicyCode', message: expect.stringContaining('inactive SLA policy LEAD') });

    const saved = await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [{ ...rule, slaPolicyCode: 'P1' }, ...existing] });
    expect(saved.status).toBe(200);
    expect(saved.body.ruleSet.rules[0]).toMatchObject({ name: rule.name, slaPolicyCode: 'P1' });
    expect(saved.body.ruleSet.rules[1]).not.toHaveProperty('slaPolicyCode');
    // What the API returns can be sent back as it is.
    expect((await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: saved.body.ruleSet.rules.map(strip) })).status).toBe(200);
    expect((await admin.post('/api/routing/rule-sets/draft/publish')).status).toBe(200);
    const published = (await admin.get(`/api/routing/rule-sets/${draft.body.ruleSet.version}`)).body.ruleSet;
    expect(published.rules[0].slaPolicyCode).toBe('P1');

    const routed = (await agent.post('/api/tickets', body)).body.ticket;
    expect(routed).toMatchObject({ status: 'dispatched', priority: 'P3', responsibleDealer: { id: byDefault.responsibleDealer.id } });
    // The rule's policy, not the type×priority default (COMPLAINT for a P3 complaint).
    expect(routed.sla.policyId).toBe(await policyOf('P1'));
    expect(routed.routing.decision.slaPolicyCode).toBe('P1');
    const events = (await agent.get(`/api/tickets/${routed.id}/events`)).body.items as Array<{ type: string; payload: Record<string, unknown> }>;
    expect(events.find((event) => event.type === 'routed')?.payload.slaPolicyCode).toBe('P1');
    // P1 counts 30 minutes around the clock.
    const shown = (await agent.get(`/api/tickets/${routed.id}`)).body.ticket;
    const acknowledge = shown.sla.milestones.find((clock: { clock: string }) => clock.clock === 'acknowledge');
    expect(new Date(acknowledge.dueAt).getTime() - new Date(acknowledge.startedAt).getTime()).toBe(30 * 60_000);
  });
});

describe('a copied department’s finding', () => {
  it('meets the department’s internal clock and writes sla.changed with the note', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const internal = () =>
      server.query<{ met_at: Date | null }>(`select met_at from sla_milestones where ticket_id = $1 and clock = 'internal' and owner_id = $2`, [ticket.id, fixture.departmentA.id]);
    expect((await internal())[0].met_at).toBeNull();
    const department = await signedIn(server, fixture.departmentA.username);
    const note = await department.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'internal', body: '已排查：线束接头松动' });
    expect(note.status).toBe(201);
    expect((await internal())[0].met_at).not.toBeNull();
    const rows = await server.query<{ topic: string; version: number }>(
      `select topic, (payload ->> 'version')::int as version from outbox where ticket_id = $1 and topic in ('sla.changed', 'ticket.changed') order by id`,
      [ticket.id],
    );
    const noteVersion = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket.version;
    expect(rows.filter((row) => row.version === noteVersion).map((row) => row.topic).sort()).toEqual(['sla.changed', 'ticket.changed']);
  });
});
