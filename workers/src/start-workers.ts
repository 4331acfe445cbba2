import { auditAlertEmitter, auditKeys, bullPrefix, type Config, createSmsSender, type SmsSender, type Database, loadConfig, failFastRedisOptions, jobRequest, loadInstallationId, reportRedisOutages, type MailOptions, QUEUES, relayOutboxBatch } from '@careline/shared/server';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { auditProcessor } from './audit/audit.processor';
import { resolve } from 'node:path';
import { housekeepingProcessor } from './housekeeping/housekeeping.processor';
import { reportsProcessor } from './reports/reports.processor';
import { createMailTransport, NOTIFICATION_JOB_RETRY, notificationJobBackoff, startMailPasses } from './notifications/mail-passes';
import { notificationsProcessor } from './notifications/notifications.processor';
import { outboxTarget } from './outbox/outbox-targets';
import { jobQueues } from './queues/job-queues';
import { listenForOutboxWrites } from './realtime/outbox-wakeup';
import { createTicketChangedEmitter } from './realtime/ticket-changed.emitter';
import { reconcileSlaTimers, slaProcessor } from './sla/sla-timers';
import { smsProcessor } from './sms/sms.processor';
import { reconcileRoadsideOfferTimers } from './roadside/roadside-offer-timers';

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
  /** How often the outbox relay looks for rows without being woken (a lost wake-up, a backoff come due); default 2 s. */
  relayEveryMs?: number;
  /** How often the new-vehicle campaign calls due are created (default hourly). */
  campaignCallbacksEveryMs?: number;
  /** How often every SLA timer is rebuilt from the database (besides at start). */
  reconcileEveryMs?: number;
  /** How often mail held for quiet hours or a digest is checked for being due. */
  scheduledMailEveryMs?: number;
  /** Business minutes a digest collects (default 60). */
  digestMinutes?: number;
  /**
   * How long a worker's claim on a job lasts without renewal: a worker that dies mid-job has its job retried by
   * another after this (BullMQ's stalled-job check). Default 30 s.
   */
  jobLockMs?: number;
  /** How often mail due for another attempt (or left `sending` by a dead worker) is looked for; default 30 s. */
  retryEveryMs?: number;
  /** Mail retry schedule and claim lease (NOTIFICATION_RETRY_HOURS sets the window; defaults: 30 s doubling to 30 min, 2 min lease). */
  mailRetry?: MailOptions['retry'];
  /** The time mail delivery goes by (tests move it forward; default the system clock). */
  clock?: () => Date;
  /**
   * Where checkpoints go and when the daily checkpoint and the nightly verification run (cron, China time); defaults
   * from the environment (AUDIT_CHECKPOINT_DIR, AUDIT_CHECKPOINT_CRON, AUDIT_VERIFY_CRON).
   */
  audit?: { checkpointDir?: string; checkpointCron?: string; verifyCron?: string };
  /** Where export files go (the API serves them from the same place: EXPORT_DIR); default ./data/exports. */
  exportDir?: string;
  /** How long export files are kept after they finished (housekeeping removes them); default 72 hours. */
  exportRetentionMs?: number;
  /** When the category suggestions are retrained on the confirmed history (cron, China time); default 03:30 nightly. */
  assistRetrainCron?: string;
  /** How often due report checkpoints (the 10th, the 20th, the month end) are looked for; default an hour. */
  checkpointsEveryMs?: number;
  /** How text messages go out (SMS_MODE, SMS_URL, SMS_MAIL_TO by default); `sender` replaces the configured one. */
  sms?: { mode?: Config['smsMode']; url?: string; mailTo?: string; sender?: SmsSender };
}

