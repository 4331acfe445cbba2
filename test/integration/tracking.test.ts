import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRACKING_NAMESPACE, type TTrackingChangedEvent } from '@careline/shared';
import { hashTrackingToken, httpSmsSender, logSmsSender, type SmsSender, SmsNotSent, sendTrackingSms, trackingTokenOf } from '@careline/shared/server';
import { io, type Socket } from 'socket.io-client';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { buildComplaint, dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';
import { waitFor } from '../helpers/wait-for';

/**
 * The customer's tracking link (issue 12): made at the first dispatch and texted once (outbox → SMS worker, here the
 * mail-to-SMS fallback into a real SMTP sink), the public page shows its own ticket only and nothing about the
 * customer, expires after closing, refuses unknown tokens alike, is rate-limited, and its socket room says only
 * "changed".
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let dealer: ApiClient;
let anonymous: ApiClient;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: RunningWorkers;
const PUBLIC_URL = 'https://careline.example.cn';
const SMS_DOMAIN = 'sms.test.example';

beforeAll(async () => {
  server = await startTestServer({ realtime: true });
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  dealer = await signedIn(server, fixture.dealerA.username);
  anonymous = new ApiClient(server.url);
  sink = await startSmtpSink();
  workers = await startTestWorkers(server, sink.url, { publicUrl: PUBLIC_URL, sms: { mode: 'mail', mailTo: `{phone}@${SMS_DOMAIN}` } });
});

afterAll(async () => {
  await workers?.close();
  await sink?.close();
  await server?.close();
});

const smsMailsOf = (number: string) => sink.mails.filter((mail) => mail.text?.includes(number) && (mail.to as { text: string }).text.includes(SMS_DOMAIN));

/** Dispatches a new complaint to dealer A and waits for its SMS: the ticket and the token the SMS carries. */
async function trackedTicket(overrides: Record<string, unknown> = {}) {
  const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id, overrides);
  const mail = await sink.waitFor((candidate) => (candidate.text?.includes(ticket.number) ?? false) && (candidate.to as { text: string }).text.includes(SMS_DOMAIN));
  const token = new RegExp(`${PUBLIC_URL}/t/([A-Za-z0-9_-]{43})`).exec(mail.text ?? '')?.[1];
  if (!token) throw new Error(`no link in ${mail.text}`);
  await waitFor(async () => (await server.query<{ status: string }>(`select status from sms_messages where ticket_id = $1`, [ticket.id]))[0]?.status === 'sent', 'sms recorded as sent');
  return { ticket, token, mail };
}

