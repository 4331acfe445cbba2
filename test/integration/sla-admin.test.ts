import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** Admins edit calendars and SLA policies; open tickets keep their deadlines until the change is applied to them. */
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

describe('calendars', () => {
  it('lists the standard calendar with the official holidays, and lets admins edit hours and a year’s days', async () => {
    const { items } = (await supervisor.get('/api/calendars')).body;
    const standard = items.find((calendar: { code: string }) => calendar.code === 'CN-STANDARD');
    const detail = (await supervisor.get(`/api/calendars/${standard.id}`)).body.calendar;
    expect(detail.days).toEqual(expect.arrayContaining([expect.objectContaining({ day: '2025-10-01', kind: 'holiday' }), expect.objectContaining({ day: '2025-09-28', kind: 'workday' })]));

    expect((await supervisor.request('PATCH', `/api/calendars/${standard.id}`, { name: 'x' })).status).toBe(403);
    const hours = await admin.request('PATCH', `/api/calendars/${standard.id}`, { weeklyHours: { '1': [['09:00', '12:00'], ['13:00', '18:00']], '6': [['09:00', '12:00']] } });
    expect(hours.status).toBe(200);
    expect(hours.body.calendar.weeklyHours['6']).toEqual([['09:00', '12:00']]);
    expect((await admin.request('PATCH', `/api/calendars/${standard.id}`, { weeklyHours: { '1': [['18:00', '09:00']] } })).status).toBe(400);

    const year = await admin.request('PUT', `/api/calendars/${standard.id}/years/2027`, { days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }] });
    expect(year.status).toBe(200);
    expect(year.body.calendar.days.filter((day: { day: string }) => day.day.startsWith('2027'))).toHaveLength(1);
    expect(year.body.calendar.days.filter((day: { day: string }) => day.day.startsWith('2025')).length).toBeGreaterThan(20);
    const wrongYear = await admin.request('PUT', `/api/calendars/${standard.id}/years/2027`, { days: [{ day: '2028-01-01', kind: 'holiday', name: '元旦' }] });
    expect(wrongYear.status).toBe(400);
  });
});

describe('SLA policies', () => {
  it('previews which open deadlines a change would move, and moves them only when applied', async () => {
    const { dispatch: _hold, ...body } = buildComplaint(fixture, { priority: 'P3' });
    const ticket = (await agent.post('/api/tickets', body)).body.ticket;
    expect(ticket.status).toBe('dispatched');
    const policies = (await admin.get('/api/sla-policies')).body.items;
    const complaint = policies.find((policy: { code: string }) => policy.code === 'COMPLAINT');
    const [{ id: policyOfTicket }] = await server.query<{ id: string }>(`select sla_policy_id as id from tickets where id = $1`, [ticket.id]);
    expect(policyOfTicket).toBe(complaint.id);

    expect((await admin.get(`/api/sla-policies/${complaint.id}/open-ticket-changes`)).body.items).toEqual([]);
    const changed = await admin.request('PATCH', `/api/sla-policies/${complaint.id}`, { acknowledgeMinutes: complaint.acknowledgeMinutes * 2 });
    expect(changed.body.policy).toMatchObject({ acknowledgeMinutes: complaint.acknowledgeMinutes * 2, version: complaint.version + 1 });

    const before = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket.sla.acknowledgeDueAt;
    const preview = (await admin.get(`/api/sla-policies/${complaint.id}/open-ticket-changes`)).body.items;
    const move = preview.find((item: { ticketId: string }) => item.ticketId === ticket.id);
    expect(move).toMatchObject({ clock: 'acknowledge', currentDueAt: before });
    expect(new Date(move.newDueAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect((await agent.get(`/api/tickets/${ticket.id}`)).body.ticket.sla.acknowledgeDueAt).toBe(before);

    const applied = await admin.post(`/api/sla-policies/${complaint.id}/apply-to-open-tickets`);
    expect(applied.body.moved).toBe(preview.length);
    const after = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    expect(after.sla.acknowledgeDueAt).toBe(move.newDueAt);
    // Not quietly: a new version, and an event on the audit chain naming the old and the new deadline.
    expect(after.version).toBe(ticket.version + 1);
    const events = (await agent.get(`/api/tickets/${ticket.id}/events`)).body.items as Array<{ type: string; actor: { role: string }; payload: Record<string, unknown> }>;
    expect(events.at(-1)).toMatchObject({
      type: 'sla_policy_applied',
      actor: { role: 'admin' },
      payload: { policyId: complaint.id, moves: [{ clock: 'acknowledge', from: before, to: move.newDueAt }] },
    });
    expect((await admin.get(`/api/audit/tickets/${ticket.id}`)).body).toMatchObject({ ok: true, events: events.length });
    expect(await server.query(`select 1 from outbox where ticket_id = $1 and topic = 'sla.changed' and payload->>'reason' = 'policy_applied'`, [ticket.id])).toHaveLength(1);
    expect((await admin.get(`/api/sla-policies/${complaint.id}/open-ticket-changes`)).body.items).toEqual([]);
    expect((await admin.request('PATCH', `/api/sla-policies/${complaint.id}`, { calendarId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    expect((await supervisor.request('PATCH', `/api/sla-policies/${complaint.id}`, { resolveMinutes: 1 })).status).toBe(403);
  });
});
