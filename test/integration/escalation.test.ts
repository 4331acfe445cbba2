import { deliverNotification, sendScheduledNotifications } from '@careline/shared/server';
import { createTransport } from 'nodemailer';
import type { ParsedMail } from 'mailparser';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/**
 * Escalation chains, mail in each recipient's language, quiet hours and digests, copied departments' own clocks and
 * resolution mail — through the real relay, BullMQ on Redis and a real SMTP server.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let admin: ApiClient;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: RunningWorkers | null = null;
const PUBLIC_URL = 'https://careline.example.cn';
const MAIL = { publicUrl: PUBLIC_URL, from: 'careline <noreply@careline.example.cn>' };

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  // Every calendar open around the clock, so mail here is never held for working hours, except in the quiet-hours
  // tests, which give their dealer a calendar of its own.
  await server.query(`update calendars set always_open = true`);
  agent = await signedIn(server, 'agent');
  admin = await signedIn(server, 'admin');
  sink = await startSmtpSink();
  workers = await startTestWorkers(server, sink.url, { publicUrl: PUBLIC_URL });
});

afterAll(async () => {
  await workers?.close();
  await sink?.close();
  await server?.close();
});

const one = async <T = Record<string, unknown>>(sql: string, params?: unknown[]) => (await server.query<T>(sql, params))[0];

async function waitUntil<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const mailsTo = (address: string, ticketNumber: string) =>
  sink.mails.filter((mail) => (mail.to as { text: string }).text.includes(address) && (mail.subject ?? '').includes(ticketNumber));

/** Moves a clock's warning and due moments to the next instants (a policy in minutes would make a slow test). */
async function dueSoon(ticketId: string, clock: string, warnInMs: number, dueInMs: number) {
  // Let the dispatch's own timer rescheduling finish first, or it could put back the timers of the old moments.
  await waitUntil(async () => {
    const [pending] = await server.query<{ count: number }>(`select count(*)::int as count from outbox where ticket_id = $1 and processed_at is null`, [ticketId]);
    const jobs = await workers!.queues.sla.getJobCounts('waiting', 'active', 'prioritized');
    return pending.count === 0 && jobs.waiting + jobs.active + jobs.prioritized === 0;
  }, 'the dispatch to be relayed');
  await server.query(
    `update sla_milestones set warn_at = now() + make_interval(secs => $3::double precision / 1000), due_at = now() + make_interval(secs => $4::double precision / 1000)
     where ticket_id = $1 and clock = $2 and met_at is null and cancelled_at is null`,
    [ticketId, clock, warnInMs, dueInMs],
  );
  await workers!.reconcile();
}

