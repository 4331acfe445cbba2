import { ZRoutingRuleInput } from '@careline/shared';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Preview, save and dry run decide through one function on the same inputs: the agent's preview is what the save
 * then does, and a dry run of a draft identical to the published rules reports no change.
 */
let server: TestServer;
let agent: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ customers: 30, tickets: 40 });
  agent = await signedIn(server, 'agent');
  admin = await signedIn(server, 'admin');
});

afterAll(() => server?.close());

interface DemoTicket {
  type: string;
  channel: string;
  priority: string;
  category_id: string | null;
  customer_id: string | null;
  vehicle_id: string | null;
  subject: string;
  description: string;
  location: { address?: string; lat?: number; lng?: number } | null;
  details: Record<string, unknown>;
  purchase_timing: string | null;
  category_copies: string[] | null;
}

/** The create request that reproduces a demo ticket's inputs. */
function requestFor(ticket: DemoTicket): Record<string, unknown> {
  const optional = (key: string, value: unknown) => (value === null || value === undefined ? {} : { [key]: value });
  return {
    type: ticket.type,
    channel: ticket.channel,
    priority: ticket.priority,
    ...optional('categoryId', ticket.category_id),
    ...optional('customerId', ticket.customer_id),
    ...optional('vehicleId', ticket.vehicle_id),
    contactName: '回放 Replay',
    contactPhone: '13800138000',
    subject: ticket.subject,
    description: ticket.description,
    // The stored location also says where its point came from; the request carries what the agent gave.
    ...(ticket.type === 'roadside'
      ? { location: ticket.location?.address ? { address: ticket.location.address, ...optional('lat', ticket.location.lat), ...optional('lng', ticket.location.lng) } : { address: '未知位置' } }
      : {}),
    ...(ticket.type === 'lead' ? { purchaseTiming: ticket.purchase_timing ?? 'within_3_months' } : {}),
    ...(ticket.type === 'praise' ? optional('praisedDealerId', ticket.details.praisedDealerId) : {}),
  };
}

