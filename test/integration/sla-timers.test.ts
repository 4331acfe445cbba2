import type { Actor } from '@careline/shared';
import { acknowledgeTicket, bullPrefix, createTicket, dispatchTicket, pendTicket, QUEUES, resumeTicket, verifyTicketAudit } from '@careline/shared/server';
import { type Job, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { RunningWorkers } from '../../workers/src/start-workers';
import { actorOfUser, type Fixtures, fixtures } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { startTestServer, TEST_REDIS_URL, type TestServer } from '../helpers/test-server';
import { startTestWorkers } from '../helpers/test-workers';

/** Warnings and breaches fire from delayed jobs; the database is the truth, so losing Redis loses no deadline. */
let server: TestServer;
let fixture: Fixtures;
let agent: Actor;
let dealer: Actor;
let workers: RunningWorkers | null = null;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

const start = () => startTestWorkers(server, sink.url);

const actorOf = (username: string) => actorOfUser(server, username);

beforeAll(async () => {
  server = await startTestServer();
  fixture = await fixtures(server);
  // Open around the clock, so the mail here is never held for working hours (quiet hours: escalation.test.ts).
  await server.query(`update calendars set always_open = true`);
  agent = await actorOf('agent');
  dealer = await actorOf(fixture.dealerA.username);
  sink = await startSmtpSink();
});

afterAll(async () => {
  await workers?.close();
  await sink?.close();
  await server?.close();
});

/** A dispatched complaint whose acknowledge clock warns and falls due within the next moments. */
async function ticketDueSoon(warnInMs: number, dueInMs: number) {
  const db = server.database.db;
  const { ticket } = await createTicket({
    db, actor: agent,
    input: { type: 'complaint', channel: 'phone', categoryId: fixture.complaintCategory.id, contactName: '张伟', contactPhone: '13812345678', subject: '异响', description: '冷启动异响', dispatch: 'hold' } as never,
  });
  const dispatched = await dispatchTicket({ db, actor: agent, ticketId: ticket.id, request: { version: ticket.version, dealerId: fixture.dealerA.id } });
  // A policy measured in minutes would make a slow test; the clock's own row is what the timers read.
  await server.query(
    `update sla_milestones set warn_at = now() + make_interval(secs => $2::double precision / 1000), due_at = now() + make_interval(secs => $3::double precision / 1000)
     where ticket_id = $1 and clock = 'acknowledge'`,
    [ticket.id, warnInMs, dueInMs],
  );
  return dispatched;
}

async function slaEvents(ticketId: string, until: (types: string[]) => boolean, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let types: string[] = [];
  while (Date.now() < deadline) {
    types = (await server.query<{ type: string }>(`select type from ticket_events where ticket_id = $1 and type like 'sla_%' order by sequence`, [ticketId])).map((row) => row.type);
    if (until(types)) return types;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return types;
}

describe('SLA timers', () => {
  it('warn and then breach, on the ticket’s history and state', async () => {
    workers = await start();
    const ticket = await ticketDueSoon(1500, 2500);
    await workers.reconcile();
    expect(await slaEvents(ticket.id, (types) => types.includes('sla_breached'))).toEqual(['sla_warning', 'sla_breached']);
    const [row] = await server.query<{ sla_state: string; breached_clocks: string[] }>(`select sla_state, breached_clocks from tickets where id = $1`, [ticket.id]);
    expect(row).toEqual({ sla_state: 'breached', breached_clocks: ['acknowledge'] });
    // The chain holds; the clock's warning and due times differ from it only because this test moved them by SQL
    // (verification names exactly those: the figures are on the chain).
    const audit = await verifyTicketAudit(server.database.db, ticket.id);
    expect(audit?.problems.filter((problem) => problem.table === null)).toEqual([]);
    expect(audit?.problems.map((problem) => `${problem.table}.${problem.field}`).sort()).toEqual(['sla_milestones.dueAt', 'sla_milestones.warnAt']);
    // The owner hears of both, by mail.
    const [{ notification_emails: [to] }] = await server.query<{ notification_emails: string[] }>(`select notification_emails from dealers where id = $1`, [fixture.dealerA.id]);
    const warning = await sink.waitFor((mail) => (mail.subject?.includes(ticket.number) ?? false) && (mail.subject?.includes('时限预警') ?? false));
    const breach = await sink.waitFor((mail) => (mail.subject?.includes(ticket.number) ?? false) && (mail.subject?.startsWith('【careline】已超时') ?? false));
    expect((breach.to as { text: string }).text).toContain(to);
    expect(breach.text).toContain('「接单」时限');
    expect(warning.text).toContain('即将到期');
  });

  it('a clock met before its moment never fires', async () => {
    const ticket = await ticketDueSoon(800, 1200);
    await workers!.reconcile();
    await acknowledgeTicket({ db: server.database.db, actor: dealer, ticketId: ticket.id, request: { version: ticket.version } });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await slaEvents(ticket.id, () => false, 0)).toEqual([]);
  });

  it('a clock paused for the customer does not breach', async () => {
    const ticket = await ticketDueSoon(600, 1000);
    const acknowledged = await acknowledgeTicket({ db: server.database.db, actor: dealer, ticketId: ticket.id, request: { version: ticket.version } });
    await server.query(
      `update sla_milestones set warn_at = now() + interval '600 milliseconds', due_at = now() + interval '1 second' where ticket_id = $1 and clock = 'resolve'`,
      [ticket.id],
    );
    await pendTicket({ db: server.database.db, actor: dealer, ticketId: ticket.id, request: { version: acknowledged.version } });
    await workers!.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await slaEvents(ticket.id, () => false, 0)).toEqual([]);
  });

  it('a paused clock has no live timer, nothing fires for it, and resuming schedules it at its moved moment', async () => {
    const ticket = await ticketDueSoon(60_000, 120_000);
    const acknowledged = await acknowledgeTicket({ db: server.database.db, actor: dealer, ticketId: ticket.id, request: { version: ticket.version } });
    const [resolveClock] = await server.query<{ id: string }>(`select id from sla_milestones where ticket_id = $1 and clock = 'resolve'`, [ticket.id]);
    const [{ id: installationId }] = await server.query<{ id: string }>(`select id from installation`);
    const breachJobId = `${installationId}-sla-${resolveClock.id}-breach`;
    const sla = workers!.queues.sla;
    await workers!.reconcile();
    expect(await sla.getJobState(breachJobId)).toBe('delayed');

    const events = new QueueEvents(QUEUES.sla, { connection: { url: TEST_REDIS_URL }, prefix: bullPrefix(server.context.config.redisPrefix, installationId) });
    await events.waitUntilReady();
    const added: string[] = [];
    try {
      const pended = await pendTicket({ db: server.database.db, actor: dealer, ticketId: ticket.id, request: { version: acknowledged.version } });
      // The pause reaches the timers through the outbox: the clock's timers are taken down, long before their moment.
      const deadline = Date.now() + 10_000;
      while ((await sla.getJobState(breachJobId)) !== 'unknown' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await sla.getJobState(breachJobId)).toBe('unknown');
      // Every job added to the SLA queue from now on (a paused clock's timer that fires and is set again shows here).
      events.on('added', ({ jobId }) => added.push(jobId));
      // The pause outlasts the clock's moments: neither the periodic rebuild nor anything else sets a timer for it.
      await server.query(`update sla_milestones set warn_at = now() + interval '300 milliseconds', due_at = now() + interval '600 milliseconds' where id = $1`, [resolveClock.id]);
      await workers!.reconcile();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await workers!.reconcile();
      const pausedJobs = (await sla.getJobs(['delayed', 'wait', 'active', 'prioritized'])).filter((job: Job) => job.id?.includes(resolveClock.id));
      expect(pausedJobs).toEqual([]);
      expect(added.filter((jobId) => jobId.includes(resolveClock.id))).toEqual([]);
      expect(await slaEvents(ticket.id, () => false, 0)).toEqual([]);

      // Resuming moves the clock on by the pause and schedules its timer for the moved moment, not for now (its moment
      // put back an hour ahead first, so that the timer waits to be looked at).
      await server.query(`update sla_milestones set warn_at = now() + interval '50 minutes', due_at = now() + interval '1 hour' where id = $1`, [resolveClock.id]);
      await resumeTicket({ db: server.database.db, actor: dealer, ticketId: ticket.id, request: { version: pended.version } });
      const [moved] = await server.query<{ due_at: Date }>(`select due_at from sla_milestones where id = $1`, [resolveClock.id]);
      let job: Job | undefined;
      for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
        job = await sla.getJob(breachJobId);
        if (job) break;
      }
      expect(job?.data.at).toBe(new Date(moved.due_at).toISOString());
      expect(await job!.getState()).toBe('delayed');
      expect(job!.timestamp + job!.opts.delay!).toBeGreaterThanOrEqual(new Date(moved.due_at).getTime() - 1000);
    } finally {
      await events.close();
    }
  });

  it('still breaches after Redis lost every timer: the reconciler rebuilds them from the database', async () => {
    const ticket = await ticketDueSoon(2000, 3000);
    await workers!.reconcile();
    await workers!.close();
    workers = null;
    // What FLUSHALL does to this deployment: every key under its prefix gone (other tests share this Redis).
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${server.context.config.redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    expect(await redis.keys(`${server.context.config.redisPrefix}*`)).toEqual([]);
    redis.disconnect();
    workers = await start();
    expect(await slaEvents(ticket.id, (types) => types.includes('sla_breached'))).toEqual(['sla_warning', 'sla_breached']);
  });
});
