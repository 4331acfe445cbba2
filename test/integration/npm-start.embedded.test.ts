import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiClient } from '../helpers/test-server';

const ROOT = resolve(__dirname, '../..');

/** `npm start` on an empty data folder, as a newcomer runs it: embedded database, migrations, demo data, logins. */
describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'careline-start-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the API with demo data and prints the URL and every demo login', async () => {
    const port = 18_000 + (process.pid % 1000);
    child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', REDIS_PREFIX: `careline-start-test-${port}:` },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npm starts tsx, which starts node; stopping the group stops them all.
      detached: true,
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 110_000;
    while (!output.includes('demo logins') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((done) => setTimeout(done, 250));
    }
    expect(output).toContain(`careline is running at http://localhost:${port}`);
    for (const username of ['agent', 'supervisor', 'dealer', 'dealer.manager', 'quality', 'qa', 'admin']) {
      expect(output).toMatch(new RegExp(`\\s${username.replace('.', '\\.')}\\s`));
    }
    const client = new ApiClient(`http://127.0.0.1:${port}`);
    expect((await client.get('/readyz')).body).toMatchObject({ status: 'ready', driver: 'pglite' });
    await client.login('agent');
    const tickets = await client.get('/api/tickets?limit=100');
    expect(tickets.body.items.length).toBe(100);
    const dealers = await client.get('/api/dealers');
    expect(dealers.body.items.length).toBeGreaterThanOrEqual(60);
  }, 120_000);
});
