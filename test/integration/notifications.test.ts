import { randomUUID } from 'node:crypto';
import { deliverNotification, type OutboxPayload } from '@careline/shared/server';
import { createTransport } from 'nodemailer';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';
import { waitFor } from '../helpers/wait-for';

/** Outbox → relay → BullMQ → mail over real SMTP, idempotent, and nothing lost while no worker runs. */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: RunningWorkers | null = null;
const PUBLIC_URL = 'https://careline.example.cn';

// The retry pass looks every 200 ms here, so a resent mail goes out at once; the scheduled pass only when a test asks.
const start = () => startTestWorkers(server, sink.url, { publicUrl: PUBLIC_URL, retryEveryMs: 200, scheduledMailEveryMs: 3_600_000 });

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  // Every dealer open around the clock, so that no mail here waits for working hours (quiet hours: escalation.test.ts).
  await server.query(`update dealers set calendar_id = (select id from calendars where code = '24X7')`);
  agent = await signedIn(server, 'agent');
  sink = await startSmtpSink();
  workers = await start();
});

afterAll(async () => {
  await workers?.close();
  await sink?.close();
  await server?.close();
});

/** The sink has a mail a moment before the worker records it as sent: wait for the record. */
async function sentNotification(ticketId: string) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [row] = await server.query<{ status: string; recipient: string }>(`select status, recipient from notifications where ticket_id = $1`, [ticketId]);
    if (row?.status === 'sent') return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no sent notification for ${ticketId}`);
}

async function emailsOf(dealerId: string) {
  const [dealer] = await server.query<{ notification_emails: string[] }>(`select notification_emails from dealers where id = $1`, [dealerId]);
  return dealer.notification_emails;
}

describe('dispatch mail', () => {
  it('mails the dealer a ticket is dispatched to, in Chinese, with a link back', async () => {
    const { dispatch: _dispatch, ...body } = buildComplaint(fixture);
    const ticket = (await agent.post('/api/tickets', body)).body.ticket;
    expect(ticket.status).toBe('dispatched');
    const [to] = await emailsOf(ticket.responsibleDealer.id);
    const mail = await sink.waitFor((candidate) => candidate.subject?.includes(ticket.number) ?? false);
    expect(mail.subject).toContain('新工单派发');
    expect((mail.to as { text: string }).text).toContain(to);
    expect(mail.text).toContain(`${PUBLIC_URL}/tickets/${ticket.id}`);
    expect(mail.text).toContain('请于');
    expect(await sentNotification(ticket.id)).toEqual({ status: 'sent', recipient: to });
  });

  it('never sends the same mail twice: a second delivery of the row, or the same job again, sends nothing', async () => {
    const { dispatch: _dispatch, ...body } = buildComplaint(fixture);
    const ticket = (await agent.post('/api/tickets', body)).body.ticket;
    await sink.waitFor((candidate) => candidate.subject?.includes(ticket.number) ?? false);
    await sentNotification(ticket.id);
    const [row] = await server.query<{ id: number; payload: OutboxPayload<'ticket.dispatched'> }>(
      `select id, payload from outbox where ticket_id = $1 and topic = 'ticket.dispatched'`,
      [ticket.id],
    );
    const again = await deliverNotification(server.database.db, createTransport(sink.url), { outboxId: Number(row.id), topic: 'ticket.dispatched', ticketId: ticket.id, payload: row.payload }, { publicUrl: PUBLIC_URL, from: 'x@example.cn' });
    expect(again).toEqual({ sent: 0, skipped: 1, scheduled: 0 });
    await workers!.queues.notifications.add('ticket.dispatched', { outboxId: Number(row.id), topic: 'ticket.dispatched', ticketId: ticket.id, payload: row.payload }, { jobId: `outbox-${row.id}` });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(sink.mails.filter((mail) => mail.subject?.includes(ticket.number))).toHaveLength(1);
  });

  it('mails the dealer a rejected ticket is rerouted to', async () => {
    const { dispatch: _dispatch, ...body } = buildComplaint(fixture);
    const ticket = (await agent.post('/api/tickets', body)).body.ticket;
    const [user] = await server.query<{ username: string }>(`select username from users where dealer_id = $1 and role = 'dealer_user' limit 1`, [ticket.responsibleDealer.id]);
    const dealer = await signedIn(server, user.username);
    await dealer.post(`/api/tickets/${ticket.id}/reject`, { version: ticket.version, reasonCode: 'wrong_region' });
    const rerouted = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    const [to] = await emailsOf(rerouted.responsibleDealer.id);
    const mail = await sink.waitFor((candidate) => (candidate.subject?.includes('工单改派') ?? false) && (candidate.subject?.includes(ticket.number) ?? false));
    expect((mail.to as { text: string }).text).toContain(to);
    // Who refused it and why is the refusing dealer's business (issue 9, scoping by era): the mail does not say.
    expect(mail.text).not.toContain('wrong_region');
    expect(mail.text).not.toMatch(/退单原因|Rejection reason/);
  });

  it('loses nothing while no worker runs: rows committed meanwhile are relayed when one starts', async () => {
    await workers!.close();
    workers = null;
    const { dispatch: _dispatch, ...body } = buildComplaint(fixture);
    const ticket = (await agent.post('/api/tickets', body)).body.ticket;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.mails.some((mail) => mail.subject?.includes(ticket.number))).toBe(false);
    const [pending] = await server.query<{ processed_at: Date | null }>(`select processed_at from outbox where ticket_id = $1 and topic = 'ticket.dispatched'`, [ticket.id]);
    expect(pending.processed_at).toBeNull();
    workers = await start();
    await sink.waitFor((candidate) => candidate.subject?.includes(ticket.number) ?? false);
  });

  it('records a mail the server refuses as due for another attempt, not as sent or lost', async () => {
    const { ticket } = await failingMail('later@dealer.example.cn');
    const [row] = await notificationsTo(ticket.id, 'later@dealer.example.cn');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sending_at: null, message_id: `<${row.id}@careline.notifications>` });
    expect(row.last_error).toContain('mailbox unavailable');
    // The first retry comes after the base delay (30 s ± 20 %), counted from the failed attempt.
    const delay = new Date(row.next_attempt_at!).getTime() - new Date(row.created_at).getTime();
    expect(delay).toBeGreaterThan(20_000);
    expect(delay).toBeLessThan(40_000);
  });
});

/** A dispatch whose mail the server refuses (550): its dealer's only address is `address`, refused by the sink. */
async function failingMail(address: string) {
  sink.refused.add(address);
  const { dispatch: _dispatch, ...body } = buildComplaint(fixture);
  // The dealer is chosen by routing: change its addresses before the workers deliver, by holding them back.
  await workers!.close();
  workers = null;
  const ticket = (await agent.post('/api/tickets', body)).body.ticket;
  const original = await emailsOf(ticket.responsibleDealer.id);
  await server.query(`update dealers set notification_emails = array[$1] where id = $2`, [address, ticket.responsibleDealer.id]);
  workers = await start();
  await waitFor(async () => Boolean((await notificationsTo(ticket.id, address))[0]?.last_error), `a failed attempt to ${address}`);
  await server.query(`update dealers set notification_emails = $1 where id = $2`, [original, ticket.responsibleDealer.id]);
  return { ticket };
}

interface NotificationRecord {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  sending_at: Date | null;
  message_id: string | null;
  created_at: Date;
}

const notificationsTo = (ticketId: string, recipient: string) =>
  server.query<NotificationRecord>(`select id, status, attempts, last_error, next_attempt_at, sending_at, message_id, created_at from notifications where ticket_id = $1 and recipient = $2`, [ticketId, recipient]);

describe('retries, failure and resend', () => {
  it('retries with a growing delay, capped, and gives up only after the retry window', async () => {
    const address = 'growing@dealer.example.cn';
    const { ticket } = await failingMail(address);
    let [row] = await notificationsTo(ticket.id, address);
    const delays: number[] = [];
    // Each pass at the moment the row is due (an injected clock: no waiting for the delays themselves).
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const now = new Date(row.next_attempt_at!);
      // (The pass takes whatever else is due at that time too: other tests' refused mail.)
      expect(await workers!.retryMailOnce(now)).toMatchObject({ failed: 0 });
      [row] = await notificationsTo(ticket.id, address);
      expect(row).toMatchObject({ status: 'pending', attempts: attempt + 2 });
      delays.push(new Date(row.next_attempt_at!).getTime() - now.getTime());
    }
    expect(row).toMatchObject({ status: 'pending', attempts: 11 });
    // 60 s, 120 s … (each ± 20 %): every delay longer than the one before until the 30-minute cap, none above it.
    for (let index = 1; index < 6; index += 1) expect(delays[index]).toBeGreaterThan(delays[index - 1]);
    expect(delays[0]).toBeGreaterThanOrEqual(48_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30 * 60_000);
    expect(delays[9]).toBeGreaterThanOrEqual(24 * 60_000);
    // Not yet due: a pass a second before leaves it alone.
    await workers!.retryMailOnce(new Date(new Date(row.next_attempt_at!).getTime() - 1000));
    expect((await notificationsTo(ticket.id, address))[0].attempts).toBe(11);

    // Past the window (24 h from creation): the next failed attempt is the last, and admins see it.
    expect((await workers!.retryMailOnce(new Date(new Date(row.created_at).getTime() + 25 * 3_600_000))).failed).toBeGreaterThanOrEqual(1);
    [row] = await notificationsTo(ticket.id, address);
    expect(row).toMatchObject({ status: 'failed', next_attempt_at: null, attempts: 12 });
    const admin = await signedIn(server, 'admin');
    const failed = (await admin.get('/api/admin/notifications?status=failed')).body.items;
    expect(failed).toEqual(expect.arrayContaining([expect.objectContaining({ id: row.id, recipient: address, status: 'failed', ticketId: ticket.id, attempts: 12 })]));
    expect(failed.find((item: { id: string }) => item.id === row.id).lastError).toContain('mailbox unavailable');
  });

  it('lets an admin resend a failed mail: delivered, with the same Message-ID, and a fresh retry window', async () => {
    const address = 'resend@dealer.example.cn';
    const { ticket } = await failingMail(address);
    let [row] = await notificationsTo(ticket.id, address);
    await workers!.retryMailOnce(new Date(new Date(row.created_at).getTime() + 25 * 3_600_000));
    [row] = await notificationsTo(ticket.id, address);
    expect(row.status).toBe('failed');

    const admin = await signedIn(server, 'admin');
    expect((await agent.post(`/api/admin/notifications/${row.id}/resend`, {})).status).toBe(403);
    expect((await admin.post(`/api/admin/notifications/not-a-uuid/resend`, {})).body.error.code).toBe('VALIDATION_FAILED');
    expect((await admin.post(`/api/admin/notifications/${randomUUID()}/resend`, {})).status).toBe(404);
    sink.refused.delete(address);
    const resent = await admin.post(`/api/admin/notifications/${row.id}/resend`, {});
    expect(resent.status).toBe(202);
    expect(resent.body.notification).toMatchObject({ id: row.id, status: 'pending', attempts: 0 });

    const mail = await sink.waitFor((candidate) => (candidate.to as { text: string }).text.includes(address));
    expect(mail.messageId).toBe(`<${row.id}@careline.notifications>`);
    expect(mail.subject).toContain(ticket.number);
    await waitFor(async () => (await notificationsTo(ticket.id, address))[0].status === 'sent', 'the resent mail to be recorded');
    expect(sink.mails.filter((candidate) => (candidate.to as { text: string }).text.includes(address))).toHaveLength(1);
  });

  it('resends every failed mail at once', async () => {
    const address = 'bulk@dealer.example.cn';
    const { ticket } = await failingMail(address);
    const [row] = await notificationsTo(ticket.id, address);
    await workers!.retryMailOnce(new Date(new Date(row.created_at).getTime() + 25 * 3_600_000));
    sink.refused.delete(address);
    const admin = await signedIn(server, 'admin');
    const resent = await admin.post('/api/admin/notifications/resend-failed', {});
    expect(resent.status).toBe(202);
    expect(resent.body.resent).toBeGreaterThanOrEqual(1);
    await sink.waitFor((candidate) => (candidate.to as { text: string }).text.includes(address));
    expect((await admin.get('/api/admin/notifications?status=failed')).body.items).toEqual([]);
  });

  it('filters by ticket and status together', async () => {
    const { dispatch: _dispatch, ...body } = buildComplaint(fixture);
    const ticket = (await agent.post('/api/tickets', body)).body.ticket;
    await sentNotification(ticket.id);
    const admin = await signedIn(server, 'admin');
    const sent = (await admin.get(`/api/admin/notifications?status=sent&ticketId=${ticket.id}`)).body.items;
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((item: { ticketId: string; status: string }) => item.ticketId === ticket.id && item.status === 'sent')).toBe(true);
    expect((await admin.get(`/api/admin/notifications?status=failed&ticketId=${ticket.id}`)).body.items).toEqual([]);
    expect((await admin.get('/api/admin/notifications?status=lost')).status).toBe(400);
  });
});

describe('scheduled mail and digests under a failing server', () => {
  it('claims a digest before sending it, retries it from its row, and settles the notifications it carries', async () => {
    const address = 'digest-fails@dealer.example.cn';
    sink.refused.add(address);
    const { dispatch: _dispatch, ...body } = buildComplaint(fixture);
    const ticket = (await agent.post('/api/tickets', body)).body.ticket;
    const due = new Date(Date.now() - 60_000);
    const items = [randomUUID(), randomUUID()];
    for (const [index, id] of items.entries()) {
      await server.query(
        `insert into notifications (id, dedupe_key, ticket_id, kind, channel, recipient, locale, subject, body, status, delivery, not_before)
         values ($1, $2, $3, 'dispatched', 'mail', $4, 'en', $5, 'body', 'scheduled', 'digest', $6)`,
        [id, `test-digest:${id}`, ticket.id, address, `item ${index} ${ticket.number}`, due],
      );
    }
    const itemRows = () => server.query<{ status: string; digest_id: string | null }>(`select status, digest_id from notifications where id = any($1::uuid[])`, [items]);

    expect(await workers!.sendScheduledOnce()).toMatchObject({ mails: 0, failed: 1 });
    const [digest] = await server.query<NotificationRecord & { kind: string }>(`select * from notifications where kind = 'digest' and recipient = $1`, [address]);
    expect(digest).toMatchObject({ status: 'pending', attempts: 1 });
    expect(digest.last_error).toContain('mailbox unavailable');
    // The items wait on their digest; nothing else sends them on their own.
    expect(await itemRows()).toEqual([
      { status: 'sending', digest_id: digest.id },
      { status: 'sending', digest_id: digest.id },
    ]);
    expect(await workers!.sendScheduledOnce()).toMatchObject({ mails: 0, failed: 0 });

    sink.refused.delete(address);
    expect(await workers!.retryMailOnce(new Date(digest.next_attempt_at!))).toMatchObject({ sent: 1 });
    const mail = await sink.waitFor((candidate) => (candidate.to as { text: string }).text.includes(address));
    expect(mail.messageId).toBe(`<${digest.id}@careline.notifications>`);
    expect(mail.text).toContain(`item 0 ${ticket.number}`);
    expect(mail.text).toContain(`item 1 ${ticket.number}`);
    expect((await itemRows()).map((row) => row.status)).toEqual(['sent', 'sent']);

    // Resending one of the items sends their digest again, once, under the same Message-ID.
    const admin = await signedIn(server, 'admin');
    const resent = await admin.post(`/api/admin/notifications/${items[0]}/resend`, {});
    expect(resent.status).toBe(202);
    expect(resent.body.notification).toMatchObject({ id: digest.id, status: 'pending' });
    await waitFor(async () => sink.mails.filter((candidate) => candidate.messageId === digest.message_id).length === 2, 'the digest sent again');
    await waitFor(async () => (await itemRows()).every((row) => row.status === 'sent'), 'the items settled again');
  });
});
