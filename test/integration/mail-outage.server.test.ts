import type { ParsedMail } from 'mailparser';
import type { TNotificationJob } from '@careline/shared/server';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';
import { waitFor } from '../helpers/wait-for';

/**
 * Faults of the mail server, against an SMTP server this test starts and stops itself: down for longer than the old
 * retry window (eight BullMQ attempts, about four minutes), then back — every mail delivered, once; and two workers
 * that both take the same notification (as after a lost job lock) — one send. Time is shrunk, not waited for: the
 * retry delays are milliseconds here and the workers' clock is moved forward by hours.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let sink: SmtpSink;
const running: RunningWorkers[] = [];
/** How far the workers' clock is ahead of the real one. */
let clockAhead = 0;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  // No mail here waits for working hours.
  await server.query(`update calendars set always_open = true`);
  agent = await signedIn(server, 'agent');
  sink = await startSmtpSink();
});

afterAll(async () => {
  for (const workers of running) await workers.close();
  await sink?.close();
  await server?.close();
});

async function startWorkers(overrides: Parameters<typeof startTestWorkers>[2] = {}) {
  const workers = await startTestWorkers(server, sink.url, {
    retryEveryMs: 100,
    mailRetry: { baseDelayMs: 100, maxDelayMs: 400 },
    clock: () => new Date(Date.now() + clockAhead),
    ...overrides,
  });
  running.push(workers);
  return workers;
}

async function stopWorkers() {
  for (const workers of running.splice(0)) await workers.close();
}

interface Row {
  id: string;
  recipient: string;
  status: string;
  attempts: number;
}

const rowsOf = (ticketIds: string[]) =>
  server.query<Row>(`select id, recipient, status, attempts from notifications where ticket_id = any($1::uuid[]) order by id`, [ticketIds]);

const mailsOf = (id: string) => sink.mails.filter((mail: ParsedMail) => mail.headers.get('x-careline-notification') === id);

describe('the mail server down for longer than the old retry window', () => {
  it('delivers every mail once it is back, each exactly once', async () => {
    await sink.stop();
    await startWorkers();
    // An urgent roadside-like P1 at night and ordinary complaints, to two dealers.
    const tickets = [
      await dispatchedComplaint(agent, fixture, fixture.dealerA.id, { priority: 'P1' }),
      await dispatchedComplaint(agent, fixture, fixture.dealerA.id),
      await dispatchedComplaint(agent, fixture, fixture.dealerB.id),
    ];
    const ids = tickets.map((ticket) => ticket.id);
    // Every mail tried more often than BullMQ's eight attempts, and each attempt refused.
    const tried = await waitFor(async () => {
      const rows = await rowsOf(ids);
      return rows.length >= 3 && rows.every((row) => row.attempts > 8 && row.status === 'pending') && rows;
    }, 'more than eight failed attempts at every mail');
    expect(sink.mails).toHaveLength(0);

    // An hour later (on the workers' clock), the mail server still down: still retried, nothing given up.
    clockAhead = 3_600_000;
    const attemptsBefore = new Map(tried.map((row) => [row.id, row.attempts]));
    await waitFor(async () => (await rowsOf(ids)).every((row) => row.attempts > attemptsBefore.get(row.id)! + 2), 'more attempts an hour later');
    expect((await rowsOf(ids)).filter((row) => row.status === 'failed')).toEqual([]);

    await sink.start();
    const sent = await waitFor(async () => {
      const rows = await rowsOf(ids);
      return rows.every((row) => row.status === 'sent') && rows;
    }, 'every mail sent once the server is back');
    // Passes keep running: give a duplicate every chance before counting.
    await new Promise((done) => setTimeout(done, 1000));
    for (const row of sent) {
      const copies = mailsOf(row.id);
      expect(copies).toHaveLength(1);
      expect((copies[0].to as { text: string }).text).toContain(row.recipient);
      expect(copies[0].messageId).toBe(`<${row.id}@careline.notifications>`);
    }
    for (const ticket of tickets) expect(sink.mails.some((mail) => (mail.subject ?? '').includes(ticket.number))).toBe(true);
    await stopWorkers();
    clockAhead = 0;
  }, 90_000);
});

describe('two workers taking the same notification', () => {
  it('sends it once when both run the same job, as after a lost job lock', async () => {
    const first = await startWorkers();
    const second = await startWorkers();
    // Workers' own relays deliver the real dispatch mail; the same outbox row is then handed to both workers at once.
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    await waitFor(async () => (await rowsOf([ticket.id])).some((row) => row.status === 'sent'), 'the dispatch mail');
    const payload: TNotificationJob = {
      outboxId: 7_000_001,
      topic: 'ticket.dispatched',
      ticketId: ticket.id,
      payload: { ticketId: ticket.id, dealerId: fixture.dealerB.id, departmentId: null, ccDepartmentIds: [] },
    };
    await Promise.all([
      first.queues.notifications.add('ticket.dispatched', payload, { jobId: 'lost-lock-a' }),
      second.queues.notifications.add('ticket.dispatched', payload, { jobId: 'lost-lock-b' }),
    ]);
    const rows = await waitFor(async () => {
      const found = await server.query<Row>(`select id, recipient, status, attempts from notifications where dedupe_key like 'outbox:7000001:%'`);
      return found.length > 0 && found.every((candidate) => candidate.status === 'sent') && found;
    }, 'the notification sent');
    await waitFor(async () => {
      const jobs = await Promise.all(['lost-lock-a', 'lost-lock-b'].map((id) => first.queues.notifications.getJob(id)));
      return (await Promise.all(jobs.map((job) => job?.isCompleted()))).every(Boolean);
    }, 'both jobs to finish');
    await new Promise((done) => setTimeout(done, 500));
    for (const row of rows) {
      expect(mailsOf(row.id)).toHaveLength(1);
      expect(row.attempts).toBe(1);
    }
  });

  it('sends a due retry once when both retry passes find it at the same moment', async () => {
    const [first, second] = running;
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    const [row] = await waitFor(async () => {
      const rows = await rowsOf([ticket.id]);
      return rows.length > 0 && rows.every((candidate) => candidate.status === 'sent') && rows;
    }, 'the dispatch mail');
    // As if its first attempt had failed: due again now. Both passes run side by side, each would send it.
    await server.query(`update notifications set status = 'pending', sent_at = null, next_attempt_at = now() - interval '1 second' where id = $1`, [row.id]);
    const passes = await Promise.all([first.retryMailOnce(), second.retryMailOnce()]);
    expect(passes.reduce((total, pass) => total + pass.sent, 0)).toBeLessThanOrEqual(1);
    await waitFor(async () => (await rowsOf([ticket.id]))[0].status === 'sent', 'the retried mail recorded');
    await new Promise((done) => setTimeout(done, 500));
    // The first delivery and the one retry: never a third.
    expect(mailsOf(row.id)).toHaveLength(2);
  });
});
