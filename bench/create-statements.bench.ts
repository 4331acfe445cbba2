/**
 * How many statements one ticket create sends to PostgreSQL, and which: round trips are the largest cost of a create
 * on a small machine (see RESULTS.md). Starts the app in this process on a fresh database, warms its caches with a few
 * creates, then records every statement of the next one (session lookup to response) and prints them in order.
 *
 *   npx tsx bench/create-statements.bench.ts         (DATABASE_URL / REDIS_URL or the local servers)
 */
import type { AddressInfo } from 'node:net';
import { configureRoutingSnapshotCache, loadConfig, openDatabase, seedDemo } from '@careline/shared/server';
import { configureAuditKeys, loadAuditKeys, loadConfig as loadAuditConfig } from '@careline/shared/server';

// Chains are keyed as in a deployment: AUDIT_HMAC_KEY, or the key file under ./data.
configureAuditKeys(loadAuditKeys(loadAuditConfig()));
import { Redis } from 'ioredis';
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../api/src/app';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const recorded: string[] = [];
let recording = false;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (recording) {
    const [first] = args;
    const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? String(first));
    recorded.push(text.replace(/\s+/g, ' ').trim());
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

async function main(): Promise<void> {
  const name = `careline_statements_${Date.now()}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 4 });
  const redis = new Redis(REDIS_URL);
  try {
    await database.migrate();
    await seedDemo(database.db, { customers: 20, tickets: 0 });
    const context = { config: { ...loadConfig({}), redisPrefix: `${name}:` }, database, db: database.db, redis, logger: pino({ level: 'silent' }) };
    // As `main.ts` does: the routing snapshot is shared for a moment.
    configureRoutingSnapshotCache({ ttlMs: context.config.routingSnapshotTtlMs });
    const server = createApp(context).listen(0, '127.0.0.1');
    await new Promise((done) => server.once('listening', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: 'careline2026' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const [vehicle] = await database.query<{ customer_id: string; id: string; phone: string; name: string }>(
      `select v.customer_id, v.id, c.phone, c.name from vehicles v join customers c on c.id = v.customer_id where v.servicing_dealer_id is not null limit 1`,
    );
    const [category] = await database.query<{ id: string }>(`select id from categories where ticket_type = 'complaint' and parent_id is not null limit 1`);
    const create = async () => {
      const response = await fetch(`${base}/api/tickets`, {
        method: 'POST',
        // Cookie writes name an allowed origin, as the console's do.
        headers: { 'content-type': 'application/json', origin: context.config.allowedOrigins[0], cookie },
        body: JSON.stringify({
          type: 'complaint',
          categoryId: category.id,
          customerId: vehicle.customer_id,
          vehicleId: vehicle.id,
          contactName: vehicle.name,
          contactPhone: vehicle.phone,
          subject: '统计语句',
          description: '客户反映车辆行驶中仪表盘故障灯亮起，要求检查。',
        }),
      });
      const body = (await response.json()) as { ticket: { status: string } };
      if (response.status !== 201) throw new Error(`create: ${response.status} ${JSON.stringify(body)}`);
      return body.ticket.status;
    };
    for (let index = 0; index < 3; index += 1) await create();
    recording = true;
    const status = await create();
    recording = false;
    console.log(`one complaint create (routed: ${status}), warm caches: ${recorded.length} statements`);
    for (const [index, text] of recorded.entries()) console.log(`${String(index + 1).padStart(3)}  ${text.slice(0, 150)}`);
    server.close();
  } finally {
    redis.disconnect();
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
