import { and, eq, inArray } from 'drizzle-orm';
import { type EventFacts, mergeFacts, ROADSIDE_JOB_FIGURES, ROADSIDE_OFFER_FIGURES, updatedFacts } from '../audit/derived-figures';
import type { Executor } from '../db/client';
import { roadsideJobs, roadsideOffers } from '../db/schema';

const UNFINISHED = ['offering', 'unassigned', 'accepted', 'en_route', 'arrived', 'towing'] as const;

/**
 * A roadside ticket cancelled by the hotline ends its rescue: the job (offering, or in a provider's hands) is
 * cancelled and a pending offer withdrawn, in the cancel's transaction (saveTicketChange, which chains the facts with
 * the ticket's `cancelled` event). A finished job is left as it is.
 */
export async function planRoadsideCancel(tx: Executor, ticketId: string, at: Date): Promise<{ facts?: EventFacts; write(tx: Executor): Promise<void> }> {
  const jobs = await tx.select({ id: roadsideJobs.id }).from(roadsideJobs).where(and(eq(roadsideJobs.ticketId, ticketId), inArray(roadsideJobs.status, [...UNFINISHED]))).for('update');
  const offers = await tx.select({ id: roadsideOffers.id }).from(roadsideOffers).where(and(eq(roadsideOffers.ticketId, ticketId), eq(roadsideOffers.status, 'pending'))).for('update');
  const ended = { status: 'cancelled' as const, finishedAt: at, updatedAt: at };
  const withdrawn = { status: 'withdrawn' as const, answeredAt: at };
  const jobIds = jobs.map((job) => job.id);
  const offerIds = offers.map((offer) => offer.id);
  return {
    facts: mergeFacts(updatedFacts(ROADSIDE_JOB_FIGURES, jobIds, ended), updatedFacts(ROADSIDE_OFFER_FIGURES, offerIds, withdrawn)),
    async write(writer) {
      if (jobIds.length > 0) await writer.update(roadsideJobs).set(ended).where(inArray(roadsideJobs.id, jobIds));
      if (offerIds.length > 0) await writer.update(roadsideOffers).set(withdrawn).where(inArray(roadsideOffers.id, offerIds));
    },
  };
}
