import { JOB_PAYLOADS, recordSlaMoment, requiredTimers, requiredTimersOfMilestones, requiredTimersOfMilestoneTicket, type Database, type SlaTimer } from '@careline/shared/server';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Timers are checked and added in chunks: one Redis round trip per chunk, not per timer (50,000 open tickets). */
const CHUNK = 1000;

const jobDataOf = (timer: SlaTimer) => ({
  kind: timer.kind,
  milestoneId: timer.milestoneId,
  at: timer.at.toISOString(),
  ...(timer.level !== undefined ? { level: timer.level } : {}),
});

/**
 * Makes the delayed jobs match the timers: a missing one is added, one for another moment (or one that failed) is
 * replaced, a matching one is kept. Job ids are deterministic (`sla-<milestone>-<kind>`), so running this twice
 * changes nothing. `fresh` re-reads the clocks of the timers about to be replaced: the list may have been read a
 * while ago (a full rebuild takes seconds), and a newer reschedule must not be overwritten with an older moment.
 */
export async function scheduleTimers(
  queue: Queue,
  timers: SlaTimer[],
  fresh: (milestoneIds: string[]) => Promise<SlaTimer[]>,
): Promise<{ added: number; kept: number }> {
  // The queues are built on ioredis connections (start-workers), so the backend's raw client is one.
  const client = (await queue.getBackend().client) as unknown as Redis;
  let added = 0;
  let kept = 0;
  for (let offset = 0; offset < timers.length; offset += CHUNK) {
    const chunk = timers.slice(offset, offset + CHUNK);
    const pipeline = client.pipeline();
    for (const timer of chunk) pipeline.hmget(queue.toKey(timer.jobId), 'data', 'finishedOn');
    const existing = (await pipeline.exec()) ?? [];
    // Missing jobs are added as they are: should a newer reschedule add the same job id first, BullMQ keeps that one.
    const toAdd: SlaTimer[] = [];
    const stale: SlaTimer[] = [];
    for (const [index, timer] of chunk.entries()) {
      const [data, finishedOn] = (existing[index]?.[1] as [string | null, string | null] | undefined) ?? [null, null];
      const at = data === null ? null : (JSON.parse(data) as { at?: string }).at;
      if (data === null) toAdd.push(timer);
      else if (at === timer.at.toISOString() && !finishedOn) kept += 1;
      else stale.push(timer);
    }
    if (stale.length > 0) {
      const wanted = new Set(stale.map((timer) => timer.jobId));
      for (const timer of (await fresh([...new Set(stale.map((timer) => timer.milestoneId))])).filter((timer) => wanted.has(timer.jobId))) {
        // A job that is running right now is locked and cannot be removed; it re-checks the row, so that is harmless.
        await queue.remove(timer.jobId).catch(() => undefined);
        toAdd.push(timer);
      }
    }
    if (toAdd.length > 0) {
      // The delay is reckoned when the chunk is added: a rebuild of 200,000 timers takes seconds, and a delay taken
      // at its start would make every later timer fire that much late.
      const now = Date.now();
      await queue.addBulk(
        toAdd.map((timer) => ({ name: timer.kind, data: jobDataOf(timer), opts: { jobId: timer.jobId, delay: Math.max(0, timer.at.getTime() - now) } })),
      );
      added += toAdd.length;
    }
  }
  return { added, kept };
}

/** Rebuilds every timer from the database: on start, periodically, and after Redis lost its data. */
export async function reconcileSlaTimers(db: Database, queue: Queue, logger: Logger) {
  const started = Date.now();
  const timers = await requiredTimers(db);
  const result = await scheduleTimers(queue, timers, (ids) => requiredTimersOfMilestones(db, ids));
  logger.info({ timers: timers.length, ...result, ms: Date.now() - started }, 'sla timers reconciled');
  return result;
}

export function slaProcessor(db: Database, queue: () => Queue, logger: Logger) {
  const fresh = (ids: string[]) => requiredTimersOfMilestones(db, ids);
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.sla.parse(job.data);
    if (payload.kind === 'reschedule') {
      return scheduleTimers(queue(), await requiredTimers(db, payload.ticketId), fresh);
    }
    const outcome = await recordSlaMoment(db, { milestoneId: payload.milestoneId, kind: payload.kind, level: payload.kind === 'escalation' ? payload.level : undefined });
    logger.info({ job: job.id, outcome }, `sla ${payload.kind}`);
    if (outcome === 'recorded' || outcome === 'not_due') {
      // A breach or an escalation sets the clock's next escalation moment; a timer that came too early means the
      // clock moved after it was set: either way the ticket's timers are brought in line now.
      await scheduleTimers(queue(), await requiredTimersOfMilestoneTicket(db, payload.milestoneId), fresh);
    }
    return outcome;
  };
}
