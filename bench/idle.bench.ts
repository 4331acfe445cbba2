/**
 * An idle `npm start` (ARCHITECTURE.md budget: < 5 % of a core, < 1 log line a second). Starts `npm start` as a
 * newcomer runs it, on an empty data folder (embedded PGlite, demo data, in-process mail catcher) with a Redis of its
 * own (so that Redis's work is counted and nobody else's is), waits until it is ready, lets it settle, then for
 * DURATION seconds samples the CPU time of the process tree (utime + stime of every process below `npm start`, and of
 * the redis-server) and counts the lines it writes. Nobody uses it meanwhile.
 *
 *   npx tsx bench/idle.bench.ts          (DURATION, default 120 s; SETTLE, default 10 s; LOG_LEVEL as a user would set it)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const DURATION_SECONDS = Number(process.env.DURATION ?? 120);
const SETTLE_SECONDS = Number(process.env.SETTLE ?? 10);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

interface ProcessStat {
  pid: number;
  parent: number;
  ticks: number;
}

/** Every process's parent and CPU ticks (utime + stime), from /proc. */
function processTable(): ProcessStat[] {
  const table: ProcessStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: the fields start after its closing one.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push({ pid: Number(entry), parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** CPU seconds used so far by the processes rooted at `roots` and all their descendants. */
function cpuSecondsOf(roots: number[]): number {
  const table = processTable();
  const included = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of table) {
      if (!included.has(row.pid) && included.has(row.parent)) {
        included.add(row.pid);
        grew = true;
      }
    }
  }
  return table.filter((row) => included.has(row.pid)).reduce((sum, row) => sum + row.ticks, 0) / TICKS_PER_SECOND;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'careline-idle-'));
  const [port, catcherPort, redisPort] = [await freePort(), await freePort(), await freePort()];
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let app: ChildProcess | undefined;
  try {
    await new Promise((done) => setTimeout(done, 300));
    app = spawn('npm', ['start'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        SMTP_URL: '',
        SMTP_CATCHER_PORT: String(catcherPort),
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        // The console build (vite, first start only) is not what this measures, and takes minutes on a busy machine.
        CONSOLE_BUILD: process.env.CONSOLE_BUILD ?? 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, stopped as one at the end.
      detached: true,
    });
    let output = '';
    let lines = 0;
    const count = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      lines += text.split('\n').length - 1;
    };
    app.stdout!.on('data', count);
    app.stderr!.on('data', count);
    const started = Date.now();
    while (!output.includes('demo logins') && app.exitCode === null && Date.now() - started < 300_000) await new Promise((done) => setTimeout(done, 250));
    if (!output.includes('demo logins')) throw new Error(`npm start did not become ready:\n${output.slice(-2000)}`);
    console.log(`ready after ${((Date.now() - started) / 1000).toFixed(1)} s (first start: migrations and demo data)`);
    await new Promise((done) => setTimeout(done, SETTLE_SECONDS * 1000));

    const roots = [app.pid!, redis.pid!];
    const cpuBefore = cpuSecondsOf(roots);
    const linesBefore = lines;
    const wallBefore = Date.now();
    const samples: number[] = [];
    let previous = cpuBefore;
    for (let second = 0; second < DURATION_SECONDS; second += 10) {
      await new Promise((done) => setTimeout(done, Math.min(10, DURATION_SECONDS - second) * 1000));
      const now = cpuSecondsOf(roots);
      samples.push(now - previous);
      previous = now;
    }
    const wall = (Date.now() - wallBefore) / 1000;
    const cpu = cpuSecondsOf(roots) - cpuBefore;
    const redisCpu = cpuSecondsOf([redis.pid!]);
    console.log(`idle for ${wall.toFixed(0)} s after ${SETTLE_SECONDS} s to settle:`);
    console.log(`  CPU ${((cpu / wall) * 100).toFixed(2)} % of one core (process tree incl. its redis-server; redis-server alone ${redisCpu.toFixed(2)} s since it started)`);
    console.log(`  per 10 s: ${samples.map((sample) => `${((sample / 10) * 100).toFixed(1)} %`).join(', ')}`);
    console.log(`  ${lines - linesBefore} log lines, ${((lines - linesBefore) / wall).toFixed(3)} a second`);
    if (lines > linesBefore) console.log(`  last lines:\n${output.split('\n').slice(-6).join('\n')}`);
  } finally {
    if (app?.pid) {
      try {
        process.kill(-app.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    redis.kill('SIGKILL');
    await new Promise((done) => setTimeout(done, 2000));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