export interface RunningWorkers {
  /** This database's installation id: BullMQ's key prefix and every job id start with it. */
  installationId: string;
  queues: { audit: Queue; housekeeping: Queue; notifications: Queue; sla: Queue; reports: Queue; sms: Queue };
  /** Rebuild every SLA timer from the database now. */
  reconcile(): Promise<{ added: number; kept: number }>;
  /** One relay pass now (tests; the loop runs by itself). */
  relayOnce(): Promise<{ relayed: number; failed: number }>;
  /** Send the held mail that is due at `now` (tests; the loop runs by itself). */
  sendScheduledOnce(now?: Date): Promise<{ mails: number; notifications: number; failed: number }>;
  /** One mail retry pass now (tests; the loop runs by itself). */
  retryMailOnce(now?: Date): Promise<{ sent: number; retrying: number; failed: number }>;
  close(): Promise<void>;
}

/**
 * Starts every BullMQ processor. Runs inside `npm start` (one process, embedded database) or alone
 * (`npm run start:workers`, several instances against PostgreSQL): each job is taken by exactly one worker.
 */
export async function startWorkers(options: WorkersOptions): Promise<RunningWorkers> {
  const logger = options.logger.child({ component: 'workers' });
  const installationId = await loadInstallationId(options.db);
  // BullMQ workers block on Redis: their connection retries for ever (they only wait for jobs).
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  // Producers (the queues) fail fast instead: the relay keeps a row whose add failed and tries again later.
  const connection = new Redis(options.redisUrl, failFastRedisOptions({ commandTimeoutMs: 2000 }));
  reportRedisOutages(workerConnection, logger, 'workers');
  reportRedisOutages(connection, logger, 'queues');
  const prefix = bullPrefix(options.redisPrefix, installationId);
  const housekeeping = new Queue(QUEUES.housekeeping, { connection, prefix });
  const exportDir = options.exportDir ?? resolve('data/exports');
  const exportRetention = { exportDir, retentionMs: options.exportRetentionMs ?? 72 * 3_600_000 };
  const housekeepingWorker = new Worker(QUEUES.housekeeping, housekeepingProcessor(options.db, exportRetention, logger), { connection: workerConnection, prefix, concurrency: 1 });
  housekeepingWorker.on('failed', (job, error) => logger.error({ job: job?.id, err: error }, 'housekeeping failed'));

  const notifications = new Queue(QUEUES.notifications, {
    connection,
    prefix,
    // Completed jobs are kept a day so that a relayed row enqueued twice (same job id) is recognised and dropped.
    defaultJobOptions: { ...NOTIFICATION_JOB_RETRY, removeOnComplete: { age: 86_400 }, removeOnFail: false },
  });
  const transport = createMailTransport(options.smtpUrl);
  const mailOptions = { publicUrl: options.publicUrl, from: options.mailFrom ?? 'careline <noreply@careline.example.cn>', digestMinutes: options.digestMinutes, retry: options.mailRetry };
  const lock = options.jobLockMs ? { lockDuration: options.jobLockMs, stalledInterval: options.jobLockMs } : {};
  const notificationsWorker = new Worker(QUEUES.notifications, notificationsProcessor(options.db, transport, mailOptions, logger, options.clock), {
    connection: workerConnection,
    prefix,
    concurrency: 4,
    settings: { backoffStrategy: notificationJobBackoff },
    ...lock,
  });
  notificationsWorker.on('failed', (job, error) => logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: error }, 'notification failed'));

  // Timers fire once and are removed, so a clock's deterministic job id is free again when its due time moves.
  const sla = new Queue(QUEUES.sla, { connection, prefix, defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 } });
  // The audit record: a signed checkpoint of the chain heads daily, a verification of everything nightly.
  const auditDefaults = loadConfig();
  const auditOptions = {
    checkpointDir: options.audit?.checkpointDir ?? auditDefaults.auditCheckpointDir,
    checkpointCron: options.audit?.checkpointCron ?? auditDefaults.auditCheckpointCron,
    verifyCron: options.audit?.verifyCron ?? auditDefaults.auditVerifyCron,
  };
  const audit = new Queue(QUEUES.audit, { connection, prefix, defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 100 } });
  const auditWorker = new Worker(
    QUEUES.audit,
    auditProcessor(options.db, { keys: auditKeys, checkpointDir: auditOptions.checkpointDir, publicUrl: options.publicUrl, live: auditAlertEmitter(connection, options.redisPrefix) }, logger),
    { connection: workerConnection, prefix, concurrency: 1, ...(options.jobLockMs ? { lockDuration: Math.max(options.jobLockMs, 60_000) } : { lockDuration: 120_000 }) },
  );
  auditWorker.on('failed', (job, error) => logger.error({ job: job?.id, err: error }, 'audit job failed'));
  // Every job is added through the registry: its name picks its payload type and its queue.
  // Checkpoints and export files: one job at a time per worker (an export streams a whole file).
  const reports = new Queue(QUEUES.reports, { connection, prefix, defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 1000 } });
  const reportsWorker = new Worker(QUEUES.reports, reportsProcessor(options.db, { exportDir, publicUrl: options.publicUrl }, logger), {
    connection: workerConnection,
    prefix,
    concurrency: 1,
    ...lock,
  });
  reportsWorker.on('failed', (job, error) => logger.warn({ job: job?.id, err: error }, 'reports job failed'));
  // Customers' text messages: a failed gateway call is retried by the job (the sms_messages row counts the attempts).
  const sms = new Queue(QUEUES.sms, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 86_400 }, removeOnFail: 1000 },
  });
  const smsSender =
    options.sms?.sender ??
    createSmsSender({
      mode: options.sms?.mode ?? auditDefaults.smsMode,
      url: options.sms?.url ?? auditDefaults.smsUrl,
      mailTo: options.sms?.mailTo ?? auditDefaults.smsMailTo,
      mailFrom: mailOptions.from,
      transport,
      log: (entry, message) => logger.info({ sms: entry }, message),
    });
  const smsWorker = new Worker(QUEUES.sms, smsProcessor(options.db, smsSender, { publicUrl: options.publicUrl }, logger), { connection: workerConnection, prefix, concurrency: 4, ...lock });
  smsWorker.on('failed', (job, error) => logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: error }, 'sms job failed'));
  const jobs = jobQueues({ audit, housekeeping, notifications, sla, reports, sms });
  await jobs.repeat('take-checkpoints', options.checkpointsEveryMs ?? 60 * 60 * 1000, jobRequest('take-checkpoints', { task: 'take-checkpoints' }));
  await jobs.repeat('purge-expired', options.housekeepingEveryMs ?? 60 * 60 * 1000, jobRequest('purge-expired', { task: 'purge-expired' }));
  await jobs.repeat('generate-campaign-callbacks', options.campaignCallbacksEveryMs ?? 60 * 60 * 1000, jobRequest('generate-campaign-callbacks', { task: 'generate-campaign-callbacks' }));
  await jobs.repeat('assist-retrain', { pattern: options.assistRetrainCron ?? '30 3 * * *', tz: 'Asia/Shanghai' }, jobRequest('assist-retrain', { task: 'assist-retrain' }));
  await jobs.repeat('audit-checkpoint', { pattern: auditOptions.checkpointCron, tz: 'Asia/Shanghai' }, jobRequest('audit-checkpoint', { task: 'audit-checkpoint' }));
  await jobs.repeat('audit-verify', { pattern: auditOptions.verifyCron, tz: 'Asia/Shanghai' }, jobRequest('audit-verify', { task: 'audit-verify' }));
  const slaTimers = { jobs, installationId };
  const slaWorker = new Worker(QUEUES.sla, slaProcessor(options.db, () => slaTimers, logger), { connection: workerConnection, prefix, concurrency: 4, ...lock });
  slaWorker.on('failed', (job, error) => logger.warn({ job: job?.id, err: error }, 'sla job failed'));
  const reconcile = async () => {
    const result = await reconcileSlaTimers(options.db, slaTimers, logger);
    // Rescue offers' timeouts are timers too (the sla queue runs them): rebuilt from their rows alike.
    await reconcileRoadsideOfferTimers(options.db, slaTimers, logger);
    return result;
  };
  await reconcile();

  // Mail held for quiet hours or a digest, and mail due for another attempt: the rows are the schedule.
  const mailPasses = startMailPasses({
    db: options.db,
    transport,
    mail: mailOptions,
    logger,
    scheduledEveryMs: options.scheduledMailEveryMs,
    retryEveryMs: options.retryEveryMs,
    clock: options.clock,
  });
  const reconcileTimer = setInterval(() => {
    reconcile().catch((error: unknown) => logger.error({ err: error }, 'sla reconcile failed'));
  }, options.reconcileEveryMs ?? 5 * 60_000);

  const ticketChanged = createTicketChangedEmitter({ redisUrl: options.redisUrl, redisPrefix: options.redisPrefix });
  // The connections report an outage once (above); BullMQ would print each failed reconnect of each queue and worker.
  for (const queue of [audit, housekeeping, notifications, sla, reports, sms]) queue.on('error', (error) => logger.debug({ err: error }, 'bullmq queue error'));
  for (const worker of [auditWorker, housekeepingWorker, notificationsWorker, slaWorker, reportsWorker, smsWorker]) worker.on('error', (error) => logger.debug({ err: error }, 'bullmq worker error'));
  const relayTarget = outboxTarget({ installationId, jobs, ticketChanged, logger });
  // A malformed row stays pending with its reason (the stuck outbox page lists it) and is logged at each attempt.
  const relayOnce = () =>
    relayOutboxBatch(options.db, relayTarget, undefined, (error) => logger.error({ outboxId: error.row.id, topic: error.row.topic, err: error }, 'malformed outbox row not relayed'));
  let relaying = false;
  let stopped = false;
  // A wake-up during a pass asks for one more pass, so a commit landing just after the SELECT waits no poll interval.
  let again = false;
  const relaySoon = () => {
    if (stopped) return;
    if (relaying) {
      again = true;
      return;
    }
    relaying = true;
    void (async () => {
      try {
        do {
          again = false;
          const pass = await relayOnce();
          if (pass.relayed + pass.failed >= 100) again = true; // a full batch: more may be waiting
        } while (again && !stopped);
      } catch (error) {
        logger.error({ err: error }, 'outbox relay pass failed');
      } finally {
        relaying = false;
      }
    })();
  };
  // Woken at each commit that wrote outbox rows; the poll is the safety net (a lost notification, a backoff come due).
  const wakeup = await listenForOutboxWrites(options.db, relaySoon, logger);
  // Every 250 ms, this poll alone cost an idle embedded `npm start` about 3 % of a core (bench/RESULTS.md, idle).
  const relayTimer = setInterval(relaySoon, options.relayEveryMs ?? 2000);

  logger.info('workers started');
  return {
    installationId,
    queues: { audit, housekeeping, notifications, sla, reports, sms },
    relayOnce,
    reconcile,
    sendScheduledOnce: mailPasses.sendScheduledOnce,
    retryMailOnce: mailPasses.retryOnce,
    close: async () => {
      stopped = true;
      clearInterval(relayTimer);
      await wakeup.close();
      clearInterval(reconcileTimer);
      await mailPasses.close();
      while (relaying) await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.all([auditWorker.close(), housekeepingWorker.close(), notificationsWorker.close(), slaWorker.close(), reportsWorker.close(), smsWorker.close()]);
      await Promise.all([audit.close(), housekeeping.close(), notifications.close(), sla.close(), reports.close(), sms.close()]);
      transport.close();
      await ticketChanged.close();
      connection.disconnect();
      workerConnection.disconnect();
    },
  };
}
