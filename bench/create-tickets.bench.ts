/**
 * Ticket creation throughput and latency (ARCHITECTURE.md budget: ≥ 350 tickets/s sustained with session auth,
 * p99 ≤ 100 ms at 100 req/s). Starts the real API as a separate process on a fresh PostgreSQL database, signs in
 * two agents, then:
 *   1. closed loop: CONCURRENCY clients create tickets back to back for DURATION seconds → tickets/s;
 *   2. open loop: 100 requests/s for DURATION seconds → latency percentiles.
 * Every request is a full create: validation, references, numbering, ticket row, hash-chained event, outbox row.
 * Routing joins the measured path when issue 3 lands.
 *
 *   npx tsx bench/create-tickets.bench.ts            (DATABASE_URL / REDIS_URL or the local servers)
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION_MS = Number(process.env.DURATION_SECONDS ?? 15) * 1000;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const PORT = 18_500;
const BASE = `http://127.0.0.1:${PORT}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function signIn(username: string): Promise<string> {
  const response = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'careline2026' }),
  });
  if (!response.ok) throw new Error(`sign-in ${username}: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0];
}

async function main(): Promise<void> {
  const database = `careline_bench_${Date.now()}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const server = spawn('npx', ['tsx', 'api/src/main.ts', '--role=api'], {
    cwd: ROOT,
    // BENCH_API_NODE_OPTIONS passes node options to the API (e.g. --require of a profiler script).
    env: { ...process.env, NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS ?? '', DATABASE_URL: url.toString(), PORT: String(PORT), PUBLIC_URL: BASE, LOG_LEVEL: 'warn', REDIS_PREFIX: `${database}:`, SEED_DEMO: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
    // Its own process group, so stopping it stops tsx's node child too.
    detached: true,
  });
  try {
    for (let attempt = 0; ; attempt += 1) {
      const ready = await fetch(`${BASE}/readyz`).then((response) => response.ok, () => false);
      if (ready) break;
      if (attempt > 600) throw new Error('server did not become ready');
      await new Promise((done) => setTimeout(done, 250));
    }
    const cookies = [await signIn('agent'), await signIn('agent2')];
    const seedClient = new Client({ connectionString: url.toString() });
    await seedClient.connect();
    const { rows: vehicles } = await seedClient.query<{ customer_id: string; id: string; phone: string; name: string }>(
      `select v.customer_id, v.id, c.phone, c.name from vehicles v join customers c on c.id = v.customer_id limit 500`,
    );
    const { rows: categoriesRows } = await seedClient.query<{ id: string }>(`select id from categories where ticket_type = 'complaint' and parent_id is not null`);
    await seedClient.end();

    let counter = 0;
    const createOne = async (): Promise<number> => {
      counter += 1;
      const vehicle = vehicles[counter % vehicles.length];
      const started = performance.now();
      const response = await fetch(`${BASE}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BASE, cookie: cookies[counter % cookies.length] },
        body: JSON.stringify({
          type: 'complaint',
          categoryId: categoriesRows[counter % categoriesRows.length].id,
          customerId: vehicle.customer_id,
          vehicleId: vehicle.id,
          contactName: vehicle.name,
          contactPhone: vehicle.phone,
          subject: `压测工单 ${counter}`,
          description: '客户反映车辆行驶中仪表盘故障灯亮起，要求检查。',
        }),
      });
      await response.arrayBuffer();
      if (response.status !== 201) throw new Error(`create: ${response.status}`);
      return performance.now() - started;
    };

    // Warm-up: JIT, connection pools, prepared plans.
    for (let index = 0; index < 200; index += 1) await createOne();

    const closedLatencies: number[] = [];
    const closedStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() - closedStart < DURATION_MS) closedLatencies.push(await createOne());
      }),
    );
    const closedSeconds = (performance.now() - closedStart) / 1000;
    closedLatencies.sort((a, b) => a - b);

    const openLatencies: number[] = [];
    const openStart = performance.now();
    const inFlight: Array<Promise<void>> = [];
    for (let index = 0; index < (DURATION_MS / 1000) * 100; index += 1) {
      const due = openStart + index * 10;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      inFlight.push(createOne().then((ms) => void openLatencies.push(ms)));
    }
    await Promise.all(inFlight);
    openLatencies.sort((a, b) => a - b);

    const line = (label: string, sorted: number[]) =>
      `${label}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
    console.log(`create tickets, PostgreSQL ${(await admin.query('show server_version')).rows[0].server_version}, session auth`);
    console.log(`closed loop, ${CONCURRENCY} clients, ${closedSeconds.toFixed(1)} s: ${(closedLatencies.length / closedSeconds).toFixed(0)} tickets/s (${closedLatencies.length} tickets)`);
    console.log(line('  latency', closedLatencies));
    console.log(`open loop, 100 req/s, ${openLatencies.length} requests`);
    console.log(line('  latency', openLatencies));
  } finally {
    process.kill(-server.pid!, 'SIGTERM');
    await new Promise((done) => setTimeout(done, 1000));
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
