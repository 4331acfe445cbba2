import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** The routing engine over HTTP with the shipped default rule set and the demo dealers. */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let supervisor: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  supervisor = await signedIn(server, 'supervisor');
});

afterAll(() => server?.close());

async function servicingDealerOf(vehicleId: string) {
  const [row] = await server.query<{ id: string; code: string; username: string }>(
    `select d.id, d.code, u.username from vehicles v join dealers d on d.id = v.servicing_dealer_id
     join users u on u.dealer_id = d.id and u.role = 'dealer_user' where v.id = $1 order by u.username limit 1`,
    [vehicleId],
  );
  return row;
}

describe('routing a complaint', () => {
  it('previews and then dispatches to the vehicle’s servicing dealer, storing the explanation', async () => {
    const servicing = await servicingDealerOf(fixture.vehicle.id);
    const preview = await agent.post('/api/routing/preview', buildComplaint(fixture));
    expect(preview.status).toBe(200);
    expect(preview.body.decision.target).toEqual({ kind: 'dealer', dealerId: servicing.id });
    expect(preview.body.decision.names.dealers.map((dealer: { code: string }) => dealer.code)).toContain(servicing.code);

    const created = (await agent.post('/api/tickets', buildComplaint(fixture))).body.ticket;
    const routed = await agent.post(`/api/tickets/${created.id}/route`, { version: created.version });
    expect(routed.status).toBe(200);
    expect(routed.body).toMatchObject({ status: 'dispatched', decision: { target: { kind: 'dealer', dealerId: servicing.id }, ruleSetVersion: 1 } });
    const matched = routed.body.decision.trace.find((entry: { outcome: string }) => entry.outcome === 'chosen');
    expect(matched.ruleName).toContain('servicing dealer');

    const ticket = (await agent.get(`/api/tickets/${created.id}`)).body.ticket;
    expect(ticket.responsibleDealer.id).toBe(servicing.id);
    expect(ticket.routing.ruleSetVersion).toBe(1);
    expect(ticket.routing.decision.inputs.vehicle.servicingDealerId).toBe(servicing.id);
    const events = (await agent.get(`/api/tickets/${created.id}/events`)).body.items.map((event: { type: string }) => event.type);
    expect(events).toEqual(['created', 'routed', 'dispatched']);

    // The dealer sees its ticket but not the decision, which weighs other dealers.
    const dealer = await signedIn(server, servicing.username);
    const forDealer = (await dealer.get(`/api/tickets/${created.id}`)).body.ticket;
    expect(forDealer.routing.decision).toBeNull();
  });

  it('routes on creation by default, in the same transaction', async () => {
    const servicing = await servicingDealerOf(fixture.vehicle.id);
    const { dispatch: _hold, ...body } = buildComplaint(fixture);
    const created = await agent.post('/api/tickets', body);
    expect(created.status).toBe(201);
    // Created and routed in one write: one version, three events.
    expect(created.body.ticket).toMatchObject({ status: 'dispatched', version: 1, responsibleDealer: { id: servicing.id } });
    const events = (await agent.get(`/api/tickets/${created.body.ticket.id}/events`)).body.items.map((event: { type: string }) => event.type);
    expect(events).toEqual(['created', 'routed', 'dispatched']);
    const enquiry = await agent.post('/api/tickets', { type: 'enquiry', contactName: '王芳', contactPhone: '13600001111', subject: '保养咨询', description: '首保时间' });
    expect(enquiry.body.ticket.status).toBe('new');
  });

  it('reroutes a rejected ticket at once, never back to the dealer that rejected it; the third rejection goes to the supervisor queue', async () => {
    const { dispatch: _hold, ...body } = buildComplaint(fixture);
    let ticket = (await agent.post('/api/tickets', body)).body.ticket;
    const rejecters: string[] = [];
    for (let hop = 1; hop <= 3; hop += 1) {
      const dealerId: string = ticket.responsibleDealer.id;
      rejecters.push(dealerId);
      const [user] = await server.query<{ username: string }>(`select username from users where dealer_id = $1 and role = 'dealer_user' limit 1`, [dealerId]);
      const dealer = await signedIn(server, user.username);
      const rejected = await dealer.post(`/api/tickets/${ticket.id}/reject`, { version: ticket.version, reasonCode: 'lacks_capability' });
      expect(rejected.status).toBe(200);
      ticket = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
      expect(ticket.rerouteCount).toBe(hop);
      expect(ticket.excludedDealerIds.sort()).toEqual([...rejecters].sort());
      if (hop < 3) {
        expect(ticket.status).toBe('dispatched');
        expect(rejecters).not.toContain(ticket.responsibleDealer.id);
        const weighed = ticket.routing.decision.trace.flatMap((entry: { candidates?: Array<{ dealerId: string; verdict: string }> }) => entry.candidates ?? []);
        const verdicts = weighed.filter((candidate: { dealerId: string }) => rejecters.includes(candidate.dealerId)).map((candidate: { verdict: string }) => candidate.verdict);
        expect(verdicts).toContain('excluded');
        expect(verdicts).not.toContain('chosen');
      }
    }
    expect(ticket).toMatchObject({ status: 'rerouted', responsibleDealer: null });
    expect(ticket.routing.decision.target).toEqual({ kind: 'supervisor_queue', reason: 'too_many_rejections' });
    const queue = await supervisor.get('/api/tickets?queue=supervisor&limit=100');
    expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
  });

  it('reads the ticket\'s facts for the rules: category, customer, vehicle age and warranty, and the VIN\'s history', async () => {
    const [vehicle] = await server.query<{ id: string; customer_id: string; purchase_date: string; warranty_end: string }>(
      `select id, customer_id, purchase_date::text, warranty_end::text from vehicles where purchase_date is not null and warranty_end is not null order by vin offset 3 limit 1`,
    );
    const body = (subject: string) => buildComplaint(fixture, { customerId: vehicle.customer_id, vehicleId: vehicle.id, subject });
    for (const subject of ['第一次投诉', '第二次投诉']) await agent.post('/api/tickets', body(subject));
    const third = (await agent.post('/api/tickets', { ...body('第三次投诉'), dispatch: 'auto' })).body.ticket;
    const inputs = third.routing.decision.inputs;
    const [category] = await server.query<{ path: string }>(`select path from categories where id = $1`, [fixture.complaintCategory.id]);
    const [customer] = await server.query<{ city: string }>(`select city from customers where id = $1`, [vehicle.customer_id]);
    expect(inputs.categoryPath).toEqual(category.path.split('/'));
    expect(inputs.customer.city).toBe(customer.city);
    expect(inputs.vehicle.inWarranty).toBe(vehicle.warranty_end >= new Date().toISOString().slice(0, 10));
    expect(inputs.vehicle.ageMonths).toBeGreaterThanOrEqual(0);
    // The two earlier complaints on this VIN (not this one, which the engine adds itself): a repeat problem at three.
    expect(inputs.history.vinComplaints90d).toBe(2);
    expect(inputs.history.customerTickets30d).toBeGreaterThanOrEqual(2);
    expect(third.routing.decision.flags).toContain('repeat_problem');
  });

  it('treats safety words as P1 and copies quality and PR/legal', async () => {
    const created = (await agent.post('/api/tickets', buildComplaint(fixture, { description: '车辆行驶中突然冒烟，客户非常害怕' }))).body.ticket;
    const routed = await agent.post(`/api/tickets/${created.id}/route`, { version: created.version });
    expect(routed.body.decision.priority).toBe('P1');
    expect(routed.body.decision.flags).toContain('safety');
    const codes = routed.body.decision.names.departments.map((department: { code: string }) => department.code);
    expect(codes).toEqual(expect.arrayContaining(['DEPT-QUALITY', 'DEPT-PR-LEGAL']));
    const ticket = (await agent.get(`/api/tickets/${created.id}`)).body.ticket;
    expect(ticket.priority).toBe('P1');
  });

  it('sends a product suggestion to R&D', async () => {
    const [category] = await server.query<{ id: string }>(`select id from categories where code = 'C-SUGGESTION-PRODUCT'`);
    const created = (
      await agent.post('/api/tickets', { type: 'suggestion', categoryId: category.id, contactName: '李娜', contactPhone: '13912345678', subject: '建议增加座椅通风', description: '夏天太热' })
    ).body.ticket;
    const [rnd] = await server.query<{ id: string }>(`select id from departments where code = 'DEPT-RND'`);
    expect(created).toMatchObject({ status: 'dispatched', responsibleDepartment: { id: rnd.id }, responsibleDealer: null });
    expect(created.routing.decision.target).toEqual({ kind: 'department', departmentId: rnd.id });

    // R&D says it is not theirs: the ticket is routed again at once, and not back to R&D.
    const [rndUser] = await server.query<{ username: string }>(`select username from users where department_id = $1 and role = 'dept_user' limit 1`, [rnd.id]);
    const department = await signedIn(server, rndUser.username);
    const rejected = await department.post(`/api/tickets/${created.id}/reject`, { version: created.version, reasonCode: 'other', reasonText: '属于售后服务问题' });
    expect(rejected.status).toBe(200);
    const after = (await agent.get(`/api/tickets/${created.id}`)).body.ticket;
    expect(after.responsibleDepartment?.id).not.toBe(rnd.id);
    expect(after.routing.decision.trace.find((entry: { outcome: string }) => entry.outcome === 'no_eligible_candidate')).toBeDefined();
    const [row] = await server.query<{ excluded_department_ids: string[] }>(`select excluded_department_ids from tickets where id = $1`, [created.id]);
    expect(row.excluded_department_ids).toEqual([rnd.id]);
  });

  it('puts a ticket nobody can take in the supervisor queue, with the reason', async () => {
    // Take every service dealer out of the network: nothing is eligible.
    const deactivated = await server.query<{ id: string }>(`update dealers set active = false where 'service' = any(capabilities) and active returning id`);
    try {
      const created = (await agent.post('/api/tickets', buildComplaint(fixture))).body.ticket;
      const routed = await agent.post(`/api/tickets/${created.id}/route`, { version: created.version });
      expect(routed.body.status).toBe('new');
      expect(routed.body.decision.target).toEqual({ kind: 'supervisor_queue', reason: 'no_eligible_candidate' });
      const queue = await supervisor.get('/api/tickets?queue=supervisor&limit=100');
      expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(created.id);
    } finally {
      await server.query(`update dealers set active = true where id = any($1::uuid[])`, [deactivated.map((row) => row.id)]);
    }
  });

  it('refuses to route an owned ticket, and keeps dealers out', async () => {
    const created = (await agent.post('/api/tickets', buildComplaint(fixture))).body.ticket;
    const routed = await agent.post(`/api/tickets/${created.id}/route`, { version: created.version });
    const twice = await agent.post(`/api/tickets/${created.id}/route`, { version: routed.body.version });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_TRANSITION');
    const dealer = await signedIn(server, fixture.dealerA.username);
    expect((await dealer.post('/api/routing/preview', buildComplaint(fixture))).status).toBe(403);
  });
});

describe('routing snapshot cache', () => {
  it('reuses one snapshot within its time to live, and drops it when a rule set is published', async () => {
    const { configureRoutingSnapshotCache, invalidateRoutingSnapshot, loadRoutingSnapshot } = await import('@careline/shared/server');
    const db = server.database.db;
    configureRoutingSnapshotCache({ ttlMs: 60_000 });
    try {
      const first = await loadRoutingSnapshot(db, new Date());
      expect(await loadRoutingSnapshot(db, new Date())).toBe(first);
      invalidateRoutingSnapshot(db);
      const second = await loadRoutingSnapshot(db, new Date());
      expect(second).not.toBe(first);
      expect(second).toEqual(first);
    } finally {
      configureRoutingSnapshotCache({ ttlMs: 0 });
    }
    expect(await loadRoutingSnapshot(db, new Date())).not.toBe(await loadRoutingSnapshot(db, new Date()));
  });
});
