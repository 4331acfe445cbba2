import { listStuckOutbox, type MalformedOutboxRow, relayOutboxBatch, retryOutboxRow } from '@careline/shared/server';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { buildComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/**
 * The relay reads every outbox row back through its topic's schema (shared/src/server/jobs.ts). A row that does not
 * fit is never handed over, never marked done and never stops the batch: it keeps its reason, one attempt more and a
 * backoff, and shows among the stuck rows, like a failed hand-over.
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

/** A ticket (held: one ticket.changed row) and, after it, a row whose payload its topic refuses. */
async function malformedBesideGoodRows(): Promise<{ malformedId: number; goodIds: number[] }> {
  await server.query(`update outbox set processed_at = now() where processed_at is null`);
  const created = await agent.post('/api/tickets', buildComplaint(fixture));
  expect(created.status).toBe(201);
  const ticketId = created.body.ticket.id as string;
  // A warning that names no clock nor due time: the mail could not say which deadline.
  const [malformed] = await server.query<{ id: string }>(
    `insert into outbox (topic, ticket_id, payload) select 'sla.warning', id, jsonb_build_object('ticketId', id) from tickets where id = $1 returning id`,
    [ticketId],
  );
  // A good row after the malformed one: the batch goes on past it.
  await server.query(`insert into outbox (topic, ticket_id, payload) select 'sla.changed', id, jsonb_build_object('ticketId', id) from tickets where id = $1`, [ticketId]);
  const pending = await server.query<{ id: string }>(`select id from outbox where processed_at is null and id <> $1 order by id`, [malformed.id]);
  return { malformedId: Number(malformed.id), goodIds: pending.map((row) => Number(row.id)) };
}

describe('a malformed outbox row', () => {
  it('is refused and recorded: not handed over, kept pending with its reason and a backoff, listed as stuck; the rest of the batch is relayed', async () => {
    const { malformedId, goodIds } = await malformedBesideGoodRows();
    expect(goodIds.length).toBeGreaterThanOrEqual(2);
    const handed: number[] = [];
    const refused: MalformedOutboxRow[] = [];
    const outcome = await relayOutboxBatch(db(), async (row) => void handed.push(row.id), 100, (error) => refused.push(error));
    expect(handed).toEqual(goodIds);
    expect(outcome).toEqual({ relayed: goodIds.length, failed: 1 });
    expect(refused.map((error) => error.row.id)).toEqual([malformedId]);

    const [row] = await server.query<{ processed_at: Date | null; attempts: number; last_error: string; later: boolean }>(
      `select processed_at, attempts, last_error, available_at > now() as later from outbox where id = $1`,
      [malformedId],
    );
    expect(row).toMatchObject({ processed_at: null, attempts: 1, later: true });
    expect(row.last_error).toMatch(/^malformed outbox row \d+ \(sla\.warning\): /);
    expect(row.last_error).toContain('clock');
    expect((await listStuckOutbox(db())).map((stuck) => stuck.id)).toContain(malformedId);

    // Retried by an admin, it is refused again: one attempt more, still pending, never handed over.
    expect(await retryOutboxRow(db(), malformedId)).toBe(true);
    const again = await relayOutboxBatch(db(), async (relayed) => void handed.push(relayed.id));
    expect(again).toEqual({ relayed: 0, failed: 1 });
    expect(handed).not.toContain(malformedId);
    const [retried] = await server.query<{ processed_at: Date | null; attempts: number }>(`select processed_at, attempts from outbox where id = $1`, [malformedId]);
    expect(retried).toMatchObject({ processed_at: null, attempts: 2 });
  });

  describe('in the workers', () => {
    let workers: RunningWorkers;
    let sink: Awaited<ReturnType<typeof startSmtpSink>>;

    beforeAll(async () => {
      sink = await startSmtpSink();
      workers = await startTestWorkers(server, sink.url, { relayEveryMs: 60_000 });
    });
    afterAll(async () => {
      await workers?.close();
      await sink?.close();
    });

    it('does not stop the relay: the good rows are relayed, the malformed one adds no job and stays stuck', async () => {
      const { malformedId, goodIds } = await malformedBesideGoodRows();
      // The wake-up at commit may have run a pass already; pass until the good rows are done.
      for (let attempt = 0; attempt < 100; attempt += 1) {
        await workers.relayOnce();
        const [{ pending }] = await server.query<{ pending: number }>(`select count(*)::int as pending from outbox where id = any($1::bigint[]) and processed_at is null`, [goodIds]);
        if (pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const [{ pending }] = await server.query<{ pending: number }>(`select count(*)::int as pending from outbox where id = any($1::bigint[]) and processed_at is null`, [goodIds]);
      expect(pending).toBe(0);
      const [row] = await server.query<{ processed_at: Date | null; attempts: number; last_error: string }>(`select processed_at, attempts, last_error from outbox where id = $1`, [malformedId]);
      expect(row.processed_at).toBeNull();
      expect(row.attempts).toBeGreaterThanOrEqual(1);
      expect(row.last_error).toContain('malformed outbox row');
      expect(await workers.queues.notifications.getJob(`${workers.installationId}-outbox-${malformedId}`)).toBeUndefined();
    });
  });
});
