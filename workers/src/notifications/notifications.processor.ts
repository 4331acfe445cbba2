import { deliverNotification, JOB_PAYLOADS, type Database, type MailOptions, type MailTransport } from '@careline/shared/server';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

/** Parse the payload, call the command. Retries (BullMQ attempts) are safe: delivery is idempotent. */
export function notificationsProcessor(db: Database, transport: MailTransport, options: MailOptions, logger: Logger) {
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.notifications.parse(job.data);
    const result = await deliverNotification(db, transport, payload, options);
    logger.info({ job: job.id, topic: payload.topic, ticketId: payload.ticketId, ...result }, 'notification delivered');
    return result;
  };
}
