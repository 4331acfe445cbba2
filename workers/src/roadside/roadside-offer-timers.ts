/**
 * Rescue offers' timeouts: a delayed job per pending offer at its due time (job id `roadside-offer-<offer>`), set from
 * the offer's outbox row and rebuilt from the database at start and periodically, like the SLA timers. The row's due
 * time is the truth: a lost Redis or a restart loses no timeout.
 */
import { expireRoadsideOffer, jobIdOf, jobRequest, pendingRoadsideOffers, type Database } from '@careline/shared/server';
import type { Logger } from 'pino';
import type { SlaTimerQueue } from '../sla/sla-timers';

const timerJobId = (target: SlaTimerQueue, offerId: string) => jobIdOf(target.installationId, 'roadside-offer', offerId);

/** Adds the missing timers (BullMQ keeps a job already under the same id: adding twice changes nothing). */
async function scheduleOfferTimers(target: SlaTimerQueue, offers: Array<{ offerId: string; dueAt: Date }>, jobId = timerJobId): Promise<number> {
  if (offers.length === 0) return 0;
  const now = Date.now();
  await target.jobs.addBulk(
    offers.map((offer) => ({
      request: jobRequest('roadside-offer-due', { kind: 'roadside-offer-due', offerId: offer.offerId, at: offer.dueAt.toISOString() }),
      options: { jobId: jobId(target, offer.offerId), delay: Math.max(0, offer.dueAt.getTime() - now) },
    })),
  );
  return offers.length;
}

/** An offer this far past its due time has lost its timer (a job that failed for good, say): the reconciler expires it. */
const OVERDUE_MS = 60_000;

/**
 * Every pending offer's timer, from the database: at start (offers surviving a restart) and periodically. An offer
 * long overdue is expired here and now, whatever became of its job.
 */
export async function reconcileRoadsideOfferTimers(db: Database, target: SlaTimerQueue, logger: Logger): Promise<number> {
  const pending = await pendingRoadsideOffers(db);
  const now = Date.now();
  for (const offer of pending.filter((entry) => now - entry.dueAt.getTime() > OVERDUE_MS)) {
    const outcome = await expireRoadsideOffer(db, offer.offerId);
    logger.warn({ offerId: offer.offerId, outcome }, 'roadside offer long overdue: expired by the reconciler');
  }
  const scheduled = await scheduleOfferTimers(target, pending.filter((entry) => now - entry.dueAt.getTime() <= OVERDUE_MS));
  if (scheduled > 0) logger.debug({ offers: scheduled }, 'roadside offer timers reconciled');
  return scheduled;
}

/** The sla queue's roadside jobs: schedule an offer's timer, or expire the offer at its due time. */
export async function processRoadsideOfferJob(
  db: Database,
  target: SlaTimerQueue,
  payload: { kind: 'roadside-offer-schedule'; offerId: string } | { kind: 'roadside-offer-due'; offerId: string; at: string },
  logger: Logger,
): Promise<string> {
  if (payload.kind === 'roadside-offer-schedule') {
    await scheduleOfferTimers(target, await pendingRoadsideOffers(db, payload.offerId));
    return 'scheduled';
  }
  const outcome = await expireRoadsideOffer(db, payload.offerId);
  logger[outcome === 'expired' ? 'info' : 'debug']({ offerId: payload.offerId, outcome }, 'roadside offer timeout');
  if (outcome === 'not_due') {
    // Fired early (clocks apart): set again under a fresh id, this job's own id being still in use.
    await scheduleOfferTimers(target, await pendingRoadsideOffers(db, payload.offerId), (queue, offerId) => `${timerJobId(queue, offerId)}-${Date.now()}`);
  }
  return outcome;
}
