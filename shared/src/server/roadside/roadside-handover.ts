/**
 * A roadside ticket dispatched by hand (an agent's dispatch, a routing by hand of a held ticket, a supervisor's
 * transfer): the rescue goes with it. Planned inside saveTicketChange, like a callback, so its event is chained with
 * the dispatch and its rows written in the same transaction.
 *
 * - No job yet (held at intake): a job `accepted` by the dealer, so it reports en route → arrived → … on its phone page
 *   or the API, and the customer's tracking page follows.
 * - A job still to be given or not yet under way (`offering`, `unassigned`, `accepted`): it moves to the dealer as
 *   `accepted` (ETA and position cleared); a pending offer is withdrawn.
 * - A rescue under way (`en_route`, `arrived`, `towing`) or finished stays with its provider: the ticket may move on
 *   (to the tow destination, say) without taking the rescue from the truck on the road.
 *
 * Giving the rescue to a dealer without the `rescue` capability is refused (DEALER_LACKS_RESCUE, 422): routing never
 * would (`lacks_capability`), and nobody could answer for the truck. Once the rescue is under way or done, the ticket
 * can go to any dealer.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { incidentOrigin } from '../../roadside/provider-selection';
import type { RoadsideJobStatus } from '../../roadside/roadside-vocabulary';
import { type EventFacts, insertedFacts, mergeFacts, ROADSIDE_JOB_FIGURES, ROADSIDE_OFFER_FIGURES, updatedFacts } from '../audit/derived-figures';
import type { Executor } from '../db/client';
import { dealers, roadsideJobs, roadsideOffers, type tickets } from '../db/schema';
import type { NewTicketEvent } from '../tickets/ticket-events';
import { currentOfferSeconds } from './roadside-settings';

type Ticket = typeof tickets.$inferSelect;

/** Jobs a dispatch by hand takes over: nobody is on the way yet. */
const HANDED_OVER: readonly RoadsideJobStatus[] = ['offering', 'unassigned', 'accepted'];

export interface RoadsideHandover {
  events: NewTicketEvent[];
  /** What `write` does to the rescue's rows, chained with the events. */
  facts?: EventFacts;
  write(tx: Executor): Promise<void>;
}

const NOTHING: RoadsideHandover = { events: [], write: async () => {} };

/**
 * What a change of a roadside ticket does to its rescue when it makes a dealer responsible by hand (`viaOffer`: the
 * provider's own acceptance, which records the job itself). Throws DEALER_LACKS_RESCUE before anything is written.
 */
export async function planRoadsideHandover(tx: Executor, actor: Actor, before: Ticket, after: Ticket, at: Date, viaOffer: boolean): Promise<RoadsideHandover> {
  const dealerId = after.responsibleDealerId;
  // A cancellation ends the rescue itself (planRoadsideCancel).
  if (before.type !== 'roadside' || viaOffer || after.status === 'cancelled' || dealerId === before.responsibleDealerId) return NOTHING;
  const handedTo = after.status === 'dispatched' && dealerId !== null ? dealerId : null;
  if (!handedTo && !before.responsibleDealerId) return NOTHING;
  const [job] = await tx.select().from(roadsideJobs).where(eq(roadsideJobs.ticketId, before.id)).for('update');
  if (!handedTo) return job ? providerLeft(job, before.responsibleDealerId!, at) : NOTHING;
  if (job && !HANDED_OVER.includes(job.status as RoadsideJobStatus)) return NOTHING;
  const [dealer] = await tx.select({ capabilities: dealers.capabilities }).from(dealers).where(eq(dealers.id, handedTo));
  if (!dealer?.capabilities.includes('rescue')) throw new AppError('DEALER_LACKS_RESCUE', { dealerId: handedTo });
  const offers = job ? await tx.select().from(roadsideOffers).where(eq(roadsideOffers.jobId, job.id)) : [];
  const withdrawn = offers.filter((offer) => offer.status === 'pending').map((offer) => offer.id);
  const jobId = job?.id ?? randomUUID();
  const offerSeconds = await currentOfferSeconds(tx);
  const taken = {
    status: 'accepted' as const,
    providerDealerId: handedTo,
    etaMinutes: null,
    etaAt: null,
    lastPosition: null,
    acceptedAt: at,
    arrivedAt: null,
    finishedAt: null,
    updatedAt: at,
  };
  const events: NewTicketEvent[] = [
    {
      type: 'roadside_assigned',
      payload: { jobId, providerId: handedTo, from: job?.status ?? null, previousProviderId: job?.providerDealerId ?? null, withdrawnOfferIds: withdrawn, round: offers.length + 1 },
    },
  ];
  const withdrawal = { status: 'withdrawn' as const, answeredAt: at };
  const newJob = job ? null : { id: jobId, ticketId: before.id, candidates: [], origin: incidentOrigin(after), offerSeconds, towDestinationDealerId: null, createdAt: at, ...taken };
  // The job given by hand is in its chain, so the provider's list (its offers and jobs) shows it with its steps.
  const assigned = {
    id: randomUUID(),
    jobId,
    ticketId: before.id,
    dealerId: handedTo,
    round: offers.length + 1,
    status: 'assigned' as const,
    offeredAt: at,
    dueAt: at,
    answeredAt: at,
    answeredBy: `${actor.kind}:${actor.id}`,
    etaMinutes: null,
    declineReason: null,
    declineText: null,
    ranking: null,
  };
  return {
    events,
    facts: mergeFacts(
      updatedFacts(ROADSIDE_OFFER_FIGURES, withdrawn, withdrawal),
      newJob ? insertedFacts(ROADSIDE_JOB_FIGURES, [newJob]) : updatedFacts(ROADSIDE_JOB_FIGURES, [jobId], taken),
      insertedFacts(ROADSIDE_OFFER_FIGURES, [assigned]),
    ),
    async write(writer) {
      if (withdrawn.length > 0) await writer.update(roadsideOffers).set(withdrawal).where(inArray(roadsideOffers.id, withdrawn));
      if (newJob) await writer.insert(roadsideJobs).values(newJob);
      else await writer.update(roadsideJobs).set(taken).where(eq(roadsideJobs.id, jobId));
      await writer.insert(roadsideOffers).values(assigned);
    },
  };
}

/**
 * The ticket left the dealer holding its rescue with nobody new (a rejection that leaves it on the supervisor board, a
 * transfer to a department): a job accepted but not yet under way goes back to `unassigned`, with nobody as provider, so
 * the hotline gives it again. A truck on the road keeps its job.
 */
function providerLeft(job: typeof roadsideJobs.$inferSelect, formerDealerId: string, at: Date): RoadsideHandover {
  if (job.status !== 'accepted' || job.providerDealerId !== formerDealerId) return NOTHING;
  const released = { status: 'unassigned' as const, providerDealerId: null, etaMinutes: null, etaAt: null, lastPosition: null, acceptedAt: null, updatedAt: at };
  return {
    events: [{ type: 'roadside_unassigned', payload: { jobId: job.id, previousProviderId: formerDealerId, reason: 'provider_left' } }],
    facts: updatedFacts(ROADSIDE_JOB_FIGURES, [job.id], released),
    async write(writer) {
      await writer.update(roadsideJobs).set(released).where(eq(roadsideJobs.id, job.id));
    },
  };
}