describe('escalation chains', () => {
  it('warn, breach and escalate level by level, to the right people, each in their language', async () => {
    const policy = (await admin.get('/api/sla-policies')).body.items.find((item: { code: string }) => item.code === 'COMPLAINT');
    const chain = [
      { level: 1, afterMinutes: 0, recipients: ['dealer_service_manager'], channels: ['mail', 'live'] },
      { level: 2, afterMinutes: 30, recipients: ['regional_manager', 'hq_crm_supervisor'], channels: ['mail', 'live'] },
    ];
    expect((await admin.request('PATCH', `/api/sla-policies/${policy.id}`, { escalationChain: chain })).status).toBe(200);
    // The supervisor reads English.
    const supervisor = await signedIn(server, 'supervisor');
    expect((await supervisor.request('PATCH', '/api/me/preferences', { locale: 'en' })).body.preferences).toMatchObject({ locale: 'en', nonUrgent: 'immediate' });

    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    await dueSoon(ticket.id, 'acknowledge', 800, 1500);
    const owner = (await one<{ notification_emails: string[] }>(`select notification_emails from dealers where id = $1`, [fixture.dealerA.id])).notification_emails[0];
    const manager = (await one<{ contacts: Array<{ email: string }> }>(`select escalation_contacts as contacts from dealers where id = $1`, [fixture.dealerA.id])).contacts[0].email;
    const region = await one<{ id: string; contacts: Array<{ email: string }> }>(`select r.id, r.escalation_contacts as contacts from regions r join tickets t on t.region_id = r.id where t.id = $1`, [ticket.id]);
    const regionalManager = region.contacts[0].email;
    // A second regional manager, with no login, reads English: the contact entry says so.
    const deputy = 'li.wei@region.example.com';
    const contacts = [...region.contacts, { role: 'regional_manager', name: 'Li Wei', email: deputy, locale: 'en' }];
    expect((await admin.request('PATCH', `/api/regions/${region.id}/escalation-contacts`, { escalationContacts: contacts })).status).toBe(200);
    const supervisorEmail = (await one<{ email: string }>(`select email from users where username = 'supervisor'`)).email;

    // Level 1 comes with the breach: the dealer's service manager, in Chinese.
    const levelOne = await sink.waitFor((mail) => (mail.subject ?? '').includes('第 1 级') && (mail.subject ?? '').includes(ticket.number));
    expect((levelOne.to as { text: string }).text).toContain(manager);
    expect(levelOne.text).toContain('「接单」时限');
    expect(levelOne.text).toContain(`${PUBLIC_URL}/tickets/${ticket.id}`);
    expect(mailsTo(owner, ticket.number).map((mail) => mail.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining('时限预警'), expect.stringContaining('已超时')]),
    );
    const breached = await waitUntil(async () => {
      const row = await one<{ escalation_level: number; next_escalation_at: Date | null }>(
        `select escalation_level, next_escalation_at from sla_milestones where ticket_id = $1 and clock = 'acknowledge'`,
        [ticket.id],
      );
      return row?.escalation_level === 1 && row;
    }, 'level 1 on the clock');
    // Level 2 is 30 business minutes after the due time (24×7 here): the next moment is recorded on the clock.
    const due = await one<{ due_at: Date }>(`select due_at from sla_milestones where ticket_id = $1 and clock = 'acknowledge'`, [ticket.id]);
    expect(new Date(breached.next_escalation_at!).getTime() - new Date(due.due_at).getTime()).toBe(30 * 60_000);
    expect(sink.mails.some((mail) => (mail.subject ?? '').includes('level 2') || (mail.subject ?? '').includes('第 2 级'))).toBe(false);

    // Bring level 2's moment forward rather than wait half an hour; the timer reads the clock's row.
    await server.query(`update sla_milestones set next_escalation_at = now() + interval '500 milliseconds' where ticket_id = $1 and clock = 'acknowledge'`, [ticket.id]);
    await workers!.reconcile();
    const toRegion = await sink.waitFor((mail) => (mail.subject ?? '').includes('第 2 级') && (mail.subject ?? '').includes(ticket.number));
    expect((toRegion.to as { text: string }).text).toContain(regionalManager);
    expect(toRegion.text).toContain('请督办');
    expect((toRegion.to as { text: string }).text).not.toContain(deputy);
    await sink.waitFor((mail) => (mail.subject ?? '').includes(`Escalation level 2: ${ticket.number}`) && (mail.to as { text: string }).text.includes(deputy));
    const toSupervisor = await sink.waitFor(
      (mail) => (mail.subject ?? '').includes(`Escalation level 2: ${ticket.number}`) && (mail.to as { text: string }).text.includes(supervisorEmail),
    );
    expect(toSupervisor.text).toContain('missed its deadline to acknowledge');
    // The service manager is not told again at level 2; the dealer's own address never gets escalation mail.
    expect(mailsTo(manager, ticket.number)).toHaveLength(1);
    expect(mailsTo(owner, ticket.number).filter((mail) => /级|level/.test(mail.subject ?? ''))).toEqual([]);

    // Visible on the ticket: level, breached clocks, and each step in the history.
    const shown = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    expect(shown.sla).toMatchObject({ state: 'breached', breachedClocks: ['acknowledge'], escalationLevel: 2 });
    expect(shown.sla.milestones.find((clock: { clock: string; cancelledAt: unknown }) => clock.clock === 'acknowledge')).toMatchObject({ escalationLevel: 2, nextEscalationAt: null, state: 'breached' });
    const events = (await agent.get(`/api/tickets/${ticket.id}/events`)).body.items as Array<{ type: string; payload: Record<string, unknown> }>;
    expect(events.filter((event) => event.type.startsWith('sla_') || event.type === 'escalated').map((event) => [event.type, event.payload.level ?? null])).toEqual([
      ['sla_warning', null],
      ['sla_breached', null],
      ['escalated', 1],
      ['escalated', 2],
    ]);
    expect(events.find((event) => event.payload.level === 2)?.payload.recipients).toEqual(['regional_manager', 'hq_crm_supervisor']);
  });

  it('stops escalating a clock once it is met', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    await dueSoon(ticket.id, 'acknowledge', 300, 600);
    await waitUntil(
      async () => (await one<{ escalation_level: number }>(`select escalation_level from sla_milestones where ticket_id = $1 and clock = 'acknowledge'`, [ticket.id]))?.escalation_level === 1,
      'level 1',
    );
    const dealer = await signedIn(server, fixture.dealerA.username);
    const current = (await dealer.get(`/api/tickets/${ticket.id}`)).body.ticket;
    expect((await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: current.version })).status).toBe(200);
    await server.query(`update sla_milestones set next_escalation_at = now() where ticket_id = $1 and clock = 'acknowledge'`, [ticket.id]);
    await workers!.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const events = await server.query<{ type: string }>(`select type from ticket_events where ticket_id = $1 and type = 'escalated'`, [ticket.id]);
    expect(events).toHaveLength(1);
  });

  it('rejects a chain whose levels are out of order, naming the level, and changes nothing', async () => {
    const policy = (await admin.get('/api/sla-policies')).body.items.find((item: { code: string }) => item.code === 'DEFAULT');
    const response = await admin.request('PATCH', `/api/sla-policies/${policy.id}`, {
      escalationChain: [
        { level: 1, afterMinutes: 60, recipients: ['owner'], channels: ['mail'] },
        { level: 2, afterMinutes: 30, recipients: ['regional_manager'], channels: ['mail'] },
      ],
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error.details)).toContain('level 2: must come later than level 1');
    const after = (await admin.get('/api/sla-policies')).body.items.find((item: { code: string }) => item.code === 'DEFAULT');
    expect(after.escalationChain).toEqual(policy.escalationChain);
  });
});

