/**
 * Live-update latency (ARCHITECTURE.md budget: p99 ≤ 100 ms from a command's commit to the browser socket, 1,000
 * connected clients). A fresh PostgreSQL database, two API instances and one workers process as separate processes
 * (as deployed), CLIENTS socket.io clients split across the two instances (hotline users and dealer users of
 * DEALERS dealers, one session each), then COMMANDS ticket commands over HTTP at RATE per second, alternating the
 * instances: create (held) → dispatch to a dealer with connected users → dealer-visible note, and again.
 *
 * The commit of a command lies between sending its request and receiving its response, so each receipt is measured
 * against both: "from response" is a lower bound of commit → socket, "from request" an upper bound. "From emit"
 * compares with the `at` the workers stamp on the event (same machine clock).
 *
 *   npx tsx bench/realtime.bench.ts            (DATABASE_URL / REDIS_URL or the local servers)
 *   CLIENTS=1000 COMMANDS=300 RATE=10 DEALERS=20 npx tsx bench/realtime.bench.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { ClientToServerEvents, ServerToClientEvents, TTicketChangedEvent } from '@careline/shared';
import { openDatabase, seedDemo } from '@careline/shared/server';
import { configureAuditKeys, loadAuditKeys, loadConfig as loadAuditConfig } from '@careline/shared/server';

// Chains are keyed as in a deployment: AUDIT_HMAC_KEY, or the key file under ./data.
configureAuditKeys(loadAuditKeys(loadAuditConfig()));
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { startSmtpSink } from '../test/helpers/smtp-sink';

const ROOT = resolve(__dirname, '..');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const COMMANDS = Number(process.env.COMMANDS ?? 300);
const RATE = Number(process.env.RATE ?? 10);
const DEALERS = Number(process.env.DEALERS ?? 20);
/** Share of the clients that are hotline users (agents, supervisors, QA); the rest are dealer users. */
const HOTLINE_SHARE = Number(process.env.HOTLINE_SHARE ?? 0.6);
const PORTS = [18_601, 18_602];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const now = () => performance.timeOrigin + performance.now();

function startProcess(args: string[], env: Record<string, string>): ChildProcess {
  return spawn('npx', ['tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    // Its own process group, so stopping it stops tsx's node child too.
    detached: true,
  });
}

async function waitReady(base: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    if (await fetch(`${base}/readyz`).then((response) => response.ok, () => false)) return;
    if (attempt > 600) throw new Error(`${base} did not become ready`);
    await sleep(250);
  }
}

interface Command {
  sentAt: number;
  answeredAt: number;
}

