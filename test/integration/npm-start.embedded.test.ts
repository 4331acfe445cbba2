import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiClient } from '../helpers/test-server';
import { generateSync } from 'otplib';

const ROOT = resolve(__dirname, '../..');

/** `npm start` on an empty data folder, as a newcomer runs it: embedded database, migrations, demo data, logins. */
describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'careline-start-'));
  let child: ChildProcess | undefined;
  afterAll(async () => {
    // Stopped, and waited for until its output closes (npm, tsx and node all gone), so that no start outlives the file
    // and holds its pipes open in jest's worker.
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      const pid = child.pid;
      const closed = new Promise<void>((done) => child!.once('close', () => done()));
      process.kill(-pid, 'SIGTERM');
      const kill = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 30_000);
      await closed;
      clearTimeout(kill);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 40_000);

  it('serves the API with demo data and prints the URL and every demo login', async () => {
    const port = 18_000 + (process.pid % 1000);
    child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        SMTP_URL: '',
        SMTP_CATCHER_PORT: String(port + 1),
        LOG_LEVEL: 'warn',
        REDIS_PREFIX: `careline-start-test-${port}:`,
        // A smaller demo than the default 520 tickets: the same start, a quarter of the seeding (the generator and
        // its full size are the demo-data unit test's).
        DEMO_TICKETS: '130',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npm starts tsx, which starts node; stopping the group stops them all.
      detached: true,
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A liveness bound, not a timing: a first start builds nothing here (the run's global setup built the console),
    // migrates and plays the demo tickets through the commands on PGlite, on a core shared with a browser test.
    const deadline = Date.now() + 240_000;
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

    // A complaint routed on save is mailed to its dealer; the in-process catcher shows it to admins. P1, because
    // mail for anything less waits for the dealer's working hours (quiet hours), and this test runs at any hour.
    const [customer] = (await client.get(`/api/customers/lookup?phone=${tickets.body.items.find((item: { customer: unknown }) => item.customer).customer.phone}`)).body.items;
    const vehicle = customer.vehicles[0];
    const categories = (await client.get('/api/categories')).body.items;
    const category = categories.find((item: { code: string }) => item.code === 'C-COMPLAINT-PRODUCT-ENGINE-NOISE');
    const created = await client.post('/api/tickets', {
      type: 'complaint', categoryId: category.id, customerId: customer.id, vehicleId: vehicle.id,
      contactName: customer.name, contactPhone: customer.phone, subject: '发动机异响', description: '冷启动异响', priority: 'P1',
    });
    expect(created.body.ticket.status).toBe('dispatched');
    const admin = await new ApiClient(`http://127.0.0.1:${port}`).login('admin');
    // Admins must sign in with TOTP by default (MFA_REQUIRED_ROLES): the demo admin enrols at the first sign-in.
    const enrolment = await admin.post('/api/auth/mfa/enrol');
    expect((await admin.post('/api/auth/mfa/confirm', { code: generateSync({ secret: enrolment.body.secret }) })).status).toBe(200);
    let mails: Array<{ subject: string }> = [];
    for (let attempt = 0; attempt < 100 && !mails.some((mail) => mail.subject.includes(created.body.ticket.number)); attempt += 1) {
      await new Promise((done) => setTimeout(done, 200));
      mails = (await admin.get('/api/admin/mails')).body.items;
    }
    expect(mails.find((mail) => mail.subject.includes(created.body.ticket.number))?.subject).toContain('新工单派发');
  }, 300_000);
});
