/**
 * Ticket creation throughput and latency (ARCHITECTURE.md budget: ≥ 350 tickets/s sustained with session auth,
 * p99 ≤ 100 ms at 100 req/s). Starts the real API as a separate process on a fresh PostgreSQL database, signs in
 * two agents, then:
 *   1. closed loop: CONCURRENCY clients create tickets back to back for DURATION seconds → tickets/s;
 *   2. open loop: 100 requests/s for DURATION seconds → latency percentiles.
 * Every request is a full create: validation, references, numbering, ticket row, hash-chained event, outbox row.
 * Routing joins the measured path when issue 3 lands.
 *
 * It also prints the CPU time each ticket cost during the closed loop: the API's process group, the PostgreSQL
 * backends of the bench's database, and the load generator itself. Unlike the rate, these hardly move when other work
 * shares the machine, so compare them when it is busy.
 *
 *   npx tsx bench/create-tickets.bench.ts            (DATABASE_URL / REDIS_URL or the local servers)
 *   BENCH_PORT=18501 …                               (another port, e.g. beside a run of an older checkout)
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION_MS = Number(process.env.DURATION_SECONDS ?? 15) * 1000;
// OPEN_LOOP_SECONDS=0 skips the open loop (e.g. for a CPU profile of the closed loop alone).
const OPEN_LOOP_MS = Number(process.env.OPEN_LOOP_SECONDS ?? DURATION_MS / 1000) * 1000;
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 18_500);
const TICKS_PER_MS = 100 / 1000; // USER_HZ (100 on Linux) per millisecond.

/** utime + stime of a process in ms, from /proc (0 when it is gone). */
function cpuMsOf(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
  } catch {
    return 0;
  }
}

/** The pids of a process group (the API: npx, tsx and the node process that runs it). */
function pidsOfGroup(group: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[2]) === group;
      } catch {
        return false;
      }
    });
}

const sumCpuMs = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);

/** Whether a process is still running (not gone, not a zombie waiting for its parent). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

/** When a process started (clock ticks after boot), from /proc. */
const startTicksOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);

/**
 * Stops the API: SIGTERM to its own node process first (the group's newest: npx starts tsx, tsx starts it), waiting up
 * to a minute for its shutdown (and a profiler's file, bench/cpu-profile.cjs), then to the whole group. Signalled
 * together, tsx's launcher kills its child with SIGKILL when the child does not answer within 30 ms, as under load.
 */
async function stopApi(group: number): Promise<void> {
  const pids = pidsOfGroup(group);
  if (pids.length === 0) return; // It had already ended (it failed to start): its output above says why.
  const api = pids.reduce((newest, pid) => (startTicksOf(pid) > startTicksOf(newest) ? pid : newest));
  process.kill(api, 'SIGTERM');
  for (let waited = 0; waited < 60_000 && alive(api); waited += 100) await new Promise((done) => setTimeout(done, 100));
  try {
    process.kill(-group, 'SIGTERM');
  } catch {
    // The launchers ended with it.
  }
}
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
    // BENCH_API_STDOUT=1 shows the API's log (LOG_LEVEL=warn: errors such as a 500's cause).
    stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'inherit'],
    // Its own process group, so stopping it stops tsx's node child too.
    detached: true,
  });
  try {
    // Up to five minutes: on a busy machine tsx's compile, the migrations and the demo data take a while.
    for (const startedAt = Date.now(); ; ) {
      const ready = await fetch(`${BASE}/readyz`).then((response) => response.ok, () => false);
      if (ready) break;
      if (Date.now() - startedAt > 300_000) throw new Error('server did not become ready');
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

    // CPU accounting: the API's process group and the PostgreSQL backends serving the bench's database (its pool).
    const apiPids = pidsOfGroup(server.pid!);
    // The pool opens more backends under load: those that appear during the loop count from their start.
    const backendPids = async () => (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database])).rows.map((row) => row.pid);
    const backendsBefore = new Map((await backendPids()).map((pid) => [pid, cpuMsOf(pid)]));
    const cpuBefore = { api: sumCpuMs(apiPids), bench: process.cpuUsage() };

    const closedLatencies: number[] = [];
    const closedStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() - closedStart < DURATION_MS) closedLatencies.push(await createOne());
      }),
    );
    const closedSeconds = (performance.now() - closedStart) / 1000;
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const backendsAfter = await backendPids();
    const postgresMs = backendsAfter.reduce((sum, pid) => sum + cpuMsOf(pid) - (backendsBefore.get(pid) ?? 0), 0);
    const perTicket = (ms: number) => (ms / closedLatencies.length).toFixed(2);
    const cpuLine =
      `  CPU per ticket: API ${perTicket(sumCpuMs(apiPids) - cpuBefore.api)} ms, PostgreSQL ${perTicket(postgresMs)} ms ` +
      `(${backendsAfter.length} backends), load generator ${perTicket((benchCpu.user + benchCpu.system) / 1000)} ms`;
    closedLatencies.sort((a, b) => a - b);

    const openLatencies: number[] = [];
    const openFailures: string[] = [];
    const openStart = performance.now();
    const inFlight: Array<Promise<void>> = [];
    for (let index = 0; index < (OPEN_LOOP_MS / 1000) * 100; index += 1) {
      const due = openStart + index * 10;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      // A failure is counted, not thrown here: an unawaited rejection would end the bench without stopping the API.
      inFlight.push(createOne().then((ms) => void openLatencies.push(ms), (error: unknown) => void openFailures.push(String(error))));
    }
    await Promise.all(inFlight);
    openLatencies.sort((a, b) => a - b);

    const line = (label: string, sorted: number[]) =>
      `${label}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
    console.log(`create tickets, PostgreSQL ${(await admin.query('show server_version')).rows[0].server_version}, session auth`);
    console.log(`closed loop, ${CONCURRENCY} clients, ${closedSeconds.toFixed(1)} s: ${(closedLatencies.length / closedSeconds).toFixed(0)} tickets/s (${closedLatencies.length} tickets)`);
    console.log(line('  latency', closedLatencies));
    console.log(cpuLine);
    if (OPEN_LOOP_MS > 0) {
      console.log(`open loop, 100 req/s, ${openLatencies.length} requests${openFailures.length ? `, ${openFailures.length} failed (${[...new Set(openFailures)].join(', ')})` : ''}`);
      if (openLatencies.length > 0) console.log(line('  latency', openLatencies));
    }
  } finally {
    await stopApi(server.pid!);
    await new Promise((done) => setTimeout(done, 1000));
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
