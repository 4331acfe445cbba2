import { bullPrefix, type Database, QUEUES, relayOutboxBatch } from '@careline/shared/server';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import { housekeepingProcessor } from './housekeeping/housekeeping.processor';
import { notificationsProcessor } from './notifications/notifications.processor';
import { reconcileSlaTimers, slaProcessor } from './sla/sla-timers';

export interface WorkersOptions {
  db: Database;
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  /** How often housekeeping runs; an hour in production, shorter in tests. */
  housekeepingEveryMs?: number;
  /** Where mail goes (smtp://host:port); the in-process catcher in `npm start`. */
  smtpUrl: string;
  mailFrom?: string;
  publicUrl: string;
  /** How often the outbox relay looks for new rows. */
  relayEveryMs?: number;
  /** How often every SLA timer is rebuilt from the database (besides at start). */
  reconcileEveryMs?: number;
}

export interface RunningWorkers {
  queues: { housekeeping: Queue; notifications: Queue; sla: Queue };
  /** Rebuild every SLA timer from the database now. */
  reconcile(): Promise<{ added: number; kept: number }>;
  /** One relay pass now (tests; the loop runs by itself). */
  relayOnce(): Promise<{ relayed: number; failed: number }>;
  close(): Promise<void>;
}

/**
 * Starts every BullMQ processor. Runs inside `npm start` (one process, embedded database) or alone
 * (`npm run start:workers`, several instances against PostgreSQL): each job is taken by exactly one worker.
 */
export async function startWorkers(options: WorkersOptions): Promise<RunningWorkers> {
  // BullMQ workers block on Redis: they need their own connection that retries forever.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const prefix = bullPrefix(options.redisPrefix);
  const logger = options.logger.child({ component: 'workers' });
  const housekeeping = new Queue(QUEUES.housekeeping, { connection, prefix });
  await housekeeping.upsertJobScheduler(
    'purge-expired',
    { every: options.housekeepingEveryMs ?? 60 * 60 * 1000 },
    { name: 'purge-expired', data: { task: 'purge-expired' } },
  );
  const housekeepingWorker = new Worker(QUEUES.housekeeping, housekeepingProcessor(options.db, logger), { connection, prefix, concurrency: 1 });
  housekeepingWorker.on('failed', (job, error) => logger.error({ job: job?.id, err: error }, 'housekeeping failed'));

  const notifications = new Queue(QUEUES.notifications, {
    connection,
    prefix,
    // Completed jobs are kept a day so that a relayed row enqueued twice (same job id) is recognised and dropped.
    defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 86_400 }, removeOnFail: false },
  });
  const transport = createTransport(options.smtpUrl);
  const notificationsWorker = new Worker(
    QUEUES.notifications,
    notificationsProcessor(options.db, transport, { publicUrl: options.publicUrl, from: options.mailFrom ?? 'careline <noreply@careline.example.cn>' }, logger),
    { connection, prefix, concurrency: 4 },
  );
  notificationsWorker.on('failed', (job, error) => logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: error }, 'notification failed'));

  // Timers fire once and are removed, so a clock's deterministic job id is free again when its due time moves.
  const sla = new Queue(QUEUES.sla, { connection, prefix, defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 } });
  const slaWorker = new Worker(QUEUES.sla, slaProcessor(options.db, () => sla, logger), { connection, prefix, concurrency: 4 });
  slaWorker.on('failed', (job, error) => logger.warn({ job: job?.id, err: error }, 'sla job failed'));
  const reconcile = () => reconcileSlaTimers(options.db, sla, logger);
  await reconcile();
  const reconcileTimer = setInterval(() => {
    reconcile().catch((error: unknown) => logger.error({ err: error }, 'sla reconcile failed'));
  }, options.reconcileEveryMs ?? 5 * 60_000);

  const relayOnce = () =>
    relayOutboxBatch(options.db, async (row) => {
      // The outbox id is the job id: a row relayed twice (crash after enqueue, before commit) is one job.
      if (row.topic === 'sla.changed') {
        await sla.add('reschedule', { kind: 'reschedule', ticketId: row.ticketId! }, { jobId: `outbox-${row.id}` });
        return;
      }
      await notifications.add(row.topic, { outboxId: row.id, topic: row.topic, ticketId: row.ticketId, payload: row.payload }, { jobId: `outbox-${row.id}` });
    });
  let relaying = false;
  let stopped = false;
  const relayTimer = setInterval(() => {
    if (relaying || stopped) return;
    relaying = true;
    relayOnce()
      .catch((error: unknown) => logger.error({ err: error }, 'outbox relay pass failed'))
      .finally(() => {
        relaying = false;
      });
  }, options.relayEveryMs ?? 250);

  logger.info('workers started');
  return {
    queues: { housekeeping, notifications, sla },
    relayOnce,
    reconcile,
    close: async () => {
      stopped = true;
      clearInterval(relayTimer);
      clearInterval(reconcileTimer);
      while (relaying) await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.all([housekeepingWorker.close(), notificationsWorker.close(), slaWorker.close()]);
      await Promise.all([housekeeping.close(), notifications.close(), sla.close()]);
      transport.close();
      connection.disconnect();
    },
  };
}
