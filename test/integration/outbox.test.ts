import { randomUUID } from 'node:crypto';
import { jobRequest, type OutboxRow, relayOutboxBatch } from '@careline/shared/server';
import pino from 'pino';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { jobQueues } from '../../workers/src/queues/job-queues';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/**
 * The outbox relay claims rows in a short statement, hands them to Redis outside any transaction, then marks them:
 * relays side by side share the rows out, a failed hand-over keeps its row, a relay that dies leaves its rows to come
 * due again, and a job id already taken by other data never swallows a job.
 */
let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
});

afterAll(() => server?.close());

const db = () => server.database.db;

/** Creates tickets (no worker runs here) and returns the ids of the outbox rows still pending. */
async function pendingRows(tickets: number, dispatch: 'hold' | 'auto' = 'hold'): Promise<number[]> {
  for (let index = 0; index < tickets; index += 1) {
    const { dispatch: _hold, ...routed } = buildComplaint(fixture);
    const created = await agent.post('/api/tickets', dispatch === 'hold' ? buildComplaint(fixture) : routed);
    expect(created.status).toBe(201);
  }
  const rows = await server.query<{ id: string }>(`select id from outbox where processed_at is null order by id`);
  return rows.map((row) => Number(row.id));
}

/** Any outbox row left pending by an earlier test is settled, so each test sees only its own rows. */
async function settleAll() {
  await server.query(`update outbox set processed_at = now() where processed_at is null`);
}

