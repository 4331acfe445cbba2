import { buildComplaint, dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let supervisor: ApiClient;
let dealer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  supervisor = await signedIn(server, 'supervisor');
  dealer = await signedIn(server, fixture.dealerA.username);
});

afterAll(() => server?.close());

const count = async (table: string, where = 'true', params: unknown[] = []) =>
  Number((await server.query<{ n: string }>(`select count(*) as n from ${table} where ${where}`, params))[0].n);

describe('creating tickets', () => {
  it('opens a ticket of every type with its type-specific fields', async () => {
    const base = { contactName: '张伟', contactPhone: '13812345678', subject: '来电咨询', description: '客户来电咨询相关事宜', dispatch: 'hold' };
    const bodies = [
      { ...base, type: 'enquiry', categoryId: fixture.enquiryCategory.id },
      buildComplaint(fixture),
      { ...base, type: 'roadside', location: { address: '上海市浦东新区世纪大道100号', lat: 31.23, lng: 121.5 } },
      { ...base, type: 'suggestion' },
      { ...base, type: 'praise' },
      { ...base, type: 'lead', purchaseTiming: 'within_3_months', modelOfInterest: '远航 S7' },
    ];
    for (const body of bodies) {
      const response = await agent.post('/api/tickets', body);
      expect(response.status).toBe(201);
      const ticket = response.body.ticket;
      expect(ticket.type).toBe(body.type);
      expect(ticket.status).toBe('new');
      expect(ticket.version).toBe(1);
      expect(ticket.number).toMatch(/^[A-Z]{2}\d{8}-\d{5}$/);
    }
    const leads = await agent.get('/api/tickets?type=lead');
    expect(leads.body.items[0].details.purchaseTiming).toBe('within_3_months');
    const roadside = await agent.get('/api/tickets?type=roadside');
    expect(roadside.body.items[0].location.address).toContain('世纪大道');
  });

  it('numbers tickets by type prefix, date and a per-day sequence', async () => {
    const first = await agent.post('/api/tickets', buildComplaint(fixture));
    const second = await agent.post('/api/tickets', buildComplaint(fixture));
    const [prefix1, sequence1] = first.body.ticket.number.split('-');
    const [prefix2, sequence2] = second.body.ticket.number.split('-');
    expect(prefix1.startsWith('TS')).toBe(true);
    expect(prefix1).toBe(prefix2);
    expect(Number(sequence2)).toBe(Number(sequence1) + 1);
  });

  it('gives concurrent creates distinct numbers with no gaps between them', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, () => agent.post('/api/tickets', buildComplaint(fixture))));
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    const sequences = responses.map((response) => Number(response.body.ticket.number.split('-')[1])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 12 }, (_, index) => sequences[0] + index));
  });

  it.each([
    ['a roadside ticket without a location', { type: 'roadside' }, 'location'],
    ['a lead without a purchase timing', { type: 'lead' }, 'purchaseTiming'],
    ['a lead with an unknown purchase timing', { type: 'lead', purchaseTiming: 'someday' }, 'purchaseTiming'],
    ['a complaint without a category', { type: 'complaint', categoryId: undefined }, 'categoryId'],
    ['an invalid mobile number', { contactPhone: '1381234' }, 'contactPhone'],
    ['an unknown field', { favouriteColour: 'red' }, ''],
  ])('refuses %s with 400 and writes nothing', async (_name, overrides, path) => {
    const before = await count('tickets');
    const body = { ...buildComplaint(fixture), ...overrides };
    const response = await agent.post('/api/tickets', JSON.parse(JSON.stringify(body)));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.issues.some((issue: { path: string }) => issue.path === path || issue.path.startsWith(path))).toBe(true);
    expect(await count('tickets')).toBe(before);
  });

  it('answers in Chinese by default and in English on request', async () => {
    const chinese = await agent.post('/api/tickets', { type: 'roadside' });
    expect(chinese.body.error.message).toBe('请求内容不符合要求');
    const english = await agent.post('/api/tickets', { type: 'roadside' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(english.body.error.message).toBe('The request is not valid');
    expect(english.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a category of another type, or a vehicle of another customer, with 422', async () => {
    const wrongCategory = await agent.post('/api/tickets', buildComplaint(fixture, { categoryId: fixture.enquiryCategory.id }));
    expect(wrongCategory.status).toBe(422);
    expect(wrongCategory.body.error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'categoryId' } });
    const [otherCustomer] = await server.query<{ id: string }>(`select id from customers where id <> $1 limit 1`, [fixture.customer.id]);
    const wrongVehicle = await agent.post('/api/tickets', buildComplaint(fixture, { customerId: otherCustomer.id }));
    expect(wrongVehicle.status).toBe(422);
    expect(wrongVehicle.body.error.details.field).toBe('vehicleId');
  });

  it('copies the departments of the category and records the created event and its outbox row', async () => {
    const response = await agent.post('/api/tickets', buildComplaint(fixture));
    const ticket = response.body.ticket;
    expect(ticket.ccDepartments.map((department: { id: string }) => department.id).sort()).toEqual([...fixture.complaintCategory.cc_department_ids].sort());
    const events = await agent.get(`/api/tickets/${ticket.id}/events`);
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual(['created']);
    const outbox = await server.query<{ topic: string; payload: { kind: string; version: number } }>(
      `select topic, payload from outbox where ticket_id = $1`,
      [ticket.id],
    );
    expect(outbox).toEqual([{ topic: 'ticket.changed', payload: expect.objectContaining({ kind: 'created', version: 1 }) }]);
  });

  it('only the hotline opens tickets', async () => {
    const response = await dealer.post('/api/tickets', buildComplaint(fixture));
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });
});

