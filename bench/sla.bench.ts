/**
 * SLA timers at scale (ARCHITECTURE.md budget: a breach detected ≤ 2 s p99 after its due time, 50,000 open tickets).
 * On a fresh PostgreSQL database: OPEN open tickets with their three clocks each (cloned in SQL from one real
 * dispatched ticket), of which SAMPLE fall due over the next WINDOW seconds and the rest in the coming weeks. Then:
 *   1. start the workers: the reconciler builds every timer from the database (the cold rebuild);
 *   2. reconcile again with every timer in place (the periodic pass);
 *   3. wait for the sample's breaches and report how late each was recorded after its due time;
 *   4. delete every Redis key of the deployment (what FLUSHALL does to it) and time the full rebuild.
 *
 *   npx tsx bench/sla.bench.ts          (DATABASE_URL / REDIS_URL or the local servers; OPEN, SAMPLE, WINDOW)
 */
import { type AddressInfo, createServer } from 'node:net';
import { SYSTEM_ACTOR } from '@careline/shared';
import { createTicket, dispatchTicket, loadConfig, seedDemo } from '@careline/shared/server';
import { benchDatabase } from './bench-database';
import { configureAuditKeys, loadAuditKeys, loadConfig as loadAuditConfig } from '@careline/shared/server';

