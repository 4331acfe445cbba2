import { type Database, type MailOptions, type MailTransport, retryDueNotifications, sendScheduledNotifications } from '@careline/shared/server';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';

/**
 * The SMTP transport of the workers. Every wait is bounded well inside the lease on a claimed mail (two minutes by
 * default): an attempt that hangs on a silent server ends, and is recorded, before another worker may take the
 * mail over — otherwise both could reach the server once it answers.
 */
export function createMailTransport(smtpUrl: string) {
  return createTransport({ url: smtpUrl, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 45_000 });
}

export interface MailPassesOptions {
  db: Database;
  transport: MailTransport;
  mail: MailOptions;
  logger: Logger;
  /** How often mail held for quiet hours or a digest is checked for being due (default 30 s). */
  scheduledEveryMs?: number;
  /** How often mail due for another attempt, or abandoned by a dead worker, is looked for (default 30 s). */
  retryEveryMs?: number;
  /** The time the passes go by (tests move it forward; default the system clock). */
  clock?: () => Date;
}

/** A pass run every `everyMs`, never two at once; `close` waits for the one under way. */
function repeat(run: () => Promise<unknown>, everyMs: number, logger: Logger, what: string) {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = run()
      .catch((error: unknown) => logger.error({ err: error }, `${what} failed`))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * The workers' periodic mail passes: scheduled mail (quiet hours, digests) that has come due, and the retry pass
 * (failed attempts whose next try is due, claims left behind by a dead worker). The database rows are the schedule:
 * nothing about them waits in Redis, and with nothing due a pass is one indexed query.
 */
export function startMailPasses(options: MailPassesOptions) {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger;
  const sendScheduledOnce = (now?: Date) => sendScheduledNotifications(options.db, options.transport, { ...options.mail, now: now ?? clock() });
  const retryOnce = async (now?: Date) => {
    const result = await retryDueNotifications(options.db, options.transport, { ...options.mail, now: now ?? clock() });
    if (result.sent + result.retrying + result.failed > 0) logger.info(result, 'mail retry pass');
    if (result.failed > 0) logger.error({ failed: result.failed }, 'mail given up after its retry window: resend it from the failed notifications page');
    return result;
  };
  const stops = [
    repeat(() => sendScheduledOnce(), options.scheduledEveryMs ?? 30_000, logger, 'scheduled mail pass'),
    repeat(() => retryOnce(), options.retryEveryMs ?? 30_000, logger, 'mail retry pass'),
  ];
  return {
    sendScheduledOnce,
    retryOnce,
    close: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}

/**
 * Retries of the notifications job itself. A mail that the server refuses is retried from its row, never by the job;
 * the job fails only when it cannot write its rows (the database away), and the outbox row is already relayed by
 * then, so it keeps trying for hours: 2 s doubling to 10 min, thirty attempts (about three and a half hours).
 */
export const NOTIFICATION_JOB_RETRY = { attempts: 30, backoff: { type: 'custom' } } as const;
export const notificationJobBackoff = (attemptsMade: number) => Math.min(2000 * 2 ** Math.max(attemptsMade - 1, 0), 10 * 60_000);
