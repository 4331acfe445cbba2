import { JOB_PAYLOADS, recordSlaMoment, requiredTimers, type Database, type SlaTimer } from '@careline/shared/server';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Makes the delayed jobs match the timers: a missing one is added, one for another moment is replaced, a matching
 * one is kept. Job ids are deterministic (`sla-<milestone>-<kind>`), so running this twice changes nothing.
 */
export async function scheduleTimers(queue: Queue, timers: SlaTimer[], now = Date.now()): Promise<{ added: number; kept: number }> {
  let added = 0;
  let kept = 0;
  for (const timer of timers) {
    const at = timer.at.toISOString();
    const existing = await queue.getJob(timer.jobId);
    if (existing) {
      const state = await existing.getState();
      if (existing.data?.at === at && (state === 'delayed' || state === 'waiting' || state === 'active')) {
        kept += 1;
        continue;
      }
      if (state !== 'active') await existing.remove().catch(() => undefined);
    }
    await queue.add(timer.kind, { kind: timer.kind, milestoneId: timer.milestoneId, at }, { jobId: timer.jobId, delay: Math.max(0, timer.at.getTime() - now) });
    added += 1;
  }
  return { added, kept };
}

/** Rebuilds every timer from the database: on start, periodically, and after Redis lost its data. */
export async function reconcileSlaTimers(db: Database, queue: Queue, logger: Logger) {
  const timers = await requiredTimers(db);
  const result = await scheduleTimers(queue, timers);
  logger.info({ timers: timers.length, ...result }, 'sla timers reconciled');
  return result;
}

export function slaProcessor(db: Database, queue: () => Queue, logger: Logger) {
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.sla.parse(job.data);
    if (payload.kind === 'reschedule') {
      return scheduleTimers(queue(), await requiredTimers(db, payload.ticketId));
    }
    const outcome = await recordSlaMoment(db, { milestoneId: payload.milestoneId, kind: payload.kind });
    logger.info({ job: job.id, outcome }, `sla ${payload.kind}`);
    return outcome;
  };
}
