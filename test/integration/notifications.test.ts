import { deliverNotification } from '@careline/shared/server';
import { createTransport } from 'nodemailer';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/** Outbox → relay → BullMQ → mail over real SMTP, idempotent, and nothing lost while no worker runs. */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: RunningWorkers | null = null;
const PUBLIC_URL = 'https://careline.example.cn';

const start = () => startTestWorkers(server, sink.url, { publicUrl: PUBLIC_URL });

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
    const [row] = await server.query<{ id: number; payload: Record<string, unknown> }>(
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
    expect(mail.text).toContain('wrong_region');
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

  it('keeps a failed mail visible to admins', async () => {
    const { dispatch: _dispatch, ...body } = buildComplaint(fixture);
    const ticket = (await agent.post('/api/tickets', body)).body.ticket;
    const [row] = await server.query<{ id: number; payload: Record<string, unknown> }>(`select id, payload from outbox where ticket_id = $1 and topic = 'ticket.dispatched'`, [ticket.id]);
    await sink.waitFor((candidate) => candidate.subject?.includes(ticket.number) ?? false);
    await sentNotification(ticket.id);
    // A second dealer address that the dead server refuses: delivered to nobody, recorded as failed.
    await server.query(`update dealers set notification_emails = array['fails@dealer.example.cn'] where id = $1`, [ticket.responsibleDealer.id]);
    await expect(
      deliverNotification(server.database.db, createTransport('smtp://127.0.0.1:1'), { outboxId: Number(row.id), topic: 'ticket.dispatched', ticketId: ticket.id, payload: row.payload }, { publicUrl: PUBLIC_URL, from: 'x@example.cn' }),
    ).rejects.toThrow();
    const admin = await signedIn(server, 'admin');
    const failed = (await admin.get('/api/admin/notifications?status=failed')).body.items;
    expect(failed).toEqual([expect.objectContaining({ recipient: 'fails@dealer.example.cn', status: 'failed', ticketId: ticket.id })]);
    expect(failed[0].lastError).toBeTruthy();
  });
});