describe('idempotency', () => {
  it('creates one ticket for the same Idempotency-Key sent twice', async () => {
    const before = await count('tickets');
    const headers = { 'idempotency-key': 'call-2026-11-23-0001' };
    const body = buildComplaint(fixture);
    const first = await agent.post('/api/tickets', body, headers);
    const second = await agent.post('/api/tickets', body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.ticket.id).toBe(first.body.ticket.id);
    expect(await count('tickets')).toBe(before + 1);
  });

  it('creates one ticket when the same key arrives concurrently', async () => {
    const before = await count('tickets');
    const headers = { 'idempotency-key': 'concurrent-key-0002' };
    const body = buildComplaint(fixture);
    const responses = await Promise.all(Array.from({ length: 5 }, () => agent.post('/api/tickets', body, headers)));
    expect(new Set(responses.map((response) => response.body.ticket.id)).size).toBe(1);
    expect(responses.every((response) => response.status === 200 || response.status === 201)).toBe(true);
    expect(await count('tickets')).toBe(before + 1);
  });

  it('refuses the same key with a different body', async () => {
    const headers = { 'idempotency-key': 'call-2026-11-23-0003' };
    await agent.post('/api/tickets', buildComplaint(fixture), headers);
    const before = await count('tickets');
    const reused = await agent.post('/api/tickets', buildComplaint(fixture, { subject: '另一个问题' }), headers);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count('tickets')).toBe(before);
  });

  it('keeps keys per caller: another agent with the same key gets a ticket of their own', async () => {
    const otherAgent = await signedIn(server, 'agent2');
    const headers = { 'idempotency-key': 'call-2026-11-23-0004' };
    const mine = await agent.post('/api/tickets', buildComplaint(fixture), headers);
    const theirs = await otherAgent.post('/api/tickets', buildComplaint(fixture), headers);
    expect(theirs.status).toBe(201);
    expect(theirs.body.ticket.id).not.toBe(mine.body.ticket.id);
  });
});

