import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startWorkers } from '../../workers/src/start-workers';
import { startTestServer, TEST_REDIS_URL, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
});

afterAll(() => server?.close());

describe('housekeeping worker (BullMQ on real Redis)', () => {
  it('purges expired sessions, old idempotency keys and old export files on its schedule, and keeps live ones', async () => {
    const [user] = await server.query<{ id: string }>(`select id from users where username = 'agent'`);
    await server.query(
      `insert into sessions (token_hash, user_id, expires_at) values ($1, $3, now() - interval '1 minute'), ($2, $3, now() + interval '1 hour')`,
      ['expired-session', 'live-session', user.id],
    );
    const [ticket] = await server.query<{ id: string }>(
      `insert into tickets (id, number, type, channel, status, priority, contact_name, contact_phone, subject, description,
         tracking_token, audit_head_hash, audit_event_count)
       values ($1, 'ZX20260101-99999', 'enquiry', 'phone', 'new', 'P4', '测试', '13800000000', '测试', '测试', $2, repeat('0', 64), 0)
       returning id`,
      [randomUUID(), randomBytes(8).toString('hex')],
    );
    await server.query(
      `insert into idempotency_keys (caller_id, key, request_hash, ticket_id, created_at) values
       ('user:x', 'old-key', 'h', $1, now() - interval '2 days'), ('user:x', 'fresh-key', 'h', $1, now())`,
      [ticket.id],
    );
    // Exports: one finished four days ago, one an hour ago, one never finished and abandoned four days ago; a file
    // whose row is gone (a crash between the two) and a file that is not an export.
    const exportDir = mkdtempSync(join(tmpdir(), 'careline-prune-'));
    const [oldDone, freshDone, abandoned, orphan] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await server.query(
      `insert into report_exports (id, requested_by, kind, format, query, status, created_at, finished_at) values
       ($1, $4, 'tickets', 'csv', '{}', 'done', now() - interval '4 days', now() - interval '4 days'),
       ($2, $4, 'tickets', 'xlsx', '{}', 'done', now() - interval '1 hour', now() - interval '1 hour'),
       ($3, $4, 'tickets', 'csv', '{}', 'running', now() - interval '4 days', null)`,
      [oldDone, freshDone, abandoned, user.id],
    );
    for (const name of [`${oldDone}.csv`, `${freshDone}.xlsx`, `${abandoned}.csv.part`, `${orphan}.csv`, 'README.txt']) writeFileSync(join(exportDir, name), 'x');
    const workers = await startWorkers({
      db: server.database.db,
      redisUrl: TEST_REDIS_URL,
      redisPrefix: server.context.config.redisPrefix,
      logger: pino({ level: 'silent' }),
      housekeepingEveryMs: 200,
      exportDir,
      exportRetentionMs: 72 * 3_600_000,
      // Nothing in this test sends mail; the relay still needs somewhere to point.
      smtpUrl: 'smtp://127.0.0.1:1',
      publicUrl: 'http://localhost',
    });
    try {
      const deadline = Date.now() + 15_000;
      let sessions: string[] = [];
      while (Date.now() < deadline) {
        sessions = (await server.query<{ token_hash: string }>(`select token_hash from sessions where token_hash like '%-session'`)).map((row) => row.token_hash);
        // The exports are pruned after the sessions in the same pass: wait for its last step, the files.
        if (!sessions.includes('expired-session') && !readdirSync(exportDir).includes(`${orphan}.csv`)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sessions).toEqual(['live-session']);
      const keys = (await server.query<{ key: string }>(`select key from idempotency_keys where caller_id = 'user:x'`)).map((row) => row.key);
      expect(keys).toEqual(['fresh-key']);
      const exportsLeft = await server.query<{ id: string }>(`select id from report_exports where id = any($1::uuid[])`, [[oldDone, freshDone, abandoned]]);
      expect(exportsLeft).toEqual([{ id: freshDone }]);
      expect(readdirSync(exportDir).sort()).toEqual([`${freshDone}.xlsx`, 'README.txt'].sort());
    } finally {
      await workers.close();
      rmSync(exportDir, { recursive: true, force: true });
    }
  });
});