describe('outbox relay', () => {
  beforeEach(settleAll);

  it('holds no transaction while handing a row over: the row can be written meanwhile', async () => {
    const [id] = await pendingRows(1);
    // If the relay held the row locked (FOR UPDATE in an open transaction), this write would wait for the relay,
    // which waits for this write: the race below would end at the timeout.
    const outcome = await relayOutboxBatch(db(), async (row) => {
      const write = server.query(`update outbox set last_error = 'touched during hand-over' where id = $1`, [row.id]);
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the outbox row was locked during the hand-over')), 8000));
      await Promise.race([write, timeout]);
    });
    expect(outcome.failed).toBe(0);
    const [row] = await server.query<{ processed_at: Date | null; last_error: string }>(`select processed_at, last_error from outbox where id = $1`, [id]);
    expect(row.processed_at).not.toBeNull();
    expect(row.last_error).toBe('touched during hand-over');
  });

  it('shares the rows out between relays running side by side: each row handed over once', async () => {
    const ids = await pendingRows(6);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const handed: number[][] = [[], [], []];
    const relay = (index: number) =>
      relayOutboxBatch(
        db(),
        async (row) => {
          handed[index].push(row.id);
          // A slow Redis: the other relays run while this one waits.
          await new Promise((resolve) => setTimeout(resolve, 20));
        },
        4,
      );
    // Each relay passes until nothing is left.
    await Promise.all(
      [0, 1, 2].map(async (index) => {
        for (let pass = 0; pass < 20; pass += 1) {
          const { relayed, failed } = await relay(index);
          if (relayed + failed === 0) break;
        }
      }),
    );
    const all = handed.flat().sort((a, b) => a - b);
    expect(all).toEqual(ids);
    expect((await server.query(`select id from outbox where processed_at is null`)).length).toBe(0);
  });

  it('keeps a row whose hand-over failed, with its error and a later attempt; the rest of the batch waits untouched', async () => {
    const ids = await pendingRows(2);
    const outcome = await relayOutboxBatch(db(), async () => {
      throw new Error('Stream isn\'t writeable and enableOfflineQueue options is false');
    });
    expect(outcome).toEqual({ relayed: 0, failed: 1 });
    const rows = await server.query<{ id: string; processed_at: Date | null; attempts: number; last_error: string | null; later: boolean }>(
      `select id, processed_at, attempts, last_error, available_at > now() as later from outbox where id = any($1::bigint[]) order by id`,
      [ids],
    );
    expect(rows[0]).toMatchObject({ processed_at: null, attempts: 1, later: true });
    expect(rows[0].last_error).toContain('enableOfflineQueue');
    for (const untried of rows.slice(1)) expect(untried).toMatchObject({ processed_at: null, attempts: 0, last_error: null, later: true });
    // Due again (as after the backoff): the next pass relays them all.
    await server.query(`update outbox set available_at = now() where id = any($1::bigint[])`, [ids]);
    const handed: number[] = [];
    expect((await relayOutboxBatch(db(), async (row) => void handed.push(row.id))).failed).toBe(0);
    expect(handed).toEqual(ids);
  });

  it('a relay that dies holding rows delays them by its lease only: another relay takes them then', async () => {
    const ids = await pendingRows(1);
    let claimed: OutboxRow[] = [];
    // This relay "dies" in the hand-over: it never comes back.
    void relayOutboxBatch(db(), (row) => {
      claimed.push(row);
      return new Promise<void>(() => undefined);
    });
    for (let attempt = 0; attempt < 100 && claimed.length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(claimed.map((row) => row.id)).toEqual([ids[0]]);
    // While its lease runs, nobody else takes the row.
    const handed: number[] = [];
    await relayOutboxBatch(db(), async (row) => void handed.push(row.id));
    expect(handed).toEqual([]);
    // The lease runs out (moved here rather than waited for).
    await server.query(`update outbox set available_at = now() - interval '1 second' where id = $1`, [ids[0]]);
    await relayOutboxBatch(db(), async (row) => void handed.push(row.id));
    expect(handed).toEqual(ids);
    claimed = [];
  });
});

describe('job ids', () => {
  let workers: RunningWorkers;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    sink = await startSmtpSink();
    workers = await startTestWorkers(server, sink.url, { relayEveryMs: 60_000 });
  });
  afterAll(async () => {
    await workers?.close();
    await sink?.close();
  });

  /** Relays (the wake-up at commit may have run a pass already) until every row from `fromId` on is processed. */
  async function relayed(fromId: number) {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await workers.relayOnce();
      const [{ pending }] = await server.query<{ pending: number }>(`select count(*)::int as pending from outbox where id >= $1 and processed_at is null`, [fromId]);
      if (pending === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the outbox was not relayed');
  }

  it('start with the installation id, and a row relayed twice is one job', async () => {
    await settleAll();
    // Routed on save: a dispatch mail and the new clocks' reschedule go through jobs.
    const [id] = await pendingRows(1, 'auto');
    const [{ id: installationId }] = await server.query<{ id: string }>(`select id from installation`);
    expect(workers.installationId).toBe(installationId);
    await relayed(id);
    const rows = await server.query<{ id: string; topic: string }>(`select id, topic from outbox where id >= $1 and topic <> 'ticket.changed' order by id`, [id]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const queue = row.topic === 'sla.changed' ? workers.queues.sla : row.topic === 'tracking.link_requested' ? workers.queues.sms : workers.queues.notifications;
      const jobId = `${installationId}-outbox-${row.id}`;
      // Reschedules are removed once done; a notification or SMS job is kept a day.
      if (row.topic !== 'sla.changed') expect(await queue.getJob(jobId)).toBeDefined();
    }
    const notification = rows.find((row) => row.topic !== 'sla.changed' && row.topic !== 'tracking.link_requested')!;
    const jobs = await workers.queues.notifications.getJobs(['completed', 'active', 'wait', 'delayed', 'failed']);
    expect(jobs.filter((job) => job.id?.startsWith(`${installationId}-outbox-${notification.id}`))).toHaveLength(1);
    // The same row handed over again (a relay died after the add): still one job.
    await server.query(`update outbox set processed_at = null, available_at = now() where id = $1`, [notification.id]);
    await relayed(Number(notification.id));
    const again = await workers.queues.notifications.getJobs(['completed', 'active', 'wait', 'delayed', 'failed']);
    expect(again.filter((job) => job.id?.startsWith(`${installationId}-outbox-${notification.id}`))).toHaveLength(1);
  });

  it('a job id already taken by other data does not swallow the job: it is added under an id of its own', async () => {
    const queue = workers.queues.notifications;
    const jobs = jobQueues(workers.queues);
    const jobId = `${workers.installationId}-outbox-collision-probe`;
    const ticketId = randomUUID();
    const theirs = jobRequest('notification', { outboxId: 999_001, topic: 'ticket.resolved', ticketId, payload: { resolution: 'an earlier database' } });
    const ours = jobRequest('notification', { outboxId: 999_001, topic: 'ticket.resolved', ticketId, payload: { resolution: 'this database' } });
    // Held, not processed: the probe is about ids, not mail.
    await queue.pause();
    try {
      expect(await jobs.addOnce(theirs, jobId, logger)).toBe('added');
      expect(await jobs.addOnce(theirs, jobId, logger)).toBe('present');
      expect(await jobs.addOnce(ours, jobId, logger)).toBe('added_beside');
      const waiting = await queue.getJobs(['wait']);
      const probes = waiting.filter((job) => job.id?.startsWith(jobId));
      expect(probes.map((job) => job.data.payload.resolution).sort()).toEqual(['an earlier database', 'this database']);
      for (const job of probes) await job.remove();
    } finally {
      await queue.resume();
    }
  });
});