describe('tracking link by SMS', () => {
  it('texts the contact number once at the first dispatch, in Chinese, with a link whose token only the SMS holds', async () => {
    const { ticket, token, mail } = await trackedTicket();
    expect((mail.to as { text: string }).text).toBe(`${fixture.customer.phone}@${SMS_DOMAIN}`);
    expect(mail.text).toContain(`您的工单 ${ticket.number} 已转交给您的经销商处理`);
    const [link] = await server.query<{ id: string; token_hash: string; reason: string }>(`select id, token_hash, reason from tracking_links where ticket_id = $1`, [ticket.id]);
    expect(link).toEqual({ id: expect.any(String), token_hash: hashTrackingToken(token), reason: 'dispatched' });
    expect(trackingTokenOf(link.id)).toBe(token);
    // Nothing stored holds the token: not the link, the SMS record, nor the outbox row.
    const [sms] = await server.query<{ text: string; recipient_masked: string; channel: string; attempts: number }>(
      `select text, recipient_masked, channel, attempts from sms_messages where ticket_id = $1`,
      [ticket.id],
    );
    expect(sms.text).toContain(`${PUBLIC_URL}/t/…`);
    expect(sms.recipient_masked).not.toBe(fixture.customer.phone);
    expect(sms).toMatchObject({ channel: 'mail', attempts: 1 });
    const [{ found }] = await server.query<{ found: number }>(
      `select (select count(*) from sms_messages where text like '%' || $1 || '%') + (select count(*) from outbox where payload::text like '%' || $1 || '%')
         + (select count(*) from tracking_links where token_hash = $1 or id::text = $1) as found`,
      [token],
    );
    expect(Number(found)).toBe(0);
  });

  it('sends nothing more when the outbox row is relayed again or its job runs again, nor on later changes', async () => {
    const { ticket, token } = await trackedTicket();
    const [row] = await server.query<{ id: string }>(`select id from outbox where ticket_id = $1 and topic = 'tracking.link_requested'`, [ticket.id]);
    // The relay died after handing the row over: it comes due again.
    await server.query(`update outbox set processed_at = null, available_at = now() where id = $1`, [row.id]);
    await waitFor(async () => (await server.query<{ done: boolean }>(`select processed_at is not null as done from outbox where id = $1`, [row.id]))[0].done, 'row relayed again');
    // The same job run again, by hand (a lost lock).
    const sent: string[] = [];
    const recording: SmsSender = { channel: 'log', send: async (message) => void sent.push(message.text) };
    expect(await sendTrackingSms(server.database.db, recording, { outboxId: Number(row.id), ticketId: ticket.id, reason: 'dispatched' }, { publicUrl: PUBLIC_URL })).toBe('done_before');
    expect(sent).toEqual([]);
    // Later changes (acknowledge) ask for no other link.
    await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await server.query(`select id from outbox where ticket_id = $1 and topic = 'tracking.link_requested'`, [ticket.id])).toHaveLength(1);
    expect(await server.query(`select id from tracking_links where ticket_id = $1`, [ticket.id])).toHaveLength(1);
    expect(await server.query(`select id from sms_messages where ticket_id = $1`, [ticket.id])).toHaveLength(1);
    expect(smsMailsOf(ticket.number)).toHaveLength(1);
    expect((await anonymous.get(`/api/track/${token}`)).status).toBe(200);
  });

  it('through an HTTP gateway: a refusal leaves the message to be tried again, and the next try sends it once', async () => {
    const received: Array<{ body: { to: string; text: string; dedupeKey: string }; idempotencyKey: string | undefined }> = [];
    let refuse = true;
    const gateway = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ body: JSON.parse(body), idempotencyKey: request.headers['idempotency-key'] as string | undefined });
        response.statusCode = refuse ? 503 : 200;
        response.end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    try {
      const sender = httpSmsSender({ url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms` });
      const { ticket } = await trackedTicket();
      // Another outbox row for the same ticket, as a roadside provider's acceptance would write.
      const [row] = await server.query<{ id: string }>(
        `insert into outbox (topic, ticket_id, payload, processed_at) values ('tracking.link_requested', $1, $2, now()) returning id`,
        [ticket.id, JSON.stringify({ ticketId: ticket.id, reason: 'provider_accepted' })],
      );
      const job = { outboxId: Number(row.id), ticketId: ticket.id, reason: 'provider_accepted' as const };
      await expect(sendTrackingSms(server.database.db, sender, job, { publicUrl: PUBLIC_URL })).rejects.toBeInstanceOf(SmsNotSent);
      const [failed] = await server.query<{ status: string; attempts: number; last_error: string }>(`select status, attempts, last_error from sms_messages where dedupe_key = $1`, [`outbox:${row.id}`]);
      expect(failed).toEqual({ status: 'pending', attempts: 1, last_error: 'SMS gateway answered 503' });
      refuse = false;
      expect(await sendTrackingSms(server.database.db, sender, job, { publicUrl: PUBLIC_URL })).toBe('sent');
      expect(await sendTrackingSms(server.database.db, sender, job, { publicUrl: PUBLIC_URL })).toBe('done_before');
      expect(received).toHaveLength(2);
      expect(received[1].body.to).toBe(fixture.customer.phone);
      expect(received[1].body.text).toContain('救援服务商已接单');
      expect(received[1].idempotencyKey).toBe(`outbox:${row.id}`);
      // One link for this row (beside the dispatch's), the same on both tries.
      const token = new RegExp(`/t/([A-Za-z0-9_-]{43})`).exec(received[1].body.text)![1];
      expect(received[0].body.text).toContain(token);
      expect(await server.query(`select id from tracking_links where ticket_id = $1`, [ticket.id])).toHaveLength(2);
      expect((await anonymous.get(`/api/track/${token}`)).body.number).toBe(ticket.number);
    } finally {
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it('a held ticket gets no link until it is dispatched, one routed at creation gets it at once; the log sender logs', async () => {
    const created = (await agent.post('/api/tickets', buildComplaint(fixture))).body.ticket;
    expect(await server.query(`select id from outbox where ticket_id = $1 and topic = 'tracking.link_requested'`, [created.id])).toHaveLength(0);
    const { dispatch: _dispatch, ...routedBody } = buildComplaint(fixture);
    const routed = (await agent.post('/api/tickets', routedBody)).body.ticket;
    expect(routed.status).toBe('dispatched');
    await waitFor(async () => (await server.query<{ status: string }>(`select status from sms_messages where ticket_id = $1`, [routed.id]))[0]?.status === 'sent', 'sms of a routed ticket');
    const logged: Array<{ to: string; text: string }> = [];
    await logSmsSender((entry) => logged.push(entry)).send({ to: '13800000000', text: 'hello', dedupeKey: 'k' });
    expect(logged).toEqual([{ to: '13800000000', text: 'hello', dedupeKey: 'k' }]);
  });
});

describe('GET /api/track/:token', () => {
  it('shows its own ticket in customer words, with the next step and its promised time, and nothing about the customer', async () => {
    const { ticket, token } = await trackedTicket();
    const other = await trackedTicket({ subject: '另一张工单的主题' });
    const secret = `内部备注-${randomBytes(4).toString('hex')}`;
    expect((await agent.post(`/api/tickets/${ticket.id}/notes`, { body: secret, visibility: 'internal' })).status).toBe(201);
    const first = await anonymous.get(`/api/track/${token}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body.number).toBe(ticket.number);
    expect(first.body.status).toEqual({ code: 'assigned', label: { zh: '已转交给您的经销商，等待经销商确认', en: 'Passed to your dealer, waiting for them to confirm' } });
    const [clock] = await server.query<{ due_at: Date }>(`select due_at from sla_milestones where ticket_id = $1 and clock = 'acknowledge' and met_at is null`, [ticket.id]);
    expect(first.body.nextStep).toMatchObject({ code: 'dealer_confirms', dueAt: clock.due_at.toISOString() });
    expect(first.body.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(['created', 'dispatched']);
    const [dealerRow] = await server.query<{ name_zh: string }>(`select name_zh from dealers where id = $1`, [fixture.dealerA.id]);
    expect(first.body.dealer.name.zh).toBe(dealerRow.name_zh);
    const [agentRow] = await server.query<{ display_name: string }>(`select display_name from users where username = 'agent'`);
    const json = JSON.stringify(first.body);
    for (const hidden of [fixture.customer.phone, fixture.customer.phone.slice(-4), fixture.customer.name, ticket.subject, ticket.description, secret, agentRow.display_name, ticket.id, other.ticket.number, other.ticket.id, fixture.vehicle.vin, fixture.vehicle.plate]) {
      expect(json).not.toContain(hidden);
    }
    expect(Object.keys(first.body).sort()).toEqual(['dealer', 'nextStep', 'number', 'status', 'timeline', 'type', 'updatedAt']);
    // The other token opens the other ticket only.
    expect((await anonymous.get(`/api/track/${other.token}`)).body.number).toBe(other.ticket.number);

    // The dealer acknowledges and reaches the customer: the page follows.
    const { version } = (await agent.get(`/api/tickets/${ticket.id}`)).body.ticket;
    const acknowledged = (await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version })).body.ticket;
    const contacted = await dealer.post(`/api/tickets/${ticket.id}/contacts`, { version: acknowledged.version, outcome: 'reached', note: '已电话联系客户' });
    expect(contacted.status).toBe(201);
    const after = (await anonymous.get(`/api/track/${token}`)).body;
    expect(after.status.code).toBe('in_progress');
    expect(after.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(['created', 'dispatched', 'acknowledged', 'contacted']);
    expect(after.nextStep.code).toBe('resolve');
    expect(JSON.stringify(after)).not.toContain('已电话联系客户');
  });

  it('answers an unknown, a malformed and an expired token alike: 404 TRACKING_LINK_NOT_FOUND', async () => {
    const unknown = await anonymous.get(`/api/track/${randomBytes(32).toString('base64url')}`);
    const malformed = await anonymous.get(`/api/track/not-a-token`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('TRACKING_LINK_NOT_FOUND');
    expect(malformed.status).toBe(404);
    expect(malformed.body).toEqual(unknown.body);

    const { ticket, token } = await trackedTicket();
    let current = (await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version })).body.ticket;
    current = (await dealer.post(`/api/tickets/${ticket.id}/resolve`, { version: current.version })).body.ticket;
    current = (await agent.post(`/api/tickets/${ticket.id}/close`, { version: current.version })).body.ticket;
    expect(current.status).toBe('closed');
    // Closed, within the time it keeps working (7 days by default).
    const closed = await anonymous.get(`/api/track/${token}`);
    expect(closed.status).toBe(200);
    expect(closed.body.status.code).toBe('closed');
    expect(closed.body.nextStep).toBeNull();
    expect(closed.body.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(['created', 'dispatched', 'acknowledged', 'resolved', 'closed']);
    // Closed long enough ago: gone, like an unknown one.
    await server.query(`update tickets set closed_at = now() - interval '169 hours' where id = $1`, [ticket.id]);
    const expired = await anonymous.get(`/api/track/${token}`);
    expect(expired.status).toBe(404);
    expect(expired.body).toEqual(unknown.body);
    await expect(trackingSocket(token).connected).rejects.toThrow('TRACKING_LINK_NOT_FOUND');
  });

  it('is rate-limited per client address: 429 RATE_LIMITED with Retry-After', async () => {
    const { token } = await trackedTicket();
    const config = server.context.config;
    const limit = config.trackingRequestsPerMinute;
    config.trackingRequestsPerMinute = 5;
    try {
      const answers = [];
      for (let index = 0; index < 8; index += 1) answers.push(await anonymous.get(`/api/track/${token}`));
      const refused = answers.filter((answer) => answer.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0].body.error.code).toBe('RATE_LIMITED');
      expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
      // The page's socket handshake counts against the same address.
      await expect(trackingSocket(token).connected).rejects.toThrow('RATE_LIMITED');
    } finally {
      config.trackingRequestsPerMinute = limit;
      const keys = await server.context.redis.keys(`${config.redisPrefix}track:ip:*`);
      if (keys.length > 0) await server.context.redis.del(...keys);
    }
  });
});

/** A socket of the tracking page: no session, the token in the handshake. */
function trackingSocket(token: string) {
  const events: TTrackingChangedEvent[] = [];
  const socket: Socket = io(`${server.url}${TRACKING_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: false });
  socket.on('tracking.changed', (event: TTrackingChangedEvent) => events.push(event));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
  return { socket, events, connected };
}

describe('the tracking room', () => {
  it('tells a page with its token that its ticket changed, with nothing else, and not of other tickets', async () => {
    const { ticket, token } = await trackedTicket();
    const other = await trackedTicket();
    const page = trackingSocket(token);
    await page.connected;
    try {
      await dealer.post(`/api/tickets/${other.ticket.id}/acknowledge`, { version: other.ticket.version });
      await dealer.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version });
      const [event] = await waitFor(() => (page.events.length > 0 ? page.events : null), 'tracking.changed');
      expect(Object.keys(event)).toEqual(['at']);
      // Only its own ticket's change: the other acknowledgement came first and was not heard.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(page.events).toHaveLength(1);
    } finally {
      page.socket.close();
    }
    await expect(trackingSocket(randomBytes(32).toString('base64url')).connected).rejects.toThrow('TRACKING_LINK_NOT_FOUND');
  });
});
