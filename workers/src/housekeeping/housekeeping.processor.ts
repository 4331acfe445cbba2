import { JOB_PAYLOADS, type Database, purgeExpired } from '@careline/shared/server';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

/** Parse the payload, call the command: processors hold no business rules. */
export function housekeepingProcessor(db: Database, logger: Logger) {
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.housekeeping.parse(job.data);
    const purged = await purgeExpired(db);
    logger.info({ job: job.id, task: payload.task, ...purged }, 'housekeeping done');
    return purged;
  };
}
