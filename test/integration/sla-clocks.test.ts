import { type Actor, addBusinessMinutes } from '@careline/shared';
import {
  acknowledgeTicket,
  createTicket,
  dispatchTicket,
  listMilestones,
  loadCalendar,
  pendTicket,
  recordContactAttempt,
  rejectTicket,
  resolveTicket,
  resumeTicket,
  closeTicket,
} from '@careline/shared/server';
import { actorOfUser, type Fixtures, fixtures } from '../helpers/factories';
import { signedIn, startTestServer, type TestServer } from '../helpers/test-server';

/** SLA clocks follow the ticket: started on dispatch, met on acknowledge/resolve, paused while waiting, moved on reroute. */
let server: TestServer;
let fixture: Fixtures;
let agent: Actor;
let standardDealer: { id: string; actor: Actor };

const cst = (local: string) => new Date(`${local}+08:00`);

const actorOf = (username: string) => actorOfUser(server, username);

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await actorOf('agent');
  // A dealer on the standard working calendar (not 24-hour rescue), so clocks count in business hours.
  const rows = await server.query<{ id: string; username: string }>(
    `select d.id, min(u.username) as username from dealers d join calendars c on c.id = d.calendar_id join users u on u.dealer_id = d.id
     where c.code = 'CN-STANDARD' and d.active and 'service' = any(d.capabilities) group by d.id, d.code order by d.code limit 1`,
  );
  standardDealer = { id: rows[0].id, actor: await actorOf(rows[0].username) };
});

afterAll(() => server?.close());

async function complaintAt(local: string, overrides: Record<string, unknown> = {}) {
  const { ticket } = await createTicket({
    db: server.database.db,
    actor: agent,
    now: cst(local),
    input: {
      type: 'complaint', channel: 'phone', categoryId: fixture.complaintCategory.id, contactName: '张伟', contactPhone: '13812345678',
      subject: '变速箱顿挫', description: '换挡时明显顿挫', dispatch: 'hold', priority: 'P3', ...overrides,
    } as never,
  });
  return ticket;
}

const standardCalendar = async () => {
  const [calendar] = await server.query<{ id: string }>(`select id from calendars where code = 'CN-STANDARD'`);
  return (await loadCalendar(server.database.db, calendar.id))!;
};
const clocks = async (ticketId: string) =>
  Object.fromEntries((await listMilestones(server.database.db, ticketId)).filter((m) => !m.cancelledAt).map((m) => [m.clock, m]));

