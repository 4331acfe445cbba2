/**
 * Roadside dispatch at scale (issue 12's proof): with PROVIDERS rescue providers (24-hour, scattered over east China)
 * and RESCUES concurrent rescues, how long
 *   1. from a ticket's creation (the create command called) to its first offer (committed with the ticket, so the
 *      create's own time under RESCUES creates at once);
 *   2. from a decline to the next offer (the decline command's time: the next offer is in its transaction), RESCUES
 *      declines at once;
 *   3. from an offer's timeout (its due time) to the next offer (the BullMQ delayed job, the worker's expiry and the
 *      next offer's commit: next offer's `offered_at` − the expired offer's `due_at`), RESCUES rescues with a
 *      TIMEOUT_SECONDS limit going down their lists until nobody is left.
 * The first two are also timed one at a time (SERIAL rescues), without the queue for the pool's connections.
 * On a fresh PostgreSQL database with the real workers (Redis). Prints p50/p95/p99; asserts nothing.
 *
 *   npx tsx bench/roadside.bench.ts     (DATABASE_URL / REDIS_URL or the local servers; PROVIDERS, RESCUES, SERIAL, TIMEOUT_SECONDS)
 */
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { type Actor, SYSTEM_ACTOR } from '@careline/shared';
import { configureAuditKeys, createTicket, declineRoadsideOffer, loadAuditKeys, loadConfig, seedDemo } from '@careline/shared/server';
import { benchDatabase } from './bench-database';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startWorkers } from '../workers/src/start-workers';

