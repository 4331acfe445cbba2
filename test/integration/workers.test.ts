import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { startWorkers } from '../../workers/src/start-workers';
import { startTestServer, TEST_REDIS_URL, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
});

afterAll(() => server?.close());

describe('housekeeping worker (BullMQ on real Redis)', () => {
  it('purges expired sessions and old idempotency keys on its schedule, and keeps live ones', async () => {
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
    const workers = await startWorkers({
      db: server.database.db,
      redisUrl: TEST_REDIS_URL,
      redisPrefix: server.context.config.redisPrefix,
      logger: pino({ level: 'silent' }),
      housekeepingEveryMs: 200,
      // Nothing in this test sends mail; the relay still needs somewhere to point.
      smtpUrl: 'smtp://127.0.0.1:1',
      publicUrl: 'http://localhost',
    });
    try {
      const deadline = Date.now() + 15_000;
      let sessions: string[] = [];
      while (Date.now() < deadline) {
        sessions = (await server.query<{ token_hash: string }>(`select token_hash from sessions where token_hash like '%-session'`)).map((row) => row.token_hash);
        if (!sessions.includes('expired-session')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(sessions).toEqual(['live-session']);
      const keys = (await server.query<{ key: string }>(`select key from idempotency_keys where caller_id = 'user:x'`)).map((row) => row.key);
      expect(keys).toEqual(['fresh-key']);
    } finally {
      await workers.close();
    }
  });
});
