import { randomBytes } from 'node:crypto';
import { forgetSlaCaches } from '@careline/shared/server';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { buildComplaint, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/**
 * Databases behind one Redis and one REDIS_PREFIX: two deployments configured alike, a database reset while Redis
 * keeps the earlier run's jobs, and a database restored from a backup (same installation id, outbox ids used again).
 * Their outbox ids are the same numbers; every mail must still be sent.
 */
const sharedPrefix = `careline-test:shared-${randomBytes(4).toString('hex')}:`;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const running: Array<{ server: TestServer; workers: RunningWorkers | null }> = [];

beforeAll(async () => {
  sink = await startSmtpSink();
});

afterAll(async () => {
  for (const { server, workers } of running) {
    await workers?.close();
    await server.close();
  }
  await sink?.close();
});

/** A fresh database with its own API, and workers on the shared Redis prefix. */
async function deployment(options: { installationId?: string } = {}) {
  const server = await startTestServer();
  // Every dealer open around the clock, so that no mail waits for working hours.
  await server.query(`update dealers set calendar_id = (select id from calendars where code = '24X7')`);
  if (options.installationId) await server.query(`update installation set id = $1`, [options.installationId]);
  const entry: { server: TestServer; workers: RunningWorkers | null } = { server, workers: null };
  running.push(entry);
  entry.workers = await startTestWorkers(server, sink.url, { redisPrefix: sharedPrefix });
  return entry;
}

/** Opens routed complaints; returns their numbers and the ids of their dispatch mails' outbox rows. */
async function complaints(server: TestServer, count: number) {
  // The SLA policies and owners' calendars are kept a few seconds per process, not per database: two databases in one
  // process (only in tests) must not read each other's.
  forgetSlaCaches();
  const fixture = await fixtures(server);
  const agent = await signedIn(server, 'agent');
  const numbers: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const { dispatch: _hold, ...routed } = buildComplaint(fixture);
    const created = await agent.post('/api/tickets', routed);
    expect(created.status).toBe(201);
    expect(created.body.ticket.status).toBe('dispatched');
    numbers.push(created.body.ticket.number);
  }
  const rows = await server.query<{ id: string }>(`select id from outbox where topic = 'ticket.dispatched' order by id`);
  return { numbers, outboxIds: rows.map((row) => Number(row.id)) };
}

async function everyMailSent(numbers: string[]) {
  for (const number of numbers) await sink.waitFor((mail) => (mail.subject?.includes(number) ?? false) && (mail.subject?.includes('新工单派发') ?? false), 20_000);
}

describe('databases sharing one Redis and prefix', () => {
  it('two deployments at once: the same outbox ids, every dispatch mail sent by its own deployment', async () => {
    const first = await deployment();
    const second = await deployment();
    expect(first.workers!.installationId).not.toBe(second.workers!.installationId);
    const a = await complaints(first.server, 3);
    const b = await complaints(second.server, 3);
    // The point of the test: the two databases number their outbox rows alike.
    expect(a.outboxIds.filter((id) => b.outboxIds.includes(id)).length).toBeGreaterThan(0);
    await everyMailSent([...a.numbers, ...b.numbers]);
    // Each database recorded its own mails as sent: no worker took the other's job.
    for (const { server, numbers } of [{ server: first.server, numbers: a.numbers }, { server: second.server, numbers: b.numbers }]) {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const [{ sent }] = await server.query<{ sent: number }>(
          `select count(distinct n.ticket_id)::int as sent from notifications n join tickets t on t.id = n.ticket_id where t.number = any($1::text[]) and n.status = 'sent'`,
          [numbers],
        );
        if (sent === numbers.length) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const [{ sent }] = await server.query<{ sent: number }>(
        `select count(distinct n.ticket_id)::int as sent from notifications n join tickets t on t.id = n.ticket_id where t.number = any($1::text[]) and n.status = 'sent'`,
        [numbers],
      );
      expect(sent).toBe(numbers.length);
    }
    // Two fresh databases, each seeded, in one test: about 20 s alone, past jest's 60 s under a full CI run's load.
  }, 180_000);

  it('a database reset under the same Redis: the new database’s mail is sent although Redis still holds the old jobs', async () => {
    const before = running[0];
    await before.workers!.close();
    before.workers = null;
    const reset = await deployment();
    const { numbers } = await complaints(reset.server, 3);
    await everyMailSent(numbers);
  });

  it('a database restored from a backup (same installation, outbox ids used again): the jobs are added beside the old ones', async () => {
    const original = running[1];
    const installationId = original.workers!.installationId;
    await original.workers!.close();
    original.workers = null;
    // Redis still holds the original's completed jobs `<installation>-outbox-<id>` (kept a day); the restored copy
    // numbers its new rows from the same point.
    const restored = await deployment({ installationId });
    expect(restored.workers!.installationId).toBe(installationId);
    const { numbers, outboxIds } = await complaints(restored.server, 3);
    const taken = await Promise.all(outboxIds.map((id) => restored.workers!.queues.notifications.getJob(`${installationId}-outbox-${id}`)));
    expect(taken.some((job) => job !== undefined)).toBe(true);
    await everyMailSent(numbers);
  });
});
