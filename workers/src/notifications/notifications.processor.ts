import { deliverNotification, JOB_PAYLOADS, type Database, type MailOptions, type MailTransport } from '@careline/shared/server';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Parse the payload, call the command. The job only says "deliver what outbox row X calls for": the notifications
 * rows decide what is sent, so a replayed job (the relay is at least once) or one run twice after a lost lock sends
 * nothing more. A mail that fails is retried by the retry pass from its row, not by this job.
 */
export function notificationsProcessor(db: Database, transport: MailTransport, options: MailOptions, logger: Logger, clock: () => Date = () => new Date()) {
  const withLog: MailOptions = {
    ...options,
    onSendError: (notification, error) =>
      logger.warn({ notification: notification.id, recipient: notification.recipient, attempts: notification.attempts, err: error }, 'mail not sent; it will be retried'),
  };
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.notifications.parse(job.data);
    const result = await deliverNotification(db, transport, payload, { ...withLog, now: clock() });
    logger.info({ job: job.id, topic: payload.topic, ticketId: payload.ticketId, ...result }, 'notification delivered');
    return result;
  };
}
