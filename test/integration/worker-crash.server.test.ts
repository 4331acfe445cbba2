import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { dispatchedComplaint, fixtures } from '../helpers/factories';
import { signedIn, startTestServer, TEST_REDIS_URL, type TestServer } from '../helpers/test-server';
import { waitFor } from '../helpers/wait-for';

/**
 * A worker process killed in the middle of sending mail: the row it had claimed (`sending`) is taken over by another
 * worker once its lease is over, and sent — once if the mail server had not accepted it yet, and a second time, with
 * the same Message-ID, only if the worker died between the server's acceptance and its own record of it. Runs against
 * the PostgreSQL server only: the workers are a separate process, and an in-memory PGlite cannot be shared with one.
 */
const ROOT = resolve(__dirname, '../..');
let server: TestServer;
const workers: ChildProcess[] = [];

/**
 * A real SMTP server that can hold a message unanswered: the client has sent it but has no "250 accepted" yet, as
 * when a worker dies while the mail server is still busy. A message counts as received only once it is accepted.
 */
async function startHoldingSink() {
  const accepted: ParsedMail[] = [];
  const held: string[] = [];
  let hold: ((recipient: string) => boolean) | null = null;
  let beforeAccept: ((recipient: string) => void) | null = null;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const recipient = session.envelope.rcptTo.map((address) => address.address).join(',');
      simpleParser(stream).then((mail) => {
        if (hold?.(recipient)) {
          held.push(recipient); // never answered: the sender dies waiting
          return;
        }
        beforeAccept?.(recipient);
        accepted.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', () => done()));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    accepted,
    held,
    holdWhen: (match: ((recipient: string) => boolean) | null) => {
      hold = match;
    },
    /** Runs before the server answers "250 accepted". */
    beforeAccepting: (run: ((recipient: string) => void) | null) => {
      beforeAccept = run;
    },
    close: () => new Promise<void>((done) => smtp.close(() => done())),
  };
}

function startWorkerProcess(smtpUrl: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      ...server.cliEnv!,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: server.context.config.redisPrefix,
      SMTP_URL: smtpUrl,
      // A dead worker's job is taken over after 2 s instead of 30, and its claimed mail after 2 s instead of 2 min.
      WORKER_JOB_LOCK_MS: '2000',
      NOTIFICATION_SENDING_LEASE_MS: '2000',
      NOTIFICATION_RETRY_EVERY_MS: '300',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
    // Its own process group, so the kill reaches it whatever it started.
    detached: true,
  });
  workers.push(child);
  return child;
}

let sink: Awaited<ReturnType<typeof startHoldingSink>>;

beforeAll(async () => {
  server = await startTestServer();
  await server.query(`update calendars set always_open = true`);
  sink = await startHoldingSink();
});

async function killWorkers() {
  for (const child of workers) {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) continue;
    process.kill(-child.pid, 'SIGKILL');
    await new Promise((done) => child.once('exit', done));
  }
}

afterAll(async () => {
  await killWorkers();
  await sink?.close();
  await server?.close();
});

describe('a worker killed mid-job', () => {
  it('while the mail server had not yet accepted: another worker sends what was missing, and nothing twice', async () => {
    const fixture = await fixtures(server);
    // Two addresses: the first is accepted, the second is in flight when the worker dies.
    await server.query(`update dealers set notification_emails = array['desk@dealer-a.example.cn', 'duty@dealer-a.example.cn'] where id = $1`, [fixture.dealerA.id]);
    sink.holdWhen((recipient) => recipient === 'duty@dealer-a.example.cn');
    const first = startWorkerProcess(sink.url);

    const agent = await signedIn(server, 'agent');
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    await waitFor(() => sink.held.length > 0, 'the second mail to be in flight');
    const [accepted] = sink.accepted.filter((mail) => (mail.subject ?? '').includes(ticket.number));
    expect((accepted.to as { text: string }).text).toContain('desk@dealer-a.example.cn');
    // The two go out side by side: the kill comes once the first is recorded as sent (this test's case). A kill between
    // the server's acceptance and that record is the other test's case: the mail goes again under its Message-ID.
    await waitFor(
      async () =>
        (await server.query<{ status: string }>(`select status from notifications where ticket_id = $1 and recipient = 'desk@dealer-a.example.cn'`, [ticket.id]))[0]?.status === 'sent',
      'the first mail recorded as sent',
    );

    process.kill(-first.pid!, 'SIGKILL');
    await waitFor(() => first.exitCode !== null || first.signalCode !== null, 'the worker to die');
    sink.holdWhen(null);
    startWorkerProcess(sink.url);

    const toDuty = await waitFor(
      () => sink.accepted.find((mail) => (mail.subject ?? '').includes(ticket.number) && (mail.to as { text: string }).text.includes('duty@')),
      'the retried mail',
    );
    expect(toDuty.subject).toContain('新工单派发');
    // Give a duplicate every chance to appear before counting.
    await new Promise((done) => setTimeout(done, 3000));
    const forTicket = sink.accepted.filter((mail) => (mail.subject ?? '').includes(ticket.number));
    expect(forTicket.map((mail) => (mail.to as { text: string }).text).sort()).toEqual(['desk@dealer-a.example.cn', 'duty@dealer-a.example.cn']);
    const rows = await server.query<{ recipient: string; status: string }>(`select recipient, status from notifications where ticket_id = $1 order by recipient`, [ticket.id]);
    expect(rows).toEqual([
      { recipient: 'desk@dealer-a.example.cn', status: 'sent' },
      { recipient: 'duty@dealer-a.example.cn', status: 'sent' },
    ]);
  }, 90_000);

  it('after the mail server accepted, before the database knew: sent again, with the same Message-ID', async () => {
    const fixture = await fixtures(server);
    await server.query(`update dealers set notification_emails = array['desk@dealer-b.example.cn'] where id = $1`, [fixture.dealerB.id]);
    // Only the worker about to die may take this mail.
    await killWorkers();
    const worker = startWorkerProcess(sink.url);
    // Frozen before the server answers "250", killed after: the acceptance reaches a process that can record nothing.
    sink.beforeAccepting((recipient) => {
      if (recipient !== 'desk@dealer-b.example.cn') return;
      sink.beforeAccepting(null);
      process.kill(-worker.pid!, 'SIGSTOP');
      setTimeout(() => process.kill(-worker.pid!, 'SIGKILL'), 50);
    });

    const agent = await signedIn(server, 'agent');
    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerB.id);
    const toDesk = () => sink.accepted.filter((mail) => (mail.subject ?? '').includes(ticket.number));
    await waitFor(() => toDesk().length === 1 && (worker.exitCode !== null || worker.signalCode !== null), 'the first copy and the death of its sender');
    const [claimed] = await server.query<{ id: string; status: string; message_id: string }>(`select id, status, message_id from notifications where ticket_id = $1`, [ticket.id]);
    expect(claimed.status).toBe('sending');

    startWorkerProcess(sink.url);
    await waitFor(() => toDesk().length === 2, 'the copy sent again after the lease');
    await waitFor(async () => (await server.query<{ status: string }>(`select status from notifications where id = $1`, [claimed.id]))[0].status === 'sent', 'the mail recorded as sent');
    // Both copies are the same mail to a mail system: one Message-ID, the notification's own.
    expect(toDesk().map((mail) => mail.messageId)).toEqual([claimed.message_id, claimed.message_id]);
    expect(claimed.message_id).toBe(`<${claimed.id}@careline.notifications>`);
    await new Promise((done) => setTimeout(done, 2000));
    expect(toDesk()).toHaveLength(2);
  }, 90_000);
});