describe('copied departments and resolution', () => {
  it('gives a copied department its own clock, met by its finding, and warns only the department', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const shown = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    const internal = shown.sla.milestones.filter((clock: { clock: string }) => clock.clock === 'internal');
    // One clock per copied department (the category copies quality and others).
    expect(internal).toHaveLength(shown.ccDepartments.length);
    expect(internal).toContainEqual(expect.objectContaining({ ownerType: 'department', ownerId: fixture.departmentA.id, state: 'running' }));
    // The dealer does not see the OEM's internal clock.
    const dealer = await signedIn(server, fixture.dealerA.username);
    expect((await dealer.get(`/api/tickets/${ticket.id}`)).body.ticket.sla.milestones.map((clock: { clock: string }) => clock.clock)).not.toContain('internal');

    await dueSoon(ticket.id, 'internal', 300, 600);
    const department = await one<{ notification_emails: string[] }>(`select notification_emails from departments where id = $1`, [fixture.departmentA.id]);
    const isBreach = (mail: ParsedMail) => (mail.subject ?? '').includes(ticket.number) && (mail.subject ?? '').includes('已超时');
    // Every copied department's clock runs out here, and each tells its own department.
    const breach = await sink.waitFor((mail) => isBreach(mail) && (mail.to as { text: string }).text.includes(department.notification_emails[0]));
    expect(breach.text).toContain('部门内部处理');
    const departmentAddresses = (await server.query<{ notification_emails: string[] }>(`select notification_emails from departments`)).flatMap((row) => row.notification_emails);
    for (const mail of sink.mails.filter(isBreach)) {
      for (const address of (mail.to as { value: Array<{ address: string }> }).value.map((entry) => entry.address)) {
        expect(departmentAddresses).toContain(address);
      }
    }
    const row = await one<{ sla_state: string; escalation_level: number }>(`select sla_state, escalation_level from tickets where id = $1`, [ticket.id]);
    expect(row).toEqual({ sla_state: 'ok', escalation_level: 0 });

    // A second ticket: the department's note is its finding and meets its clock.
    const second = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const quality = await signedIn(server, fixture.departmentA.username);
    expect((await quality.post(`/api/tickets/${second.id}/notes`, { visibility: 'internal', body: '已排查：同批次传感器问题' })).status).toBe(201);
    const clocks = (await agent.get(`/api/tickets/${second.id}`)).body.ticket.sla.milestones as Array<{ clock: string; ownerId: string; state: string }>;
    const internalClocks = clocks.filter((clock) => clock.clock === 'internal');
    expect(internalClocks.find((clock) => clock.ownerId === fixture.departmentA.id)?.state).toBe('met');
    // The other copied departments still owe their finding.
    expect(internalClocks.filter((clock) => clock.ownerId !== fixture.departmentA.id).every((clock) => clock.state === 'running')).toBe(true);
    // The met clock's timers are rescheduled like those of any clock that stops: the finding writes sla.changed.
    const slaChanged = await server.query<{ count: number }>(`select count(*)::int as count from outbox where ticket_id = $1 and topic = 'sla.changed'`, [second.id]);
    expect((await quality.post(`/api/tickets/${second.id}/notes`, { visibility: 'internal', body: '补充说明' })).status).toBe(201);
    const afterSecondNote = await server.query<{ count: number }>(`select count(*)::int as count from outbox where ticket_id = $1 and topic = 'sla.changed'`, [second.id]);
    // A second note meets nothing: no reschedule.
    expect(afterSecondNote[0].count).toBe(slaChanged[0].count);
    const findingEvents = await server.query<{ count: number }>(
      `select count(*)::int as count from outbox o where o.ticket_id = $1 and o.topic = 'sla.changed'
       and (o.payload ->> 'version')::int = (select min((payload ->> 'version')::int) from outbox where ticket_id = $1 and topic = 'ticket.changed' and payload ->> 'kind' = 'note')`,
      [second.id],
    );
    expect(findingEvents[0].count).toBe(1);
  });

  it('mails the copied departments and the agent who opened it when a ticket is resolved', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const dealer = await signedIn(server, fixture.dealerA.username);
    let current = (await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version })).body.ticket;
    current = (await dealer.post(`/api/tickets/${ticket.id}/resolve`, { version: current.version, comment: '更换正时链条张紧器，试车无异响' })).body.ticket;
    expect(current.status).toBe('resolved');
    const department = await one<{ notification_emails: string[] }>(`select notification_emails from departments where id = $1`, [fixture.departmentA.id]);
    const agentEmail = (await one<{ email: string }>(`select email from users where username = 'agent'`)).email;
    for (const address of [department.notification_emails[0], agentEmail]) {
      const mail = await sink.waitFor((candidate) => (candidate.to as { text: string }).text.includes(address) && (candidate.subject ?? '').includes(`工单已处理完毕 ${ticket.number}`));
      expect(mail.text).toContain('更换正时链条张紧器');
    }
  });

  it('mails the responsible dealer, in its language, when an unhappy callback reopens its ticket', async () => {
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const dealer = await signedIn(server, fixture.dealerA.username);
    let current = (await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version })).body.ticket;
    current = (await dealer.post(`/api/tickets/${ticket.id}/resolve`, { version: current.version })).body.ticket;
    const [task] = await server.query<{ id: string; version: number }>(`select id, version from callback_tasks where ticket_id = $1 and status = 'open'`, [ticket.id]);
    const answer = await agent.post(`/api/callbacks/${task.id}/attempts`, { version: task.version, result: 'reached', satisfaction: 1, solved: false, reasonCode: 'slow', comment: '等了两周' });
    expect(answer.body.ticket.status).toBe('reopened');
    const address = (await one<{ notification_emails: string[] }>(`select notification_emails from dealers where id = $1`, [fixture.dealerA.id])).notification_emails[0];
    const mail = await sink.waitFor((candidate) => (candidate.to as { text: string }).text.includes(address) && (candidate.subject ?? '').includes(`回访不满意，工单已重开 ${ticket.number}`));
    expect(mail.text).toContain('不满意原因：处理速度慢');
    expect(mail.text).toContain('满意度：1 / 5');
    expect(mail.text).toContain('等了两周');
  });
});

