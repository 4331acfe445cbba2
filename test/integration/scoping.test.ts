import { createApiKey } from '@careline/shared/server';
import { buildComplaint, dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** Dealers and departments see only their own tickets: through get, list, search, events, notes and transitions. */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let dealerA: ApiClient;
let dealerB: ApiClient;
let departmentA: ApiClient;
let departmentB: ApiClient;
let ticketOfA: { id: string; version: number; number: string };
let ticketOfB: { id: string; version: number; number: string };

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  dealerA = await signedIn(server, fixture.dealerA.username);
  dealerB = await signedIn(server, fixture.dealerB.username);
  departmentA = await signedIn(server, fixture.departmentA.username);
  departmentB = await signedIn(server, fixture.departmentB.username);
  ticketOfA = await dispatchedComplaint(agent, fixture, fixture.dealerA.id, { subject: '甲店工单 scoping-alpha' });
  ticketOfB = await dispatchedComplaint(agent, fixture, fixture.dealerB.id, { subject: '乙店工单 scoping-beta' });
});

afterAll(() => server?.close());

const ids = (response: { body: { items: Array<{ id: string }> } }) => response.body.items.map((item) => item.id);

describe('dealer A versus dealer B', () => {
  it('sees its own ticket and gets 404 — not 403 — for the other dealer’s', async () => {
    expect((await dealerA.get(`/api/tickets/${ticketOfA.id}`)).status).toBe(200);
    const other = await dealerA.get(`/api/tickets/${ticketOfB.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const missing = await dealerA.get('/api/tickets/00000000-0000-4000-8000-000000000000');
    expect(missing.body).toEqual(other.body);
    // And the other way round.
    expect((await dealerB.get(`/api/tickets/${ticketOfB.id}`)).status).toBe(200);
    expect((await dealerB.get(`/api/tickets/${ticketOfA.id}`)).status).toBe(404);
    expect(ids(await dealerB.get('/api/tickets?limit=100'))).not.toContain(ticketOfA.id);
  });

  it('lists and searches only its own tickets, whatever filters it tries', async () => {
    const listA = await dealerA.get('/api/tickets?limit=100');
    expect(ids(listA)).toContain(ticketOfA.id);
    expect(ids(listA)).not.toContain(ticketOfB.id);
    expect(listA.body.items.every((item: { responsibleDealer: { id: string } }) => item.responsibleDealer.id === fixture.dealerA.id)).toBe(true);
    const search = await dealerA.get(`/api/tickets?q=${encodeURIComponent('scoping-beta')}`);
    expect(ids(search)).toEqual([]);
    const byNumber = await dealerA.get(`/api/tickets?q=${ticketOfB.number}`);
    expect(ids(byNumber)).toEqual([]);
    const asksForB = await dealerA.get(`/api/tickets?dealerId=${fixture.dealerB.id}`);
    expect(ids(asksForB)).toEqual([]);
  });

  it('cannot read events, add notes or take any action on the other dealer’s ticket', async () => {
    expect((await dealerA.get(`/api/tickets/${ticketOfB.id}/events`)).status).toBe(404);
    expect((await dealerA.post(`/api/tickets/${ticketOfB.id}/notes`, { visibility: 'dealer', body: '偷看' })).status).toBe(404);
    for (const action of ['acknowledge', 'start', 'resolve', 'cancel']) {
      expect((await dealerA.post(`/api/tickets/${ticketOfB.id}/${action}`, { version: ticketOfB.version })).status).toBe(404);
    }
    expect((await dealerA.post(`/api/tickets/${ticketOfB.id}/reject`, { version: ticketOfB.version, reasonCode: 'wrong_region' })).status).toBe(404);
    const untouched = await agent.get(`/api/tickets/${ticketOfB.id}`);
    expect(untouched.body.ticket).toMatchObject({ status: 'dispatched', version: ticketOfB.version });
    const notes = (await agent.get(`/api/tickets/${ticketOfB.id}/events`)).body.items.filter((event: { type: string }) => event.type === 'note');
    expect(notes).toEqual([]);
  });

  it('loses sight of a ticket once it rejects it', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const rejected = await dealerA.post(`/api/tickets/${ticket.id}/reject`, { version: ticket.version, reasonCode: 'not_our_customer' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.ticket).toBeNull();
    expect((await dealerA.get(`/api/tickets/${ticket.id}`)).status).toBe(404);
  });

  it('sees the customer’s phone masked until it acknowledges', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const before = await dealerA.get(`/api/tickets/${ticket.id}`);
    expect(before.body.ticket.contactPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(before.body.ticket.customer.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(before.body.ticket.abilities.viewFullPhone).toBe(false);
    const acknowledged = await dealerA.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version });
    expect(acknowledged.body.ticket.contactPhone).toBe(fixture.customer.phone);
    const forAgent = await agent.get(`/api/tickets/${ticket.id}`);
    expect(forAgent.body.ticket.contactPhone).toBe(fixture.customer.phone);
  });

  it('returns the actor’s abilities with each ticket', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const forDealer = (await dealerA.get(`/api/tickets/${ticket.id}`)).body.ticket.abilities;
    expect(forDealer).toMatchObject({ acknowledge: true, reject: true, close: false, cancel: false, dispatch: false, noteInternal: false, noteDealer: true });
    const forAgent = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket.abilities;
    expect(forAgent).toMatchObject({ acknowledge: false, reject: false, cancel: true, dispatch: false, noteInternal: true });
  });
});

describe('departments', () => {
  it('see tickets assigned to or copying them, and nothing else', async () => {
    // The complaint category copies departmentA and not departmentB (see factories.ts).
    const copied = (await agent.post('/api/tickets', buildComplaint(fixture, { subject: 'dept-copy-test' }))).body.ticket;
    expect(copied.ccDepartments.map((department: { id: string }) => department.id)).toContain(fixture.departmentA.id);
    const assigned = (await agent.post('/api/tickets', buildComplaint(fixture, { subject: 'dept-assigned-test' }))).body.ticket;
    const dispatched = await agent.post(`/api/tickets/${assigned.id}/dispatch`, { version: assigned.version, departmentId: fixture.departmentB.id });
    expect(dispatched.status).toBe(200);

    // departmentB: responsible for `assigned`, not copied on `copied`.
    const listB = ids(await departmentB.get('/api/tickets?limit=100'));
    expect(listB).toContain(assigned.id);
    expect(listB).not.toContain(copied.id);
    expect((await departmentB.get(`/api/tickets/${copied.id}`)).status).toBe(404);
    expect((await departmentB.get(`/api/tickets/${copied.id}/events`)).status).toBe(404);
    expect((await departmentB.post(`/api/tickets/${copied.id}/notes`, { visibility: 'internal', body: 'x' })).status).toBe(404);
    expect((await departmentB.post(`/api/tickets/${assigned.id}/acknowledge`, { version: dispatched.body.ticket.version })).status).toBe(200);

    // departmentA: copied on both complaints (the category copies it), so it sees them, but acts on neither.
    const listA = ids(await departmentA.get('/api/tickets?limit=100'));
    expect(listA).toContain(copied.id);
    expect((await departmentA.get(`/api/tickets/${copied.id}`)).status).toBe(200);
    const copiedAbilities = (await departmentA.get(`/api/tickets/${copied.id}`)).body.ticket.abilities;
    expect(copiedAbilities).toMatchObject({ acknowledge: false, noteInternal: true, viewFullPhone: false });
    expect((await departmentA.post(`/api/tickets/${copied.id}/notes`, { visibility: 'internal', body: '质量部：已调取同批次数据' })).status).toBe(201);

    // A ticket that copies nobody is invisible to both departments.
    const enquiry = (
      await agent.post('/api/tickets', { type: 'enquiry', contactName: '王芳', contactPhone: '13600001111', subject: '价格咨询', description: '询问最新优惠' })
    ).body.ticket;
    expect((await departmentA.get(`/api/tickets/${enquiry.id}`)).status).toBe(404);
    expect(ids(await departmentA.get('/api/tickets?limit=100&type=enquiry'))).not.toContain(enquiry.id);
  });
});

describe('dealer systems with API keys', () => {
  it('are issued and revoked by admins only; the secret is shown once', async () => {
    const admin = await signedIn(server, 'admin');
    expect((await agent.post('/api/admin/api-keys', { dealerId: fixture.dealerA.id, name: 'DMS' })).status).toBe(403);
    const issued = await admin.post('/api/admin/api-keys', { dealerId: fixture.dealerA.id, name: 'DMS 对接' });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^ck_[0-9a-f]{12}_/);
    const listed = await admin.get(`/api/admin/api-keys?dealerId=${fixture.dealerA.id}`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(issued.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
    const system = new ApiClient(server.url, { 'x-api-key': issued.body.key });
    const unused = listed.body.items.find((item: { id: string }) => item.id === issued.body.id);
    expect(unused.lastUsedAt).toBeNull();
    expect((await system.get(`/api/tickets/${ticketOfA.id}`)).status).toBe(200);
    const used = (await admin.get(`/api/admin/api-keys?dealerId=${fixture.dealerA.id}`)).body.items.find((item: { id: string }) => item.id === issued.body.id);
    expect(Date.now() - new Date(used.lastUsedAt).getTime()).toBeLessThan(60_000);
    expect((await admin.post(`/api/admin/api-keys/${issued.body.id}/revoke`)).status).toBe(204);
    expect((await system.get(`/api/tickets/${ticketOfA.id}`)).status).toBe(401);
    expect((await admin.post('/api/admin/api-keys', { dealerId: '00000000-0000-4000-8000-000000000000', name: '不存在的经销商' })).status).toBe(422);
  });

  it('act as their dealer, scoped the same way', async () => {
    const { key } = await createApiKey(server.database.db, { dealerId: fixture.dealerA.id, name: 'DMS' });
    const system = new ApiClient(server.url, { authorization: `Bearer ${key}` });
    expect(ids(await system.get('/api/tickets?limit=100'))).toContain(ticketOfA.id);
    expect((await system.get(`/api/tickets/${ticketOfB.id}`)).status).toBe(404);
    expect((await system.post('/api/tickets', buildComplaint(fixture))).status).toBe(403);
    // A person's own settings are not a system's: 403, not a 404 as if the key had a missing profile.
    const preferences = await system.get('/api/me/preferences');
    expect([preferences.status, preferences.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await system.request('PATCH', '/api/me/preferences', { locale: 'en' })).status).toBe(403);
    const wrong = new ApiClient(server.url, { authorization: `Bearer ${key.slice(0, -2)}xx` });
    expect((await wrong.get('/api/tickets')).status).toBe(401);
  });
});