describe('SLA clocks', () => {
  it('start on dispatch in the dealer’s business hours, across National Day', async () => {
    const ticket = await complaintAt('2025-09-30T16:00');
    const dispatched = await dispatchTicket({ db: server.database.db, actor: agent, ticketId: ticket.id, now: cst('2025-09-30T17:00'), request: { version: ticket.version, dealerId: standardDealer.id } });
    const calendar = await standardCalendar();
    // COMPLAINT policy: acknowledge 240, first contact 480, resolve 2,850 business minutes.
    expect(dispatched.acknowledgeDueAt?.toISOString()).toBe(cst('2025-10-09T11:30').toISOString());
    expect(dispatched.firstContactDueAt?.toISOString()).toBe(addBusinessMinutes(calendar, cst('2025-09-30T17:00'), 480).toISOString());
    expect(dispatched.resolveDueAt?.toISOString()).toBe(addBusinessMinutes(calendar, cst('2025-09-30T17:00'), 2850).toISOString());
    const own = await clocks(ticket.id);
    expect(own.acknowledge).toMatchObject({ ownerType: 'dealer', ownerId: standardDealer.id });
    const [{ code }] = await server.query<{ code: string }>(`select p.code from sla_policies p join tickets t on t.sla_policy_id = p.id where t.id = $1`, [ticket.id]);
    expect(code).toBe('COMPLAINT');
    const acknowledged = await acknowledgeTicket({ db: server.database.db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-10-09T09:00'), request: { version: dispatched.version } });
    expect(acknowledged.acknowledgeDueAt).toBeNull();
    expect((await clocks(ticket.id)).acknowledge.metAt?.toISOString()).toBe(cst('2025-10-09T09:00').toISOString());
    const outbox = await server.query(`select 1 from outbox where ticket_id = $1 and topic = 'sla.changed'`, [ticket.id]);
    expect(outbox.length).toBeGreaterThanOrEqual(2);
  });

  it('pausing for the customer shifts the deadlines by exactly the paused business time', async () => {
    const ticket = await complaintAt('2025-11-03T09:00');
    const db = server.database.db;
    let row = await dispatchTicket({ db, actor: agent, ticketId: ticket.id, now: cst('2025-11-03T09:00'), request: { version: ticket.version, dealerId: standardDealer.id } });
    row = await acknowledgeTicket({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-03T09:30'), request: { version: row.version } });
    const resolveDue = row.resolveDueAt!;
    row = await pendTicket({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-04T17:00'), request: { version: row.version } });
    // Paused from Tue 17:00 to Wed 10:00: 60 business minutes (17:00–18:00) + 90 (08:30–10:00) = 150.
    row = await resumeTicket({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-05T10:00'), request: { version: row.version } });
    const calendar = await standardCalendar();
    expect(row.resolveDueAt?.toISOString()).toBe(addBusinessMinutes(calendar, resolveDue, 150).toISOString());
    expect((await clocks(ticket.id)).resolve.pausedSeconds).toBe(150 * 60);
    row = await resolveTicket({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-06T10:00'), request: { version: row.version } });
    const resolved = await clocks(ticket.id);
    expect(resolved.resolve.metAt).not.toBeNull();
    await closeTicket({ db, actor: agent, ticketId: ticket.id, now: cst('2025-11-07T10:00'), request: { version: row.version } });
    const open = (await listMilestones(db, ticket.id)).filter((m) => !m.metAt && !m.cancelledAt);
    expect(open).toEqual([]);
  });

  it('a reroute starts the new dealer’s acknowledge clock and carries the others over', async () => {
    // With a customer and vehicle, rerouting after the rejection finds another dealer.
    const ticket = await complaintAt('2025-11-10T09:00', { customerId: fixture.customer.id, vehicleId: fixture.vehicle.id });
    const db = server.database.db;
    const row = await dispatchTicket({ db, actor: agent, ticketId: ticket.id, now: cst('2025-11-10T09:00'), request: { version: ticket.version, dealerId: standardDealer.id } });
    const resolveDue = row.resolveDueAt!.toISOString();
    const rejected = await rejectTicket({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-10T11:00'), request: { version: row.version, reasonCode: 'wrong_region' } });
    const all = await listMilestones(db, ticket.id);
    const acknowledge = all.filter((m) => m.clock === 'acknowledge');
    expect(acknowledge[0]).toMatchObject({ ownerId: standardDealer.id, cancelledAt: cst('2025-11-10T11:00') });
    expect(rejected.status).toBe('dispatched');
    expect(rejected.responsibleDealerId).not.toBe(standardDealer.id);
    expect(acknowledge[1]).toMatchObject({ ownerId: rejected.responsibleDealerId, startedAt: cst('2025-11-10T11:00'), cancelledAt: null });
    expect(rejected.resolveDueAt?.toISOString()).toBe(resolveDue);
    expect((await clocks(ticket.id)).resolve.ownerId).toBe(rejected.responsibleDealerId);
  });

  it('the first contact that reaches the customer meets the first-contact clock; attempts before it do not', async () => {
    const ticket = await complaintAt('2025-11-12T09:00');
    const db = server.database.db;
    let row = await dispatchTicket({ db, actor: agent, ticketId: ticket.id, now: cst('2025-11-12T09:00'), request: { version: ticket.version, dealerId: standardDealer.id } });
    await expect(recordContactAttempt({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-12T09:10'), request: { outcome: 'reached' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    row = await acknowledgeTicket({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-12T09:20'), request: { version: row.version } });
    row = await recordContactAttempt({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-12T09:30'), request: { outcome: 'no_answer' } });
    expect(row.firstContactDueAt).not.toBeNull();
    row = await recordContactAttempt({ db, actor: standardDealer.actor, ticketId: ticket.id, now: cst('2025-11-12T10:00'), request: { outcome: 'reached', note: '客户同意周六到店' } });
    expect(row.firstContactAt?.toISOString()).toBe(cst('2025-11-12T10:00').toISOString());
    expect(row.firstContactDueAt).toBeNull();
    expect((await clocks(ticket.id)).first_contact.metAt?.toISOString()).toBe(cst('2025-11-12T10:00').toISOString());
    const later = await recordContactAttempt({ db, actor: agent, ticketId: ticket.id, now: cst('2025-11-13T10:00'), request: { outcome: 'reached' } });
    expect(later.firstContactAt?.toISOString()).toBe(cst('2025-11-12T10:00').toISOString());
    const events = await server.query<{ payload: { outcome: string; firstContact: boolean } }>(`select payload from ticket_events where ticket_id = $1 and type = 'contact_attempt' order by sequence`, [ticket.id]);
    expect(events.map((event) => [event.payload.outcome, event.payload.firstContact])).toEqual([['no_answer', false], ['reached', true], ['reached', false]]);
  });

  it('roadside and P1 count around the clock', async () => {
    const db = server.database.db;
    const { ticket } = await createTicket({
      db, actor: agent, now: cst('2025-10-01T23:55'),
      input: { type: 'roadside', channel: 'phone', contactName: '李娜', contactPhone: '13912345678', subject: '爆胎', description: '高速爆胎', location: { address: '沪昆高速' }, dispatch: 'hold' } as never,
    });
    const dispatched = await dispatchTicket({ db, actor: agent, ticketId: ticket.id, now: cst('2025-10-01T23:55'), request: { version: ticket.version, dealerId: standardDealer.id } });
    expect(dispatched.acknowledgeDueAt?.toISOString()).toBe(cst('2025-10-02T00:05').toISOString());
  });

  it('shows each clock’s state on the ticket', async () => {
    const ticket = await complaintAt('2025-09-01T09:00');
    await dispatchTicket({ db: server.database.db, actor: agent, ticketId: ticket.id, now: cst('2025-09-01T09:00'), request: { version: ticket.version, dealerId: standardDealer.id } });
    const client = await signedIn(server, 'agent');
    const { body } = await client.get(`/api/tickets/${ticket.id}`);
    // The ticket's own clocks (copied departments' internal clocks: escalation.test.ts).
    const own = body.ticket.sla.milestones.filter((m: { clock: string }) => m.clock !== 'internal');
    const states = Object.fromEntries(own.map((m: { clock: string; state: string }) => [m.clock, m.state]));
    expect(states).toEqual({ acknowledge: 'breached', first_contact: 'breached', resolve: 'breached' });
    expect(body.ticket.sla.acknowledgeDueAt).toBe(cst('2025-09-01T13:00').toISOString());
  });
});