describe('quiet hours and digests', () => {
  // 2026-11-22 is a Sunday; 03:00 in Beijing. The dealer works Monday to Friday 08:30–18:00.
  const sundayNight = new Date('2026-11-21T19:00:00Z');
  const mondayOpening = new Date('2026-11-23T00:30:00Z');
  let quietDealerEmail: string;

  beforeAll(async () => {
    const [calendar] = await server.query<{ id: string }>(
      `insert into calendars (id, code, name, weekly_hours) values (gen_random_uuid(), 'QUIET-TEST', 'quiet hours test',
       '{"1":[["08:30","18:00"]],"2":[["08:30","18:00"]],"3":[["08:30","18:00"]],"4":[["08:30","18:00"]],"5":[["08:30","18:00"]]}'::jsonb) returning id`,
    );
    await server.query(`update dealers set calendar_id = $1 where id = $2`, [calendar.id, fixture.dealerB.id]);
    quietDealerEmail = (await one<{ notification_emails: string[] }>(`select notification_emails from dealers where id = $1`, [fixture.dealerB.id])).notification_emails[0];
  });

  /** A delivery of the dispatch mail of `ticket` at `now`, under a row id of its own (the workers handle the real one). */
  const deliverAt = (ticketId: string, outboxId: number, now: Date) =>
    deliverNotification(server.database.db, createTransport(sink.url), { outboxId, topic: 'ticket.dispatched', ticketId, payload: { ticketId, dealerId: fixture.dealerB.id, departmentId: null, ccDepartmentIds: [] } }, { ...MAIL, now });

  it('holds a non-urgent mail until the dealer opens, and sends a P1 at once, day or night', async () => {
    const routine = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    expect(await deliverAt(routine.id, 9_000_001, sundayNight)).toEqual({ sent: 0, skipped: 0, scheduled: 1 });
    const held = await one<{ id: string; status: string; not_before: Date }>(`select id, status, not_before from notifications where dedupe_key = $1`, [`outbox:9000001:${quietDealerEmail}`]);
    expect(held.status).toBe('scheduled');
    expect(new Date(held.not_before).toISOString()).toBe(mondayOpening.toISOString());

    const urgent = await dispatchedComplaint(agent, fixture, fixture.dealerB.id, { priority: 'P1' });
    expect(await deliverAt(urgent.id, 9_000_002, sundayNight)).toEqual({ sent: 1, skipped: 0, scheduled: 0 });

    // Nothing is due a minute before opening; at opening it goes out, once.
    expect(await sendScheduledNotifications(server.database.db, createTransport(sink.url), { ...MAIL, now: new Date(mondayOpening.getTime() - 60_000) })).toMatchObject({ mails: 0 });
    expect(await sendScheduledNotifications(server.database.db, createTransport(sink.url), { ...MAIL, now: mondayOpening })).toMatchObject({ mails: 1, notifications: 1 });
    expect(await sendScheduledNotifications(server.database.db, createTransport(sink.url), { ...MAIL, now: mondayOpening })).toMatchObject({ mails: 0 });
    const sent = await sink.waitFor((mail) => mail.headers.get('x-careline-notification') === held.id);
    expect(sent.subject).toContain(routine.number);
  });

  it('bundles non-urgent mail into one digest, in the language the recipient chose', async () => {
    // The dealer's inbox belongs to a user who reads English and wants digests.
    const user = await signedIn(server, fixture.dealerB.username);
    await server.query(`update users set email = $1 where username = $2`, [quietDealerEmail, fixture.dealerB.username]);
    expect((await user.request('PATCH', '/api/me/preferences', { locale: 'en', nonUrgent: 'digest' })).status).toBe(200);
    const mondayTen = new Date('2026-11-23T02:00:00Z');
    const first = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    const second = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    expect(await deliverAt(first.id, 9_000_003, mondayTen)).toEqual({ sent: 0, skipped: 0, scheduled: 1 });
    expect(await deliverAt(second.id, 9_000_004, new Date(mondayTen.getTime() + 10 * 60_000))).toEqual({ sent: 0, skipped: 0, scheduled: 1 });
    const transport = createTransport(sink.url);
    expect(await sendScheduledNotifications(server.database.db, transport, { ...MAIL, now: new Date(mondayTen.getTime() + 30 * 60_000) })).toMatchObject({ mails: 0 });
    // Due an hour after the first: everything waiting for this address goes in it (the workers' own deliveries of
    // these dispatches included, when they are held too).
    const sent = await sendScheduledNotifications(server.database.db, transport, { ...MAIL, now: new Date(mondayTen.getTime() + 60 * 60_000) });
    expect(sent.mails).toBe(1);
    expect(sent.notifications).toBeGreaterThanOrEqual(2);
    const digest = await sink.waitFor((mail) => (mail.subject ?? '').startsWith(`[careline] Digest: ${sent.notifications} notifications`));
    expect((digest.to as { text: string }).text).toContain(quietDealerEmail);
    expect(digest.text).toContain(first.number);
    expect(digest.text).toContain(second.number);
    expect(digest.text).toContain(`${PUBLIC_URL}/tickets/${second.id}`);
    const rows = await server.query<{ status: string; digest_id: string | null; locale: string }>(
      `select status, digest_id, locale from notifications where dedupe_key = any($1)`,
      [[`outbox:9000003:${quietDealerEmail}`, `outbox:9000004:${quietDealerEmail}`]],
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.status === 'sent' && row.digest_id !== null && row.locale === 'en')).toBe(true);
  });
});