async function main(): Promise<void> {
  const database = `careline_bench_rt_${Date.now()}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const prefix = `${database}:`;
  const children: ChildProcess[] = [];
  const sink = await startSmtpSink();
  const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
  try {
    // Seeded here, once, before any instance starts (two instances seeding an empty database at once would race).
    const handle = await openDatabase({ url: databaseUrl, poolSize: 4 });
    await handle.migrate();
    await seedDemo(handle.db, { customers: 200, tickets: 0 });

    // One session per client, as 1,000 browsers would hold (signing in 1,000 times would only measure scrypt).
    const hotlineUsers = await handle.query<{ id: string; username: string }>(`select id, username from users where role in ('agent', 'supervisor', 'qa', 'admin') order by username`);
    const dealerUsers = await handle.query<{ id: string; username: string; dealer_id: string }>(
      `select distinct on (u.dealer_id) u.id, u.username, u.dealer_id from users u join dealers d on d.id = u.dealer_id
       where u.role = 'dealer_user' and d.active order by u.dealer_id, u.username limit $1`,
      [DEALERS],
    );
    const session = async (userId: string) => {
      const token = randomBytes(32).toString('base64url');
      await handle.query(`insert into sessions (token_hash, user_id, expires_at) values ($1, $2, now() + interval '12 hours')`, [
        createHash('sha256').update(token).digest('hex'),
        userId,
      ]);
      return `careline_session=${token}`;
    };
    const hotlineClients = Math.round(CLIENTS * HOTLINE_SHARE);
    const plan: Array<{ cookie: string; dealerId: string | null }> = [];
    for (let index = 0; index < CLIENTS; index += 1) {
      if (index < hotlineClients) plan.push({ cookie: await session(hotlineUsers[index % hotlineUsers.length].id), dealerId: null });
      else {
        const dealer = dealerUsers[index % dealerUsers.length];
        plan.push({ cookie: await session(dealer.id), dealerId: dealer.dealer_id });
      }
    }
    const agentCookie = await session(hotlineUsers.find((user) => user.username === 'agent')!.id);
    const [category] = await handle.query<{ id: string }>(`select id from categories where ticket_type = 'complaint' and parent_id is not null order by path limit 1`);
    const vehicles = await handle.query<{ customer_id: string; id: string; phone: string; name: string }>(
      `select v.customer_id, v.id, c.phone, c.name from vehicles v join customers c on c.id = v.customer_id order by v.vin limit 200`,
    );
    await handle.close();

    // Each API instance is reached on its own port here (behind nginx they would share one public origin).
    const origins = PORTS.map((port) => `http://127.0.0.1:${port}`);
    const common = { DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, SEED_DEMO: 'false', DATABASE_POOL_SIZE: '4', PUBLIC_URL: origins[0], ALLOWED_ORIGINS: origins.join(',') };
    for (const port of PORTS) children.push(startProcess(['api/src/main.ts', '--role=api'], { ...common, PORT: String(port) }));
    children.push(startProcess(['workers/src/main.ts'], { ...common, SMTP_URL: sink.url }));
    const bases = PORTS.map((port) => `http://127.0.0.1:${port}`);
    await Promise.all(bases.map(waitReady));

    // Receipts: per event (ticket:version), the receipt time of every client that got it.
    const receipts = new Map<string, number[]>();
    const emitted = new Map<string, number>();
    let unexpected = 0;
    const onEvent = (event: TTicketChangedEvent) => {
      const at = now();
      const key = `${event.ticketId}:${event.version}`;
      let list = receipts.get(key);
      if (!list) receipts.set(key, (list = []));
      list.push(at);
      if (!emitted.has(key)) emitted.set(key, Date.parse(event.at));
    };
    let connected = 0;
    for (let offset = 0; offset < plan.length; offset += 50) {
      await Promise.all(
        plan.slice(offset, offset + 50).map(
          (client, index) =>
            new Promise<void>((done, fail) => {
              const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(bases[(offset + index) % bases.length], {
                transports: ['websocket'],
                extraHeaders: { cookie: client.cookie, origin: bases[(offset + index) % bases.length] },
              });
              socket.on('ticket.changed', onEvent);
              socket.once('connect', () => {
                connected += 1;
                done();
              });
              socket.once('connect_error', fail);
              sockets.push(socket);
            }),
        ),
      );
    }
    const dealerClients = new Map<string, number>();
    for (const client of plan) if (client.dealerId) dealerClients.set(client.dealerId, (dealerClients.get(client.dealerId) ?? 0) + 1);
    const targetDealers = [...dealerClients.keys()];

    const commands = new Map<string, Command>();
    const expected = new Map<string, number>();
    let sequence = 0;
    const post = async (path: string, body: unknown) => {
      const base = bases[sequence % bases.length];
      sequence += 1;
      const sentAt = now();
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie: agentCookie }, body: JSON.stringify(body) });
      const json = (await response.json()) as { ticket: { id: string; version: number } };
      const answeredAt = now();
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
      return { ticket: json.ticket, timing: { sentAt, answeredAt } };
    };
    const record = (ticketId: string, version: number, timing: Command, dealerId: string | null) => {
      commands.set(`${ticketId}:${version}`, timing);
      expected.set(`${ticketId}:${version}`, hotlineClients + (dealerId ? dealerClients.get(dealerId)! : 0));
    };

    // One ticket's three commands run in order; tickets overlap so that the overall pace is RATE commands per second.
    const ticketsNeeded = Math.ceil(COMMANDS / 3);
    const started = now();
    let issued = 0;
    const runTicket = async (index: number) => {
      const vehicle = vehicles[index % vehicles.length];
      const dealerId = targetDealers[index % targetDealers.length];
      const due = () => started + (issued++ * 1000) / RATE;
      const pace = async () => {
        const wait = due() - now();
        if (wait > 0) await sleep(wait);
      };
      await pace();
      const created = await post('/api/tickets', {
        type: 'complaint', categoryId: category.id, customerId: vehicle.customer_id, vehicleId: vehicle.id,
        contactName: vehicle.name, contactPhone: vehicle.phone, subject: `实时压测 ${index}`, description: '实时推送延迟测量。', dispatch: 'hold',
      });
      record(created.ticket.id, created.ticket.version, created.timing, null);
      await pace();
      const dispatched = await post(`/api/tickets/${created.ticket.id}/dispatch`, { version: created.ticket.version, dealerId });
      record(dispatched.ticket.id, dispatched.ticket.version, dispatched.timing, dealerId);
      await pace();
      const noted = await post(`/api/tickets/${created.ticket.id}/notes`, { visibility: 'dealer', body: '请尽快联系客户' });
      record(noted.ticket.id, noted.ticket.version, noted.timing, dealerId);
    };
    const inFlight: Array<Promise<void>> = [];
    for (let index = 0; index < ticketsNeeded; index += 1) {
      inFlight.push(runTicket(index));
      await sleep((3 * 1000) / RATE);
    }
    await Promise.all(inFlight);
    const elapsedSeconds = (now() - started) / 1000;
    await sleep(3000);

    const fromRequest: number[] = [];
    const fromResponse: number[] = [];
    const fromEmit: number[] = [];
    let delivered = 0;
    let wanted = 0;
    for (const [key, timing] of commands) {
      const got = receipts.get(key) ?? [];
      delivered += got.length;
      wanted += expected.get(key)!;
      const emittedAt = emitted.get(key);
      for (const at of got) {
        fromRequest.push(at - timing.sentAt);
        fromResponse.push(at - timing.answeredAt);
        if (emittedAt !== undefined) fromEmit.push(at - emittedAt);
      }
    }
    for (const key of receipts.keys()) if (!commands.has(key)) unexpected += 1;
    for (const list of [fromRequest, fromResponse, fromEmit]) list.sort((a, b) => a - b);
    const line = (label: string, sorted: number[]) =>
      `${label.padEnd(42)} p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
    const version = (await admin.query('show server_version')).rows[0].server_version;
    console.log(`live updates, PostgreSQL ${version}, 2 API instances + 1 workers process, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load before run ${loadavg()[0].toFixed(2)}`);
    console.log(`${connected} clients connected (${hotlineClients} hotline, ${CLIENTS - hotlineClients} dealer users of ${targetDealers.length} dealers)`);
    console.log(`${commands.size} commands in ${elapsedSeconds.toFixed(1)} s (${(commands.size / elapsedSeconds).toFixed(1)}/s); ${delivered} of ${wanted} expected deliveries; ${unexpected} events of other changes`);
    console.log(line('commit → socket, upper bound (from request)', fromRequest));
    console.log(line('commit → socket, lower bound (from response)', fromResponse));
    console.log(line('emit (workers) → socket', fromEmit));
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const child of children) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await sleep(1500);
    await sink.close();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