configureAuditKeys(loadAuditKeys(loadConfig()));

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PROVIDERS = Number(process.env.PROVIDERS ?? 200);
const RESCUES = Number(process.env.RESCUES ?? 100);
const TIMEOUT_SECONDS = Number(process.env.TIMEOUT_SECONDS ?? 3);
const SERIAL = Number(process.env.SERIAL ?? 20);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const figures = (label: string, values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(0)} ms`);
  console.log(`${label}: n=${sorted.length}, p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1))}`);
};

/** A TCP sink that accepts SMTP and drops every message: the bench measures offers, not mail. */
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

/** A stranded car somewhere in east China (Jiangsu, Zhejiang, Anhui, Shanghai). */
function incident(index: number) {
  const lat = 28 + ((index * 7919) % 1000) / 1000 * 6;
  const lng = 115 + ((index * 104729) % 1000) / 1000 * 6;
  return {
    type: 'roadside',
    channel: 'phone',
    contactName: '李娜',
    contactPhone: '13912345678',
    subject: `高速抛锚 ${index}`,
    description: '车辆无法启动，停在应急车道',
    location: { address: `高速 K${index}`, lat, lng },
    roadsideType: 'breakdown',
    motorway: true,
    peopleOnBoard: 1,
    injured: false,
  };
}

async function main(): Promise<void> {
  const { name, database, drop } = await benchDatabase('roadside', 10);
  const redisPrefix = `${name}:`;
  const smtp = await nullSmtp();
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  try {
    await seedDemo(database.db, { customers: 20, tickets: 0 });
    // PROVIDERS rescue providers open around the clock, cloned from one demo dealer; nobody else rescues.
    await database.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
    await database.query(
      `insert into dealers select (jsonb_populate_record(null::dealers, to_jsonb(d) || jsonb_build_object(
         'id', gen_random_uuid(), 'code', 'RSA-' || lpad(n::text, 4, '0'), 'name_zh', '救援商 ' || n, 'name_en', 'Rescue ' || n,
         'lat', 28 + random() * 6, 'lng', 115 + random() * 6, 'capabilities', array['rescue'], 'rescue_24h', true, 'active', true))).*
       from (select * from dealers where active order by code limit 1) d, generate_series(1, $1::int) n`,
      [PROVIDERS],
    );
    const [{ count: providers }] = await database.query<{ count: number }>(`select count(*)::int as count from dealers where 'rescue' = any(capabilities) and active`);
    workers = await startWorkers({
      db: database.db,
      redisUrl: REDIS_URL,
      redisPrefix,
      logger: pino({ level: 'warn' }),
      smtpUrl: smtp.url,
      publicUrl: loadConfig().publicUrl,
      reconcileEveryMs: 60 * 60_000,
    });
    console.log(`${providers} rescue providers, ${RESCUES} concurrent rescues; load average ${(await import('node:os')).loadavg().map((value) => value.toFixed(1)).join(' ')}`);

    // 1. Creation → first offer: RESCUES creates at once.
    process.env.ROADSIDE_OFFER_SECONDS = '300';
    const created: string[] = [];
    const createMs = await Promise.all(
      Array.from({ length: RESCUES }, async (_unused, index) => {
        const started = performance.now();
        const { ticket } = await createTicket({ db: database.db, actor: SYSTEM_ACTOR, input: incident(index) as never });
        created.push(ticket.id);
        return performance.now() - started;
      }),
    );
    const offered = await database.query<{ n: number }>(`select count(distinct ticket_id)::int as n from roadside_offers where ticket_id = any($1::uuid[])`, [created]);
    figures(`creation → first offer (${offered[0].n}/${RESCUES} offered)`, createMs);

    // 2. Decline → next offer: every first offer declined at once by its provider.
    const pending = await database.query<{ id: string; dealer_id: string }>(`select id, dealer_id from roadside_offers where status = 'pending' and ticket_id = any($1::uuid[])`, [created]);
    const declineMs = await Promise.all(
      pending.map(async (offer) => {
        const actor: Actor = { kind: 'api_key', id: randomUUID(), name: 'bench dispatch', role: 'dealer_user', dealerId: offer.dealer_id, departmentId: null };
        const started = performance.now();
        await declineRoadsideOffer({ db: database.db, actor, offerId: offer.id, request: { reason: 'no_truck_available' } });
        return performance.now() - started;
      }),
    );
    const [{ n: second }] = await database.query<{ n: number }>(`select count(*)::int as n from roadside_offers where round = 2 and ticket_id = any($1::uuid[])`, [created]);
    figures(`decline → next offer (${second}/${pending.length} offered again)`, declineMs);

    // The same two, one at a time (SERIAL rescues): the latency without the queue for the pool's 10 connections.
    const serialCreate: number[] = [];
    const serialDecline: number[] = [];
    for (let index = 0; index < SERIAL; index += 1) {
      let started = performance.now();
      const { ticket } = await createTicket({ db: database.db, actor: SYSTEM_ACTOR, input: incident(10_000 + index) as never });
      serialCreate.push(performance.now() - started);
      const [offer] = await database.query<{ id: string; dealer_id: string }>(`select id, dealer_id from roadside_offers where status = 'pending' and ticket_id = $1`, [ticket.id]);
      const actor: Actor = { kind: 'api_key', id: randomUUID(), name: 'bench dispatch', role: 'dealer_user', dealerId: offer.dealer_id, departmentId: null };
      started = performance.now();
      await declineRoadsideOffer({ db: database.db, actor, offerId: offer.id, request: { reason: 'no_truck_available' } });
      serialDecline.push(performance.now() - started);
    }
    figures('creation → first offer, one at a time', serialCreate);
    figures('decline → next offer, one at a time', serialDecline);

    // 3. Timeout → next offer: RESCUES new rescues with a short limit, left unanswered down their whole lists.
    process.env.ROADSIDE_OFFER_SECONDS = String(TIMEOUT_SECONDS);
    const timed = await Promise.all(
      Array.from({ length: RESCUES }, async (_unused, index) => (await createTicket({ db: database.db, actor: SYSTEM_ACTOR, input: incident(RESCUES + index) as never })).ticket.id),
    );
    const deadline = Date.now() + 300_000;
    let left = timed.length;
    while (Date.now() < deadline) {
      [{ n: left }] = await database.query<{ n: number }>(`select count(*)::int as n from roadside_jobs where status = 'offering' and ticket_id = any($1::uuid[])`, [timed]);
      if (left === 0) break;
      await new Promise((done) => setTimeout(done, 1000));
    }
    const gaps = await database.query<{ ms: number }>(
      `select extract(epoch from (n.offered_at - o.due_at)) * 1000 as ms
       from roadside_offers o join roadside_offers n on n.job_id = o.job_id and n.round = o.round + 1
       where o.status = 'expired' and o.ticket_id = any($1::uuid[])`,
      [timed],
    );
    const [{ n: expired }] = await database.query<{ n: number }>(`select count(*)::int as n from roadside_offers where status = 'expired' and ticket_id = any($1::uuid[])`, [timed]);
    figures(`timeout (due time) → next offer (${expired} timeouts, ${left} rescues still offering at the end)`, gaps.map((row) => Number(row.ms)));
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