describe('the lifecycle over HTTP', () => {
  it('walks dispatch → acknowledge → start → pend → resume → resolve → close, one event each', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    expect(ticket.status).toBe('dispatched');
    expect(ticket.responsibleDealer.id).toBe(fixture.dealerA.id);
    let version = ticket.version;
    const steps: Array<[ApiClient, string, string]> = [
      [dealer, 'acknowledge', 'acknowledged'],
      [dealer, 'start', 'in_progress'],
      [dealer, 'pend', 'pending_customer'],
      [dealer, 'resume', 'in_progress'],
      [dealer, 'resolve', 'resolved'],
      [agent, 'close', 'closed'],
    ];
    for (const [client, action, status] of steps) {
      const response = await client.post(`/api/tickets/${ticket.id}/${action}`, { version });
      expect(response.status).toBe(200);
      expect(response.body.ticket.status).toBe(status);
      expect(response.body.ticket.version).toBe(version + 1);
      version = response.body.ticket.version;
    }
    const events = await agent.get(`/api/tickets/${ticket.id}/events`);
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual([
      // The acknowledgement's answer shows the dealer the customer's full phone: that read is recorded (once a day).
      // A resolved complaint is due a callback (回访); closing it by hand instead cancels that.
      'created', 'dispatched', 'acknowledged', 'customer_data_viewed', 'started', 'pended', 'resumed', 'resolved', 'callback_scheduled',
      'closed', 'callback_cancelled',
    ]);
    const final = await agent.get(`/api/tickets/${ticket.id}`);
    expect(final.body.ticket.abilities).toMatchObject({ close: false, reopen: false, cancel: false, noteInternal: false });
    const dispatchedOutbox = await server.query(`select payload from outbox where ticket_id = $1 and topic = 'ticket.dispatched'`, [ticket.id]);
    expect(dispatchedOutbox).toHaveLength(1);
  });

  it('refuses an illegal transition with 409 INVALID_TRANSITION and changes nothing', async () => {
    const created = (await agent.post('/api/tickets', buildComplaint(fixture))).body.ticket;
    const eventsBefore = await count('ticket_events', 'ticket_id = $1', [created.id]);
    const response = await agent.post(`/api/tickets/${created.id}/close`, { version: created.version });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { action: 'close', status: 'new' } });
    const after = await agent.get(`/api/tickets/${created.id}`);
    expect(after.body.ticket).toMatchObject({ status: 'new', version: created.version });
    expect(await count('ticket_events', 'ticket_id = $1', [created.id])).toBe(eventsBefore);
  });

  it('answers an enquiry on the call: resolved straight from new', async () => {
    const created = await agent.post('/api/tickets', {
      type: 'enquiry', contactName: '李娜', contactPhone: '13912345678', subject: '保养周期咨询', description: '询问首保时间和里程',
    });
    const resolved = await agent.post(`/api/tickets/${created.body.ticket.id}/resolve`, { version: 1, comment: '电话中已解答' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.ticket.status).toBe('resolved');
  });

  it('refuses a stale version with 409 VERSION_CONFLICT (optimistic lock)', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const first = await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version });
    expect(first.status).toBe(200);
    const stale = await dealer.post(`/api/tickets/${ticket.id}/start`, { version: ticket.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected: ticket.version, actual: ticket.version + 1 } });
    const after = await dealer.get(`/api/tickets/${ticket.id}`);
    expect(after.body.ticket.status).toBe('acknowledged');
  });

  it('lets exactly one of two concurrent writers with the same version win', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const results = await Promise.all([
      dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version }),
      supervisor.post(`/api/tickets/${ticket.id}/cancel`, { version: ticket.version }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
  });

  it('rejecting excludes the dealer and reroutes at once; it is never sent back there', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const rejected = await dealer.post(`/api/tickets/${ticket.id}/reject`, { version: ticket.version, reasonCode: 'wrong_region' });
    expect(rejected.status).toBe(200);
    const seenByAgent = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    expect(seenByAgent.excludedDealerIds).toEqual([fixture.dealerA.id]);
    expect(seenByAgent.rerouteCount).toBe(1);
    expect(['dispatched', 'rerouted']).toContain(seenByAgent.status);
    expect(seenByAgent.responsibleDealer?.id).not.toBe(fixture.dealerA.id);
    const events = (await agent.get(`/api/tickets/${ticket.id}/events`)).body.items.map((event: { type: string }) => event.type);
    expect(events.slice(-3)).toEqual(['rejected', 'routed', 'dispatched']);
    const back = await supervisor.post(`/api/tickets/${ticket.id}/dispatch`, { version: seenByAgent.version, dealerId: fixture.dealerA.id });
    expect(back.status).toBe(422);
    expect(back.body.error.details).toMatchObject({ field: 'dealerId', reason: 'rejected_before' });
    const elsewhere = await supervisor.post(`/api/tickets/${ticket.id}/dispatch`, { version: seenByAgent.version, dealerId: fixture.dealerB.id });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.ticket.responsibleDealer.id).toBe(fixture.dealerB.id);
  });

  it('needs a text for reject reason "other"', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const response = await dealer.post(`/api/tickets/${ticket.id}/reject`, { version: ticket.version, reasonCode: 'other' });
    expect(response.status).toBe(400);
  });

  it('transfers an owned ticket only as a supervisor', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const byAgent = await agent.post(`/api/tickets/${ticket.id}/dispatch`, { version: ticket.version, departmentId: fixture.departmentA.id });
    expect(byAgent.status).toBe(403);
    const bySupervisor = await supervisor.post(`/api/tickets/${ticket.id}/dispatch`, {
      version: ticket.version, departmentId: fixture.departmentA.id, reason: '涉及质量问题，转质量部处理',
    });
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.ticket).toMatchObject({ status: 'dispatched', responsibleDealer: null, responsibleDepartment: { id: fixture.departmentA.id } });
  });
});

