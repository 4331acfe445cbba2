import { type Database, JOB_PAYLOADS, type SmsSender, sendTrackingSms, type TrackingSmsOptions } from '@careline/shared/server';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Parse the payload, call the command. The job only says "send what outbox row X asked for": the link and the
 * sms_messages row it finds or makes decide what is sent, so a replayed job sends nothing more. A failed gateway call
 * throws, and BullMQ tries the job again with a growing delay.
 */
export function smsProcessor(db: Database, sender: SmsSender, options: TrackingSmsOptions, logger: Logger) {
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.sms.parse(job.data);
    const outcome = await sendTrackingSms(db, sender, payload, options);
    logger.info({ job: job.id, ticketId: payload.ticketId, reason: payload.reason, outcome }, 'tracking sms');
    return outcome;
  };
}
