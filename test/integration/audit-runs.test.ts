/**
 * Verification as QA runs it: no false alarm while tickets are being written (one snapshot), checkpoints written,
 * listed, downloaded and checked with the public key alone, runs kept, and a broken run alerting QA and admins by mail
 * (through the real workers and SMTP) and live (socket.io, `qa` and `admins` rooms).
 */
import { createPublicKey, verify } from 'node:crypto';
import type { TAuditBrokenEvent } from '@careline/shared';
import { verifyAllAudits } from '@careline/shared/server';
import { dispatchedComplaint, type Fixtures, fixtures } from '../helpers/factories';
import { RealtimeClient, sessionCookie } from '../helpers/realtime-client';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { startTestWorkers } from '../helpers/test-workers';
import { type ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let fixture: Fixtures;
let agent: ApiClient;
let qa: ApiClient;
let admin: ApiClient;
let dealer: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ realtime: true });
  fixture = await fixtures(server);
  agent = await signedIn(server, 'agent');
  qa = await signedIn(server, 'qa');
  admin = await signedIn(server, 'admin');
  dealer = await signedIn(server, fixture.dealerA.username);
  await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
});

afterAll(() => server?.close());

describe('verification while tickets are being written', () => {
  it('raises no false alarm: each verification reads one consistent snapshot', async () => {
    const busy = await Promise.all([0, 1, 2, 3].map(() => dispatchedComplaint(agent, fixture, fixture.dealerA.id)));
    let writing = true;
    let written = 0;
    // Three writers append notes to the same few tickets (each note moves the ticket's head and adds an event)
    // while verification reads: outside one snapshot, a head read before a note and the events read after it differ.
    const writers = [0, 1, 2].map(async (writer) => {
      for (let round = 0; writing; round += 1) {
        const ticket = busy[(writer + round) % busy.length];
        const note = await dealer.post(`/api/tickets/${ticket.id}/notes`, { visibility: 'dealer', body: `跟进 ${writer}-${round}` });
        expect(note.status).toBe(201);
        written += 1;
      }
    });
    const reports = [];
    // Pages of one ticket and two events: many round trips, each a chance to see a write that came after the first.
    for (let round = 0; round < 12; round += 1) reports.push(await verifyAllAudits(server.database.db, { ticketPageSize: 1, eventPageSize: 2 }));
    writing = false;
    await Promise.all(writers);
    // On PostgreSQL the writers run between the verifications' statements (without the snapshot this test fails there);
    // embedded PGlite has one connection, so there they take turns with whole verifications.
    expect(written).toBeGreaterThan(0);
    for (const report of reports) expect(report).toMatchObject({ problemCount: 0, problems: [] });
    const after = await qa.get('/api/audit/verify');
    expect(after.body).toMatchObject({ ok: true, uncoveredTickets: 0 });
    expect(after.body.events).toBeGreaterThan(reports[0].events);
  });
});