describe('notification settings', () => {
  it('lets a dealer manager change its own addresses, not another dealer’s, and validates them', async () => {
    const [manager] = await server.query<{ username: string; dealer_id: string }>(`select username, dealer_id from users where role = 'dealer_manager' order by username limit 1`);
    const client = await signedIn(server, manager.username);
    const changed = await client.request('PATCH', `/api/dealers/${manager.dealer_id}/notification-settings`, { notificationEmails: ['service@example.cn', 'duty@example.cn'] });
    expect(changed.status).toBe(200);
    expect(changed.body.settings.notificationEmails).toEqual(['service@example.cn', 'duty@example.cn']);
    const other = fixture.dealerA.id === manager.dealer_id ? fixture.dealerB.id : fixture.dealerA.id;
    expect((await client.request('PATCH', `/api/dealers/${other}/notification-settings`, { notificationEmails: ['x@example.cn'] })).status).toBe(404);
    const bad = await client.request('PATCH', `/api/dealers/${manager.dealer_id}/notification-settings`, { notificationEmails: ['not an address'] });
    expect(bad.status).toBe(400);
    expect((await client.get(`/api/dealers/${manager.dealer_id}/notification-settings`)).body.settings.notificationEmails).toEqual(['service@example.cn', 'duty@example.cn']);
  });
});
