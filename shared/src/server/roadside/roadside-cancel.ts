import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { roadsideJobs, roadsideOffers } from '../db/schema';

/**
 * A roadside ticket cancelled by the hotline ends its rescue: the job (offering, or in a provider's hands) is
 * cancelled and a pending offer withdrawn, in the cancel's transaction (saveTicketChange). The ticket's `cancelled`
 * event is the record; a finished job is left as it is.
 */
export async function endRoadsideJobOfCancelledTicket(tx: Executor, ticketId: string, at: Date): Promise<void> {
  await tx
    .update(roadsideJobs)
    .set({ status: 'cancelled', finishedAt: at, updatedAt: at })
    .where(and(eq(roadsideJobs.ticketId, ticketId), inArray(roadsideJobs.status, ['offering', 'unassigned', 'accepted', 'en_route', 'arrived', 'towing'])));
  await tx
    .update(roadsideOffers)
    .set({ status: 'withdrawn', answeredAt: at })
    .where(and(eq(roadsideOffers.ticketId, ticketId), eq(roadsideOffers.status, 'pending')));
}
