import { type AuditKeys, type Database, JOB_PAYLOADS, runAuditVerification, writeCheckpoint } from '@careline/shared/server';
import type { TAuditBrokenEvent } from '@careline/shared';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

export interface AuditJobOptions {
  keys: () => AuditKeys;
  checkpointDir: string;
  publicUrl: string;
  live: (event: TAuditBrokenEvent) => Promise<void>;
}

/** Parse the payload, call the command: the daily checkpoint, the nightly verification. */
export function auditProcessor(db: Database, options: AuditJobOptions, logger: Logger) {
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.audit.parse(job.data);
    if (payload.task === 'audit-checkpoint') {
      const checkpoint = await writeCheckpoint(db, { keys: options.keys(), dir: options.checkpointDir });
      logger.info({ job: job.id, checkpoint: checkpoint.id, tickets: checkpoint.ticketCount }, 'audit checkpoint written');
      return { checkpointId: checkpoint.id };
    }
    const run = await runAuditVerification(db, { keys: options.keys(), checkpointDir: options.checkpointDir, trigger: 'nightly', live: options.live, publicUrl: options.publicUrl });
    const log = { job: job.id, run: run.id, tickets: run.tickets, problems: run.problemCount, checkpoint: run.checkpointId, checkpointError: run.checkpointError };
    if (run.ok) logger.info(log, 'audit verification passed');
    else logger.error(log, 'audit verification found tampering; QA and admins alerted');
    return { runId: run.id, ok: run.ok };
  };
}
