import {
  JOB_PAYLOADS,
  jobIdOf,
  type JobRequest,
  jobRequest,
  pausedTimers,
  recordSlaMoment,
  requiredTimers,
  requiredTimersOfMilestones,
  requiredTimersOfMilestoneTicket,
  type Database,
  type SlaTimer,
} from '@careline/shared/server';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobQueues } from '../queues/job-queues';
import { processRoadsideOfferJob } from '../roadside/roadside-offer-timers';

/** Timers are checked and added in chunks: one Redis round trip per chunk, not per timer (50,000 open tickets). */
const CHUNK = 1000;

/** A timer's job: named after its kind (warning, breach, escalation) in the registry. */
function jobOfTimer(timer: SlaTimer): JobRequest {
  const moment = { milestoneId: timer.milestoneId, at: timer.at.toISOString() };
  if (timer.kind === 'escalation') {
    if (timer.level === undefined) throw new Error(`escalation timer ${timer.jobId} has no level`);
    return jobRequest('escalation', { kind: 'escalation', ...moment, level: timer.level });
  }
  return timer.kind === 'warning' ? jobRequest('warning', { kind: 'warning', ...moment }) : jobRequest('breach', { kind: 'breach', ...moment });
}

/** The queues of this installation (timers go to the sla queue): its timers' job ids start with the installation id. */
export interface SlaTimerQueue {
  jobs: JobQueues;
  installationId: string;
}

const jobIdOfTimer = (target: SlaTimerQueue, timer: SlaTimer) => jobIdOf(target.installationId, timer.jobId);

/**
 * Makes the delayed jobs match the timers: a missing one is added, one for another moment (or one that failed) is
 * replaced, a matching one is kept. Job ids are deterministic (`sla-<milestone>-<kind>`), so running this twice
 * changes nothing. `fresh` re-reads the clocks of the timers about to be replaced: the list may have been read a
 * while ago (a full rebuild takes seconds), and a newer reschedule must not be overwritten with an older moment.
 */
export async function scheduleTimers(
  target: SlaTimerQueue,
  timers: SlaTimer[],
  fresh: (milestoneIds: string[]) => Promise<SlaTimer[]>,
): Promise<{ added: number; kept: number }> {
  const queue = target.jobs.queues.sla;
  // The queues are built on ioredis connections (start-workers), so the backend's raw client is one.
  const client = (await queue.getBackend().client) as unknown as Redis;
  let added = 0;
  let kept = 0;
  for (let offset = 0; offset < timers.length; offset += CHUNK) {
    const chunk = timers.slice(offset, offset + CHUNK);
    const pipeline = client.pipeline();
    for (const timer of chunk) pipeline.hmget(queue.toKey(jobIdOfTimer(target, timer)), 'data', 'finishedOn');
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
        await queue.remove(jobIdOfTimer(target, timer)).catch(() => undefined);
        toAdd.push(timer);
      }
    }
    if (toAdd.length > 0) {
      // The delay is reckoned when the chunk is added: a rebuild of 200,000 timers takes seconds, and a delay taken
      // at its start would make every later timer fire that much late.
      const now = Date.now();
      await target.jobs.addBulk(
        toAdd.map((timer) => ({ request: jobOfTimer(timer), options: { jobId: jobIdOfTimer(target, timer), delay: Math.max(0, timer.at.getTime() - now) } })),
      );
      added += toAdd.length;
    }
  }
  return { added, kept };
}

/**
 * Takes down the timers of a ticket's paused clocks (the ticket waits for the customer). A timer running right now is
 * locked and stays; it finds the clock paused and sets nothing again.
 */
async function dropPausedTimers(db: Database, target: SlaTimerQueue, ticketId: string): Promise<number> {
  let dropped = 0;
  for (const timer of await pausedTimers(db, ticketId)) {
    dropped += await target.jobs.queues.sla.remove(jobIdOfTimer(target, timer)).catch(() => 0);
  }
  return dropped;
}

/** Rebuilds every timer from the database: on start, periodically, and after Redis lost its data. */
export async function reconcileSlaTimers(db: Database, target: SlaTimerQueue, logger: Logger) {
  const started = Date.now();
  const timers = await requiredTimers(db);
  const result = await scheduleTimers(target, timers, (ids) => requiredTimersOfMilestones(db, ids));
  // The periodic pass over a healthy queue finds everything in place: that is not worth a log line every few minutes.
  logger[result.added > 0 ? 'info' : 'debug']({ timers: timers.length, ...result, ms: Date.now() - started }, 'sla timers reconciled');
  return result;
}

export function slaProcessor(db: Database, target: () => SlaTimerQueue, logger: Logger) {
  const fresh = (ids: string[]) => requiredTimersOfMilestones(db, ids);
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.sla.parse(job.data);
    if (payload.kind === 'roadside-offer-schedule' || payload.kind === 'roadside-offer-due') return processRoadsideOfferJob(db, target(), payload, logger);
    if (payload.kind === 'reschedule') {
      const dropped = await dropPausedTimers(db, target(), payload.ticketId);
      return { ...(await scheduleTimers(target(), await requiredTimers(db, payload.ticketId), fresh)), dropped };
    }
    const outcome = await recordSlaMoment(db, { milestoneId: payload.milestoneId, kind: payload.kind, level: payload.kind === 'escalation' ? payload.level : undefined });
    logger[outcome === 'recorded' ? 'info' : 'debug']({ job: job.id, outcome }, `sla ${payload.kind}`);
    if (outcome === 'recorded' || outcome === 'not_due') {
      // A breach or an escalation sets the clock's next escalation moment; a timer that came too early means the
      // clock moved after it was set: either way the ticket's running clocks' timers are brought in line now. A
      // paused clock is not among them, so its timer is not set again (it would fire at once, over and over).
      await scheduleTimers(target(), await requiredTimersOfMilestoneTicket(db, payload.milestoneId), fresh);
    }
    return outcome;
  };
}