// Chains are keyed as in a deployment: AUDIT_HMAC_KEY, or the key file under ./data.
configureAuditKeys(loadAuditKeys(loadAuditConfig()));
import { Redis } from 'ioredis';
import pino from 'pino';
import { startWorkers } from '../workers/src/start-workers';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OPEN = Number(process.env.OPEN ?? 50_000);
const SAMPLE = Number(process.env.SAMPLE ?? 1_000);
const WINDOW_SECONDS = Number(process.env.WINDOW ?? 60);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A TCP sink that accepts SMTP and drops every message: the bench measures timers, not mail. */
async function nullSmtp(): Promise<{ url: string; close: () => void }> {
  const server = createServer((socket) => {
    socket.write('220 sink\r\n');
    let inData = false;
    socket.on('data', (chunk) => {
      for (const line of chunk.toString().split('\r\n')) {
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 ok\r\n');
          }
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (!command) continue;
        if (command === 'DATA') {
          inData = true;
          socket.write('354 go\r\n');
        } else if (command === 'QUIT') socket.end('221 bye\r\n');
        else if (command === 'EHLO' || command === 'HELO') socket.write('250 sink\r\n');
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return { url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** Deletes every key under the deployment's prefix: what FLUSHALL does to it, without touching others sharing Redis. */
async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  for (let cursor = '0'; ; ) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  redis.disconnect();
}

async function main(): Promise<void> {
  const { name, database, drop } = await benchDatabase('sla', 10);
  const redisPrefix = `${name}:`;
  const smtp = await nullSmtp();
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  // The reconciler's periodic pass is left out of the measured window (it is timed on its own below).
  const start = () =>
    startWorkers({ db: database.db, redisUrl: REDIS_URL, redisPrefix, logger: pino({ level: 'warn' }), smtpUrl: smtp.url, publicUrl: loadConfig().publicUrl, reconcileEveryMs: 60 * 60_000 });
  try {
    await seedDemo(database.db, { customers: 20, tickets: 0 });
    const [category] = await database.query<{ id: string }>(`select id from categories where ticket_type = 'complaint' and parent_id is not null order by path limit 1`);
    const [dealer] = await database.query<{ id: string }>(`select id from dealers where active order by code limit 1`);
    const { ticket } = await createTicket({
      db: database.db,
      actor: SYSTEM_ACTOR,
      input: { type: 'complaint', channel: 'phone', categoryId: category.id, contactName: '张伟', contactPhone: '13812345678', subject: '异响', description: '冷启动异响', dispatch: 'hold' } as never,
    });
    await dispatchTicket({ db: database.db, actor: SYSTEM_ACTOR, ticketId: ticket.id, request: { version: ticket.version, dealerId: dealer.id } });
    await database.query(`update outbox set processed_at = now()`);

    const cloning = Date.now();
    // Clones of the one real ticket: their own ids, numbers and tokens, the same owner and policy.
    await database.query(
      `insert into tickets select (jsonb_populate_record(null::tickets, to_jsonb(t) || jsonb_build_object(
         'id', gen_random_uuid(), 'number', t.number || '-' || n, 'tracking_token', md5(random()::text || n)))).*
       from tickets t, generate_series(1, $1::int) n where t.id = $2`,
      [OPEN - 1, ticket.id],
    );
    await database.query(
      `insert into sla_milestones (id, ticket_id, clock, owner_type, owner_id, started_at, due_at, warn_at)
       select gen_random_uuid(), t.id, m.clock, m.owner_type, m.owner_id, now(), now() + interval '7 days' + random() * interval '21 days', null
       from tickets t cross join (select clock, owner_type, owner_id from sla_milestones where ticket_id = $1) m where t.id <> $1`,
      [ticket.id],
    );
    const [{ count: milestones }] = await database.query<{ count: number }>(`select count(*)::int as count from sla_milestones where met_at is null and cancelled_at is null`);
    console.log(`${OPEN} open tickets, ${milestones} open clocks (cloned in ${seconds(Date.now() - cloning)})`);

    const coldStart = Date.now();
    workers = await start();
    const cold = Date.now() - coldStart;
    const periodicStart = Date.now();
    const periodic = await workers.reconcile();
    const periodicMs = Date.now() - periodicStart;
    console.log(`cold rebuild (workers start): ${seconds(cold)}; periodic pass with every timer in place: ${seconds(periodicMs)} (${periodic.kept} kept, ${periodic.added} added)`);

    // The sample: one clock each of SAMPLE tickets now falls due within the window, moved the way a command moves a
    // due time (an 'sla.changed' outbox row, which the relay turns into a reschedule job for that ticket).
    await database.query(
      `with moved as (
         update sla_milestones set due_at = now() + interval '10 seconds' + random() * make_interval(secs => $1), warn_at = null
         where id in (select id from sla_milestones where clock = 'acknowledge' order by id limit $2) returning ticket_id)
       insert into outbox (topic, ticket_id, payload) select 'sla.changed', ticket_id, jsonb_build_object('ticketId', ticket_id) from moved`,
      [WINDOW_SECONDS, SAMPLE],
    );
    console.log(`${SAMPLE} clocks moved to fall due over the next ${WINDOW_SECONDS} s`);

    const deadline = Date.now() + (WINDOW_SECONDS + 60) * 1000;
    let lateness: number[] = [];
    while (Date.now() < deadline) {
      const rows = await database.query<{ late_ms: number }>(
        `select extract(epoch from (breached_at - due_at)) * 1000 as late_ms from sla_milestones where breached_at is not null`,
      );
      lateness = rows.map((row) => Number(row.late_ms)).sort((a, b) => a - b);
      if (lateness.length >= SAMPLE) break;
      await new Promise((done) => setTimeout(done, 1000));
    }
    console.log(
      `breaches recorded: ${lateness.length}/${SAMPLE}; late after due time p50 ${percentile(lateness, 50)?.toFixed(0)} ms, p95 ${percentile(lateness, 95)?.toFixed(0)} ms, p99 ${percentile(lateness, 99)?.toFixed(0)} ms, max ${lateness.at(-1)?.toFixed(0)} ms`,
    );

    await workers.close();
    workers = undefined;
    await deleteKeys(`${redisPrefix}*`);
    const rebuildStart = Date.now();
    workers = await start();
    console.log(`rebuild after every Redis key was lost: ${seconds(Date.now() - rebuildStart)}`);
  } finally {
    await workers?.close();
    smtp.close();
    await drop();
    await deleteKeys(`${redisPrefix}*`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