describe('notes', () => {
  it('shows dealer-visible notes to the dealer and hides internal ones', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    expect((await agent.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'internal', body: '客户曾投诉媒体，注意措辞' })).status).toBe(201);
    expect((await agent.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'dealer', body: '请今天内联系客户' })).status).toBe(201);
    expect((await dealer.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'dealer', body: '已安排技师' })).status).toBe(201);
    const dealerNoteInternal = await dealer.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'internal', body: '想写内部备注' });
    expect(dealerNoteInternal.status).toBe(403);

    const notesOf = async (client: ApiClient) =>
      (await client.get(`/api/tickets/${ticket.id}/events`)).body.items
        .filter((event: { type: string }) => event.type === 'note')
        .map((event: { payload: { body: string } }) => event.payload.body);
    expect(await notesOf(agent)).toEqual(['客户曾投诉媒体，注意措辞', '请今天内联系客户', '已安排技师']);
    expect(await notesOf(dealer)).toEqual(['请今天内联系客户', '已安排技师']);
  });
});

describe('list and search', () => {
  it('lists the tickets I opened, not a colleague\'s', async () => {
    const marker = `我创建的${Date.now()}`;
    const colleague = await signedIn(server, 'agent2');
    const mine = (await agent.post('/api/tickets', buildComplaint(fixture, { subject: `${marker} A` }))).body.ticket;
    const theirs = (await colleague.post('/api/tickets', buildComplaint(fixture, { subject: `${marker} B` }))).body.ticket;
    const listed = (await agent.get(`/api/tickets?createdBy=me&q=${encodeURIComponent(marker)}`)).body.items.map((item: { id: string }) => item.id);
    expect(listed).toEqual([mine.id]);
    const [colleagueId] = await server.query<{ id: string }>(`select id from users where username = 'agent2'`);
    const byId = (await agent.get(`/api/tickets?createdBy=${colleagueId.id}&q=${encodeURIComponent(marker)}`)).body.items.map((item: { id: string }) => item.id);
    expect(byId).toEqual([theirs.id]);
    expect((await agent.get('/api/tickets?createdBy=someone')).status).toBe(400);
  });

  it('filters, searches free text and pages with a cursor without gaps or repeats', async () => {
    const marker = `刹车异响${Date.now()}`;
    const created: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      const response = await agent.post('/api/tickets', buildComplaint(fixture, { subject: `${marker} 第${index}次`, priority: index % 2 ? 'P2' : 'P3' }));
      created.push(response.body.ticket.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/tickets?q=${encodeURIComponent(marker)}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await agent.get(query);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());

    const p2 = await agent.get(`/api/tickets?q=${encodeURIComponent(marker)}&priority=P2`);
    expect(p2.body.items).toHaveLength(3);
    const ascending = await agent.get(`/api/tickets?q=${encodeURIComponent(marker)}&order=asc&limit=2`);
    expect(ascending.body.items.map((item: { id: string }) => item.id)).toEqual(created.slice(0, 2));
    const byCustomerName = await agent.get(`/api/tickets?q=${encodeURIComponent(fixture.customer.name)}&limit=100`);
    expect(byCustomerName.body.items.length).toBeGreaterThan(0);
  });

  it('filters by status, type, dealer, category subtree and created range', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    const byDealer = await agent.get(`/api/tickets?dealerId=${fixture.dealerB.id}&status=dispatched&type=complaint&limit=100`);
    expect(byDealer.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
    expect(byDealer.body.items.every((item: { responsibleDealer: { id: string } }) => item.responsibleDealer.id === fixture.dealerB.id)).toBe(true);
    const [root] = await server.query<{ id: string }>(`select id from categories where code = 'C-COMPLAINT'`);
    const bySubtree = await agent.get(`/api/tickets?categoryId=${root.id}&limit=100`);
    expect(bySubtree.body.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
    const future = await agent.get(`/api/tickets?createdFrom=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
    expect(future.body.items).toEqual([]);
  });

  it('refuses bad filters with 400', async () => {
    for (const query of ['status=flying', 'limit=1000', 'cursor=not-a-cursor', 'sort=colour', 'createdFrom=yesterday', 'dealerId=42']) {
      const response = await agent.get(`/api/tickets?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('words each problem in the caller\'s language', async () => {
    const chinese = (await agent.get('/api/tickets?limit=1000')).body.error;
    expect(chinese.message).toMatch(/[\u4e00-\u9fff]/);
    expect(chinese.details.issues).toEqual([expect.objectContaining({ path: 'limit', code: 'too_big', message: expect.stringMatching(/[\u4e00-\u9fff]/) })]);
    expect(chinese.details.issues[0]).not.toHaveProperty('messageZh');
    const english = (await agent.get('/api/tickets?limit=1000', { 'accept-language': 'en' })).body.error;
    expect(english.details.issues).toEqual([expect.objectContaining({ path: 'limit', message: expect.stringMatching(/^Too big/) })]);
  });
});

describe('customer lookup', () => {
  it('finds the caller by phone, VIN or plate with vehicles, dealers, warranty and earlier tickets', async () => {
    await agent.post('/api/tickets', buildComplaint(fixture));
    for (const query of [`phone=${fixture.customer.phone}`, `vin=${fixture.vehicle.vin.toLowerCase()}`, `plate=${encodeURIComponent(fixture.vehicle.plate.replace('·', ' '))}`]) {
      const response = await agent.get(`/api/customers/lookup?${query}`);
      expect(response.status).toBe(200);
      const [customer] = response.body.items;
      expect(customer.id).toBe(fixture.customer.id);
      expect(customer.phone).toBe(fixture.customer.phone);
      const vehicle = customer.vehicles.find((item: { vin: string }) => item.vin === fixture.vehicle.vin);
      expect(vehicle).toMatchObject({ model: expect.any(String), warrantyEnd: expect.any(String), lifecycleStage: expect.any(String) });
      expect(vehicle.sellingDealer?.nameZh ?? vehicle.servicingDealer?.nameZh).toEqual(expect.any(String));
      expect(customer.tickets.length).toBeGreaterThan(0);
    }
  });

  it('needs exactly one key and keeps dealers out', async () => {
    expect((await agent.get('/api/customers/lookup')).status).toBe(400);
    expect((await agent.get(`/api/customers/lookup?phone=${fixture.customer.phone}&vin=${fixture.vehicle.vin}`)).status).toBe(400);
    expect((await dealer.get(`/api/customers/lookup?phone=${fixture.customer.phone}`)).status).toBe(403);
  });
});