describe('checkpoints', () => {
  it('are written on demand, listed, downloaded and checked with the public key alone', async () => {
    const created = await qa.post('/api/audit/checkpoints', {});
    expect(created.status).toBe(201);
    const [{ count }] = await server.query<{ count: number }>('select count(*)::int as count from tickets');
    expect(created.body.ticketCount).toBe(count);
    const list = await admin.get('/api/audit/checkpoints');
    expect(list.body.checkpoints[0]).toMatchObject({ id: created.body.id, valid: true, digest: created.body.digest });

    const download = await qa.get(`/api/audit/checkpoints/${created.body.id}`);
    const key = await qa.get('/api/audit/public-key');
    expect(key.body.fingerprint).toBe(download.body.publicKeyFingerprint);
    // What QA does offline: the file's exact bytes, its signature, the public key — no secret.
    const publicKey = createPublicKey(key.body.publicKeyPem);
    expect(verify(null, Buffer.from(download.body.text, 'utf8'), publicKey, Buffer.from(download.body.signature, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from(download.body.text.replace(/"events": \d+/, '"events": 999'), 'utf8'), publicKey, Buffer.from(download.body.signature, 'base64'))).toBe(false);
    const body = JSON.parse(download.body.text);
    expect(body).toMatchObject({ format: 'careline-audit-checkpoint/1', id: created.body.id, ticketCount: count });
    const [someTicket] = await server.query<{ id: string; number: string; audit_event_count: number; audit_head_hash: string }>(
      'select id, number, audit_event_count, audit_head_hash from tickets order by id limit 1',
    );
    expect(body.tickets[0]).toEqual({ ticketId: someTicket.id, number: someTicket.number, events: someTicket.audit_event_count, head: someTicket.audit_head_hash });
  });

  it('answers bad input with 4xx, and only to QA and admins', async () => {
    expect((await qa.get('/api/audit/checkpoints/..%2F..%2Fetc%2Fpasswd')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await qa.get('/api/audit/checkpoints/cp-20260101T000000000Z-00000000')).status).toBe(404);
    expect((await qa.post('/api/audit/runs', { checkpointId: 'cp-20260101T000000000Z-00000000' })).status).toBe(404);
    expect((await qa.post('/api/audit/runs', { checkpointId: 'nope' })).status).toBe(400);
    expect((await qa.get('/api/audit/runs/not-a-uuid')).status).toBe(400);
    expect((await qa.get('/api/audit/runs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await dealer.get('/api/audit/checkpoints')).status).toBe(403);
    expect((await agent.post('/api/audit/checkpoints', {})).status).toBe(403);
    expect((await agent.get('/api/audit/public-key')).status).toBe(403);
  });

  it('a checkpoint altered on disk is refused and said', async () => {
    const created = (await qa.post('/api/audit/checkpoints', {})).body;
    const { readFileSync, writeFileSync } = await import('node:fs');
    const path = `${server.context.config.auditCheckpointDir}/${created.id}.json`;
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"events": (\d+)/, (_match, events) => `"events": ${Number(events) + 1}`));
    expect((await qa.get(`/api/audit/checkpoints/${created.id}`)).body.valid).toBe(false);
    const report = await qa.get('/api/audit/verify');
    expect(report.body).toMatchObject({ ok: false, problemCount: 0 });
    expect(report.body.checkpointError).toContain(created.id);
    // Put back, so the tests after this one see a clean record.
    const { rmSync } = await import('node:fs');
    rmSync(path);
    rmSync(`${path}.sig`);
  });
});

describe('a broken run', () => {
  let smtp: SmtpSink;
  let workers: Awaited<ReturnType<typeof startTestWorkers>>;
  afterAll(async () => {
    await workers?.close();
    await smtp?.close();
  });

  it('mails QA and admins and tells the qa and admins rooms live, not agents', async () => {
    smtp = await startSmtpSink();
    workers = await startTestWorkers(server, smtp.url, { retryEveryMs: 200 });
    const heard = (username: string) =>
      sessionCookie(server.url, username).then(async (cookie) => {
        const client = new RealtimeClient(server.url, { cookie });
        const events: TAuditBrokenEvent[] = [];
        client.socket.on('audit.broken', (event) => events.push(event));
        await client.connect();
        return { client, events };
      });
    const [qaSocket, adminSocket, agentSocket] = await Promise.all([heard('qa'), heard('admin'), heard('agent')]);

    const ticket = await dispatchedComplaint(agent, fixture, fixture.dealerA.id);
    await server.query(`update tickets set dispatched_at = dispatched_at - interval '1 day' where id = $1`, [ticket.id]);
    const run = await qa.post('/api/audit/runs', {});
    expect(run.body).toMatchObject({ ok: false, problemCount: 1, problems: [expect.objectContaining({ ticketId: ticket.id, table: 'tickets', field: 'dispatchedAt' })] });

    const [qaMail] = await server.query<{ email: string }>(`select email from users where username = 'qa'`);
    const mail = await smtp.waitFor((candidate) => (candidate.to as { text: string }).text.includes(qaMail.email));
    expect(mail.subject).toMatch(/审计校验未通过|Audit verification failed/);
    expect(mail.text).toContain(ticket.number);
    expect(mail.text).toContain(run.body.id);

    const deadline = Date.now() + 15_000;
    while ((qaSocket.events.length === 0 || adminSocket.events.length === 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(qaSocket.events).toEqual([expect.objectContaining({ runId: run.body.id, problemCount: 1 })]);
    expect(adminSocket.events).toEqual([expect.objectContaining({ runId: run.body.id })]);
    // The agent's socket was connected all along and heard nothing (its events arrive in order with the others').
    expect(agentSocket.events).toEqual([]);
    for (const socket of [qaSocket, adminSocket, agentSocket]) socket.client.close();
  });

  it('runs nightly on a job scheduler, and on demand through the workers’ queue', async () => {
    const schedulers = await workers.queues.audit.getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key).sort()).toEqual(['audit-checkpoint', 'audit-verify']);
    expect(schedulers.every((scheduler) => scheduler.tz === 'Asia/Shanghai' && typeof scheduler.pattern === 'string')).toBe(true);
    const job = await workers.queues.audit.add('audit-verify', { task: 'audit-verify' });
    const deadline = Date.now() + 30_000;
    while (!(await job.isCompleted()) && !(await job.isFailed()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await job.isCompleted()).toBe(true);
    const [latest] = (await qa.get('/api/audit/runs')).body.runs;
    expect(latest).toMatchObject({ trigger: 'nightly', ok: false, problemCount: 1 });
  });
});
