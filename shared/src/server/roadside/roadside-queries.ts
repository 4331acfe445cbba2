/**
 * Reads of roadside dispatch, scoped: a provider sees the offers made to it (the incident, never the customer's phone
 * before it accepts) and the job it accepted; the hotline sees a ticket's whole offer chain with the ranking.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { roadsideNextSteps } from '../../roadside/roadside-progress';
import type { RoadsideJobStatus } from '../../roadside/roadside-vocabulary';
import { canViewTicket } from '../../tickets/ticket-policy';
import type { Executor } from '../db/client';
import { dealers, roadsideJobs, roadsideOffers, tickets } from '../db/schema';
import { toPolicyTicket } from '../tickets/ticket-command';
import { readsWholeOfferChain } from './roadside-offers';

const detailsOf = (details: unknown) => (details && typeof details === 'object' ? (details as Record<string, unknown>) : {});

/**
 * The offers made to the actor's dealer, pending ones first (soonest due), then the jobs it holds, then the rest,
 * newest first; at most 100.
 */
export async function listProviderOffers(db: Executor, actor: Actor, query: { status: 'pending' | 'all' }, now = new Date()) {
  if (!actor.dealerId) return { items: [] };
  const rows = await db
    .select({ offer: roadsideOffers, job: roadsideJobs, ticket: tickets })
    .from(roadsideOffers)
    .innerJoin(roadsideJobs, eq(roadsideJobs.id, roadsideOffers.jobId))
    .innerJoin(tickets, eq(tickets.id, roadsideOffers.ticketId))
    .where(and(eq(roadsideOffers.dealerId, actor.dealerId), query.status === 'pending' ? eq(roadsideOffers.status, 'pending') : sql`true`))
    .orderBy(
      sql`case when ${roadsideOffers.status} = 'pending' then 0 when ${roadsideJobs.providerDealerId} = ${actor.dealerId} and ${roadsideJobs.finishedAt} is null then 1 else 2 end`,
      sql`case when ${roadsideOffers.status} = 'pending' then ${roadsideOffers.dueAt} end asc`,
      desc(roadsideOffers.offeredAt),
    )
    .limit(100);
  return {
    items: rows.map(({ offer, job, ticket }) => {
      const mine = job.providerDealerId === actor.dealerId;
      const candidate = job.candidates.find((entry) => entry.dealerId === actor.dealerId);
      const details = detailsOf(ticket.details);
      const location = ticket.location as { address: string; lat?: number; lng?: number } | null;
      // A ticket the hotline dispatched or cancelled by hand meanwhile is no longer on offer (its timer records the end).
      const withdrawn = offer.status === 'pending' && ticket.status !== 'new';
      return {
        id: offer.id,
        status: withdrawn ? ('withdrawn' as const) : offer.status,
        round: offer.round,
        offeredAt: offer.offeredAt,
        dueAt: offer.dueAt,
        secondsLeft: offer.status === 'pending' && !withdrawn ? Math.max(0, Math.floor((offer.dueAt.getTime() - now.getTime()) / 1000)) : null,
        etaMinutes: offer.etaMinutes,
        declineReason: offer.declineReason,
        ticket: {
          id: ticket.id,
          number: ticket.number,
          priority: ticket.priority,
          subject: ticket.subject,
          address: location?.address ?? null,
          lat: location?.lat ?? null,
          lng: location?.lng ?? null,
          roadsideType: typeof details.roadsideType === 'string' ? details.roadsideType : null,
          motorway: details.motorway === true,
          injured: details.injured === true,
          peopleOnBoard: typeof details.peopleOnBoard === 'number' ? details.peopleOnBoard : null,
        },
        roadKm: candidate?.roadKm ?? null,
        // The job, once it is this provider's: its progress and the steps it may take now.
        job: mine
          ? {
              id: job.id,
              status: job.status,
              etaMinutes: job.etaMinutes,
              etaAt: job.etaAt,
              lastPosition: job.lastPosition ?? null,
              nextSteps: [...roadsideNextSteps(job.status as RoadsideJobStatus)],
            }
          : null,
      };
    }),
  };
}

/**
 * A ticket's rescue: for the hotline, the job, the latest ranking with its reasons and every offer with the ranking it
 * was based on, with dealer names; for
 * the provider that holds the job (it sees the ticket), the job and its own offer only. No job, or a ticket the actor
 * may not see: NOT_FOUND.
 */
export async function findTicketRoadside(db: Executor, actor: Actor, ticketId: string) {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket || !canViewTicket(actor, toPolicyTicket(ticket))) throw new AppError('NOT_FOUND');
  const [job] = await db.select().from(roadsideJobs).where(eq(roadsideJobs.ticketId, ticketId));
  if (!job) throw new AppError('NOT_FOUND');
  const whole = readsWholeOfferChain(actor);
  if (!whole && (!actor.dealerId || job.providerDealerId !== actor.dealerId)) throw new AppError('NOT_FOUND');
  const offers = await db
    .select()
    .from(roadsideOffers)
    .where(whole ? eq(roadsideOffers.jobId, job.id) : and(eq(roadsideOffers.jobId, job.id), eq(roadsideOffers.dealerId, actor.dealerId!)))
    .orderBy(roadsideOffers.round);
  const candidates = whole ? job.candidates : [];
  // What each offer was based on: the ranking taken when it was made (the hotline only; none before rankings were kept per offer).
  const rankingOf = (offer: (typeof offers)[number]) => (whole ? (offer.ranking ?? []) : []);
  const dealerIds = [...new Set([...candidates.map((entry) => entry.dealerId), ...offers.flatMap((offer) => rankingOf(offer).map((entry) => entry.dealerId)), ...offers.map((offer) => offer.dealerId), ...(job.providerDealerId ? [job.providerDealerId] : []), ...(job.towDestinationDealerId ? [job.towDestinationDealerId] : [])])];
  const names = dealerIds.length > 0 ? await db.select({ id: dealers.id, nameZh: dealers.nameZh, nameEn: dealers.nameEn }).from(dealers).where(inArray(dealers.id, dealerIds)) : [];
  const nameOf = (id: string | null) => {
    const found = id ? names.find((entry) => entry.id === id) : undefined;
    return found ? { id: found.id, nameZh: found.nameZh, nameEn: found.nameEn } : null;
  };
  return {
    job: {
      id: job.id,
      status: job.status,
      distanceKnown: job.origin !== null,
      offerSeconds: job.offerSeconds,
      provider: nameOf(job.providerDealerId),
      etaMinutes: job.etaMinutes,
      etaAt: job.etaAt,
      towDestination: nameOf(job.towDestinationDealerId),
      lastPosition: job.lastPosition ?? null,
      acceptedAt: job.acceptedAt,
      arrivedAt: job.arrivedAt,
      finishedAt: job.finishedAt,
      createdAt: job.createdAt,
      nextSteps: job.providerDealerId === actor.dealerId ? [...roadsideNextSteps(job.status as RoadsideJobStatus)] : [],
    },
    candidates: candidates.map((entry) => ({ ...entry, dealer: nameOf(entry.dealerId) })),
    offers: offers.map((offer) => ({
      id: offer.id,
      round: offer.round,
      dealer: nameOf(offer.dealerId),
      status: offer.status,
      offeredAt: offer.offeredAt,
      dueAt: offer.dueAt,
      answeredAt: offer.answeredAt,
      etaMinutes: offer.etaMinutes,
      declineReason: offer.declineReason,
      declineText: offer.declineText,
      ranking: rankingOf(offer).map((entry) => ({ ...entry, dealer: nameOf(entry.dealerId) })),
    })),
  };
}