describe('the routing preview is the decision', () => {
  it('previews exactly what the save then does, for every demo ticket', async () => {
    const demo = await server.query<DemoTicket>(
      `select t.type, t.channel, t.priority, t.category_id, t.customer_id, t.vehicle_id, t.subject, t.description, t.location,
              t.details, t.purchase_timing, c.cc_department_ids as category_copies
         from tickets t left join categories c on c.id = t.category_id order by t.number`,
    );
    expect(demo.length).toBe(40);
    let withCategoryCopies = 0;
    let compared = 0;
    let offered = 0;
    for (const ticket of demo) {
      // Roadside help is offered to rescue providers, not routed (roadside-offers.test.ts): the save starts offers.
      if (ticket.type === 'roadside') {
        offered += 1;
        continue;
      }
      const request = { ...requestFor(ticket), dispatch: 'auto' };
      const preview = await agent.post('/api/routing/preview', request);
      expect(preview.status).toBe(200);
      expect(preview.body.dispatch).toBe('auto');
      const created = await agent.post('/api/tickets', request);
      expect(created.status).toBe(201);
      const [saved] = await server.query<{
        responsible_dealer_id: string | null;
        responsible_department_id: string | null;
        cc_department_ids: string[];
        priority: string;
        routing_decision: { target: unknown; flags: string[]; matchedRuleId: string | null; ccDepartmentIds: string[] };
      }>(`select responsible_dealer_id, responsible_department_id, cc_department_ids, priority, routing_decision from tickets where id = $1`, [
        created.body.ticket.id,
      ]);
      const decision = preview.body.decision;
      const label = `${ticket.type} “${ticket.subject}”`;
      expect({ label, target: saved.routing_decision.target }).toEqual({ label, target: decision.target });
      expect(saved.responsible_dealer_id).toBe(decision.target.kind === 'dealer' ? decision.target.dealerId : null);
      expect(saved.responsible_department_id).toBe(decision.target.kind === 'department' ? decision.target.departmentId : null);
      expect({ label, cc: [...saved.cc_department_ids].sort() }).toEqual({ label, cc: [...decision.ccDepartmentIds].sort() });
      expect(saved.priority).toBe(decision.priority);
      expect(saved.routing_decision.flags).toEqual(decision.flags);
      expect(saved.routing_decision.matchedRuleId).toBe(decision.matchedRuleId);
      // The preview lists the category's copies too (the save has always copied them).
      for (const id of ticket.category_copies ?? []) {
        if (decision.target.kind !== 'department' || decision.target.departmentId !== id) expect(decision.ccDepartmentIds).toContain(id);
      }
      if ((ticket.category_copies ?? []).length > 0) withCategoryCopies += 1;
      compared += 1;
    }
    expect(compared + offered).toBe(40);
    expect(compared).toBeGreaterThan(30);
    // The demo holds complaints whose category copies departments: the case the preview used to leave out.
    expect(withCategoryCopies).toBeGreaterThan(0);
  });

  it('says that an enquiry is held by default, and the save then leaves it unrouted', async () => {
    const [enquiry] = await server.query<DemoTicket>(
      `select type, channel, priority, category_id, customer_id, vehicle_id, subject, description, location, details, purchase_timing, null as category_copies
         from tickets where type = 'enquiry' order by number limit 1`,
    );
    const preview = await agent.post('/api/routing/preview', requestFor(enquiry));
    expect(preview.status).toBe(200);
    expect(preview.body.dispatch).toBe('hold');
    const created = await agent.post('/api/tickets', requestFor(enquiry));
    const [saved] = await server.query<{ status: string; routing_decision: unknown }>(`select status, routing_decision from tickets where id = $1`, [created.body.ticket.id]);
    expect(saved).toEqual({ status: 'new', routing_decision: null });
  });

  it('reports no change for a draft identical to the published rules; held, cancelled and closed tickets apart', async () => {
    const draft = await admin.post('/api/routing/rule-sets/draft');
    expect(draft.status).toBe(201);
    const dryRun = await admin.post('/api/routing/rule-sets/draft/dry-run', { days: 90, limit: 5000 });
    expect(dryRun.status).toBe(200);
    const [{ count }] = await server.query<{ count: number }>(`select count(*)::int as count from tickets where created_at >= now() - interval '90 days'`);
    expect(dryRun.body.tickets).toBe(count);
    expect(dryRun.body.changed).toBe(0);
    expect(dryRun.body.results.filter((row: { changed: boolean }) => row.changed)).toEqual([]);
    expect(dryRun.body.loadChanges).toEqual([]);
    const statuses = await server.query<{ status: string; routed: boolean; count: number }>(
      `select status, routing_decision is not null as routed, count(*)::int as count from tickets where created_at >= now() - interval '90 days' group by 1, 2`,
    );
    const countOf = (match: (row: { status: string; routed: boolean }) => boolean) => statuses.filter(match).reduce((sum, row) => sum + row.count, 0);
    expect(dryRun.body.apart).toEqual({
      held: { tickets: countOf((row) => row.status === 'new' && !row.routed), changed: 0 },
      cancelled: { tickets: countOf((row) => row.status === 'cancelled'), changed: 0 },
      closed: { tickets: countOf((row) => row.status === 'closed'), changed: 0 },
    });
    expect(dryRun.body.apart.held.tickets + dryRun.body.apart.cancelled.tickets).toBeGreaterThan(0);
    expect(dryRun.body.live).toBe(count - dryRun.body.apart.held.tickets - dryRun.body.apart.cancelled.tickets - dryRun.body.apart.closed.tickets);

    // A rule that now names another SLA policy changes nothing else, and says so for the tickets it routes.
    const rules = draft.body.ruleSet.rules as Array<{ id: string; slaPolicyCode?: string | null }>;
    // (The draft's rules are copies with their own ids: `matchedRuleId` is the draft's.)
    const matchedBy = dryRun.body.results.find((row: { group: string; matchedRuleId: string | null }) => row.group === 'live' && row.matchedRuleId)?.matchedRuleId;
    expect(matchedBy).toBeTruthy();
    const ruleIndex = rules.findIndex((rule) => rule.id === matchedBy);
    const [other] = await server.query<{ code: string }>(`select code from sla_policies where active and code is distinct from $1 order by code limit 1`, [rules[ruleIndex].slaPolicyCode ?? null]);
    const inputOf = (rule: object) => Object.fromEntries(Object.entries(rule).filter(([key]) => key in ZRoutingRuleInput.shape));
    const withPolicy = rules.map((rule, index) => inputOf(index === ruleIndex ? { ...rule, slaPolicyCode: other.code } : rule));
    expect((await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: withPolicy })).status).toBe(200);
    const policyChanged = (await admin.post('/api/routing/rule-sets/draft/dry-run', { days: 90, limit: 5000 })).body;
    const routedByIt = new Set(dryRun.body.results.filter((row: { group: string; matchedRuleId: string | null }) => row.group === 'live' && row.matchedRuleId === matchedBy).map((row: { ticketId: string }) => row.ticketId));
    const ofRule = policyChanged.results.filter((row: { ticketId: string }) => routedByIt.has(row.ticketId));
    expect(ofRule.length).toBeGreaterThan(0);
    for (const row of ofRule) expect(row).toMatchObject({ changed: true, differences: ['slaPolicy'] });
    expect(policyChanged.changed).toBe(ofRule.length);

    // The comparison can see a change: with no rules, every live ticket the published rules send somewhere is changed.
    await admin.request('PUT', '/api/routing/rule-sets/draft/rules', { rules: [] });
    const empty = (await admin.post('/api/routing/rule-sets/draft/dry-run', { days: 90, limit: 5000 })).body;
    const routedSomewhere = empty.results.filter((row: { group: string; published: { kind: string } }) => row.group === 'live' && row.published.kind !== 'supervisor_queue');
    expect(routedSomewhere.length).toBeGreaterThan(0);
    expect(empty.changed).toBeGreaterThanOrEqual(routedSomewhere.length);
    for (const row of routedSomewhere) expect(row).toMatchObject({ changed: true, after: { kind: 'supervisor_queue' } });
  });
});
