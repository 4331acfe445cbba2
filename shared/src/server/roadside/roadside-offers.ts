/**
 * Roadside dispatch (道路救援派单): a roadside ticket's rescue job, its offers to providers one at a time with a time
 * limit, and the provider's progress. Every offer, answer, timeout and step is an event on the ticket's chain, written
 * with its outbox rows in the command's transaction (saveTicketChange). Lock order: the ticket, then the job or offer.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { type Actor, isHotlineRole, SYSTEM_ACTOR } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { ticketChangedOutbox } from '../../realtime/realtime-events';
import { incidentOrigin, MAX_RANKED, nextCandidate, rankProviders, type RoadsideProvider } from '../../roadside/provider-selection';
import { ACTIVE_JOB_STATUSES, canMoveRoadside } from '../../roadside/roadside-progress';
import type { TAcceptOfferRequest, TDeclineOfferRequest, TRoadsidePositionRequest, TRoadsideProgressRequest } from '../../roadside/roadside.schemas';
import type { RoadsideCandidate, RoadsideJobStatus } from '../../roadside/roadside-vocabulary';
import type { RoutingDealer } from '../../routing/route-ticket';
import { type EventFacts, insertedFacts, mergeFacts, ROADSIDE_JOB_FIGURES, ROADSIDE_OFFER_FIGURES, updatedFacts } from '../audit/derived-figures';
import type { Database, Executor } from '../db/client';
import { dealers, roadsideJobs, roadsideOffers, tickets } from '../db/schema';
import type { OutboxMessage } from '../jobs';
import { loadRoutingSnapshot, type RoutingSnapshot, supervisorQueuePlan } from '../routing/route-ticket.command';
import { type CommandContext, saveTicketChange, type TicketRow } from '../tickets/ticket-command';
import { type NewTicketEvent, writeOutbox } from '../tickets/ticket-events';
import { currentOfferSeconds } from './roadside-settings';

export type RoadsideJobRow = typeof roadsideJobs.$inferSelect;
export type RoadsideOfferRow = typeof roadsideOffers.$inferSelect;

/**
 * Every rescue-capable dealer as selection weighs it: opening state from the routing environment (the calendars, as
 * routing reads them), its active roadside jobs, and its offers of the last 30 days (accepted among answered or expired).
 */
export async function loadRoadsideProviders(db: Executor, environment: readonly RoutingDealer[], at: Date): Promise<RoadsideProvider[]> {
  const rescue = environment.filter((dealer) => dealer.capabilities.includes('rescue'));
  if (rescue.length === 0) return [];
  const ids = rescue.map((dealer) => dealer.id);
  const since = new Date(at.getTime() - 30 * 86_400_000);
  const [loads, offers] = await Promise.all([
    db
      .select({ dealerId: roadsideJobs.providerDealerId, jobs: sql<number>`count(*)`.mapWith(Number) })
      .from(roadsideJobs)
      .where(and(inArray(roadsideJobs.providerDealerId, ids), inArray(roadsideJobs.status, [...ACTIVE_JOB_STATUSES])))
      .groupBy(roadsideJobs.providerDealerId),
    db
      .select({
        dealerId: roadsideOffers.dealerId,
        answered: sql<number>`count(*) filter (where ${roadsideOffers.status} in ('accepted', 'declined', 'expired'))`.mapWith(Number),
        accepted: sql<number>`count(*) filter (where ${roadsideOffers.status} = 'accepted')`.mapWith(Number),
      })
      .from(roadsideOffers)
      .where(and(inArray(roadsideOffers.dealerId, ids), gte(roadsideOffers.offeredAt, since)))
      .groupBy(roadsideOffers.dealerId),
  ]);
  const loadOf = new Map(loads.map((row) => [row.dealerId, row.jobs]));
  const offersOf = new Map(offers.map((row) => [row.dealerId, row]));
  return rescue.map((dealer) => ({
    id: dealer.id,
    code: dealer.code,
    lat: dealer.lat,
    lng: dealer.lng,
    active: dealer.active,
    rescue24h: dealer.rescue24h,
    openNow: dealer.openNow,
    alwaysOpen: dealer.alwaysOpen,
    activeJobs: loadOf.get(dealer.id) ?? 0,
    offers30d: offersOf.get(dealer.id)?.answered ?? 0,
    accepted30d: offersOf.get(dealer.id)?.accepted ?? 0,
  }));
}

/**
 * The providers ranked now for a job (rankProviders, as at its start: current load, open now, acceptance rate), those
 * offered before left out — what the next offer is based on.
 */
async function rankRemaining(tx: Executor, origin: RoadsideJobRow['origin'], snapshot: RoutingSnapshot, offeredBefore: readonly string[], at: Date): Promise<RoadsideCandidate[]> {
  const providers = await loadRoadsideProviders(tx, snapshot.environment.dealers, at);
  return rankProviders(origin, providers.filter((provider) => !offeredBefore.includes(provider.id)));
}

/** Tells the offered provider's screens (its dealer room) live; the payload names only the ticket and the kind. */
function providerHears(ticketId: string, version: number, kind: string, dealerId: string): OutboxMessage {
  return { topic: 'ticket.changed', payload: { ticketId, version, kind, dealerIds: [dealerId], departmentIds: [], lostDealerIds: [], lostDepartmentIds: [] } };
}

function offeredEvent(job: Pick<RoadsideJobRow, 'id'>, offer: RoadsideOfferRow, candidate: RoadsideCandidate): NewTicketEvent {
  return {
    type: 'roadside_offered',
    actor: SYSTEM_ACTOR,
    payload: {
      jobId: job.id,
      offerId: offer.id,
      providerId: offer.dealerId,
      round: offer.round,
      rank: candidate.rank,
      roadKm: candidate.roadKm,
      activeJobs: candidate.activeJobs,
      acceptanceRate: candidate.acceptanceRate,
      score: candidate.score,
      dueAt: offer.dueAt.toISOString(),
    },
  };
}

/**
 * The next step of a job whose offer ended (or that starts): the next provider's offer, or — nobody left — the job
 * unassigned and the ticket on the supervisor board (its routing decision says why). `events` go first on the chain
 * (the decline or timeout that led here). `write: 'insert'` when the ticket is a new draft (the create).
 */
async function offerNextOrGiveUp(options: {
  tx: Executor;
  actor: Actor;
  ticket: TicketRow;
  job: RoadsideJobRow;
  offeredBefore: readonly string[];
  snapshot: RoutingSnapshot;
  at: Date;
  events: NewTicketEvent[];
  write?: 'insert';
  /** What the change that led here did to the rescue's rows (a decline, a timeout): chained with it. */
  facts?: EventFacts;
}): Promise<{ ticket: TicketRow; offer: RoadsideOfferRow | null }> {
  const { tx, ticket, at } = options;
  // The job's start is the request for help: the hotline's clock to find a provider starts (rescue targets in the policy).
  const rescueRequested = options.offeredBefore.length === 0 ? { rescue: 'requested' as const } : undefined;
  // Weighed again at each offer (current load, open now, acceptance rate), the providers offered before left out; the
  // chain stays at most MAX_RANKED offers long, as long as the first ranking.
  const ranking = options.offeredBefore.length >= MAX_RANKED ? [] : await rankRemaining(tx, options.job.origin, options.snapshot, options.offeredBefore, at);
  const offerSeconds = await currentOfferSeconds(tx);
  const job: RoadsideJobRow = { ...options.job, candidates: ranking, offerSeconds, updatedAt: at };
  const next = nextCandidate(ranking, options.offeredBefore);
  if (next) {
    const offer: RoadsideOfferRow = {
      id: randomUUID(),
      jobId: job.id,
      ticketId: ticket.id,
      dealerId: next.dealerId,
      round: options.offeredBefore.length + 1,
      status: 'pending',
      offeredAt: at,
      dueAt: new Date(at.getTime() + offerSeconds * 1000),
      answeredAt: null,
      answeredBy: null,
      etaMinutes: null,
      declineReason: null,
      declineText: null,
      ranking,
    };
    const saved = await saveTicketChange({
      tx,
      actor: options.actor,
      ticket,
      at,
      write: options.write,
      changes: {},
      events: [...options.events, offeredEvent(job, offer, next)],
      kind: 'roadside_offered',
      sla: rescueRequested,
      facts: mergeFacts(
        options.facts,
        options.write === 'insert' ? insertedFacts(ROADSIDE_JOB_FIGURES, [job]) : updatedFacts(ROADSIDE_JOB_FIGURES, [job.id], { status: 'offering', offerSeconds }),
        insertedFacts(ROADSIDE_OFFER_FIGURES, [offer]),
      ),
      outbox: [
        { topic: 'roadside.offered', payload: { offerId: offer.id, dueAt: offer.dueAt.toISOString() } },
        providerHears(ticket.id, ticket.version + 1, 'roadside_offered', offer.dealerId),
      ],
    });
    if (options.write === 'insert') await tx.insert(roadsideJobs).values(job);
    else await tx.update(roadsideJobs).set({ status: 'offering', candidates: ranking, offerSeconds, updatedAt: at }).where(eq(roadsideJobs.id, job.id));
    await tx.insert(roadsideOffers).values(offer);
    return { ticket: saved, offer };
  }
  const plan = supervisorQueuePlan(ticket, options.snapshot, 'no_provider_accepted', at);
  const saved = await saveTicketChange({
    tx,
    actor: options.actor,
    ticket,
    at,
    write: options.write,
    changes: plan.changes,
    events: [
      ...options.events,
      { type: 'roadside_unassigned', actor: SYSTEM_ACTOR, payload: { jobId: job.id, offers: options.offeredBefore.length } },
      ...plan.events.map((event) => ({ ...event, actor: SYSTEM_ACTOR })),
    ],
    // The agents' and supervisors' rooms hear every change: the console tells the agent and lights the board.
    kind: 'roadside_unassigned',
    sla: rescueRequested,
    outbox: plan.outbox,
    facts: mergeFacts(
      options.facts,
      options.write === 'insert' ? insertedFacts(ROADSIDE_JOB_FIGURES, [{ ...job, status: 'unassigned' }]) : updatedFacts(ROADSIDE_JOB_FIGURES, [job.id], { status: 'unassigned' }),
    ),
  });
  // Nobody left to weigh: the last ranking stays the job's explanation.
  const explained = ranking.length > 0 ? ranking : options.job.candidates;
  if (options.write === 'insert') await tx.insert(roadsideJobs).values({ ...job, candidates: explained, status: 'unassigned' });
  else await tx.update(roadsideJobs).set({ status: 'unassigned', candidates: explained, updatedAt: at }).where(eq(roadsideJobs.id, job.id));
  return { ticket: saved, offer: null };
}

/**
 * Starts a new roadside ticket's rescue (inside the create's transaction, the ticket still a draft): ranks the
 * providers (offerNextOrGiveUp), stores the ranking as the job's explanation, and offers the best one — or, with nobody open, puts the
 * ticket on the supervisor board. The ticket stays `new` until a provider accepts.
 */
export async function startRoadsideJob(
  tx: Executor,
  actor: Actor,
  draft: TicketRow,
  snapshot: RoutingSnapshot,
  at: Date,
  events: NewTicketEvent[],
): Promise<TicketRow> {
  const job: RoadsideJobRow = {
    id: randomUUID(),
    ticketId: draft.id,
    status: 'offering',
    candidates: [],
    origin: incidentOrigin(draft),
    offerSeconds: 0,
    providerDealerId: null,
    etaMinutes: null,
    etaAt: null,
    towDestinationDealerId: null,
    lastPosition: null,
    acceptedAt: null,
    arrivedAt: null,
    finishedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  const { ticket } = await offerNextOrGiveUp({ tx, actor, ticket: draft, job, offeredBefore: [], snapshot, at, events, write: 'insert' });
  return ticket;
}

async function lockTicketRow(tx: Executor, ticketId: string): Promise<TicketRow> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!ticket) throw new AppError('NOT_FOUND');
  return ticket;
}

/** An offer the actor's dealer received, or NOT_FOUND (another dealer's offer is indistinguishable from none). */
async function ownOffer(db: Executor, actor: Actor, offerId: string): Promise<RoadsideOfferRow> {
  const [offer] = await db.select().from(roadsideOffers).where(eq(roadsideOffers.id, offerId));
  if (!offer || !actor.dealerId || offer.dealerId !== actor.dealerId) throw new AppError('NOT_FOUND');
  return offer;
}

/** Locks the ticket, then the offer, and checks the offer can still be answered. */
async function lockPendingOffer(tx: Executor, offer: RoadsideOfferRow, at: Date) {
  const ticket = await lockTicketRow(tx, offer.ticketId);
  const [locked] = await tx.select().from(roadsideOffers).where(eq(roadsideOffers.id, offer.id)).for('update');
  if (locked.status !== 'pending') throw new AppError('OFFER_CLOSED', { status: locked.status });
  // Past its time the offer is the timer's to expire, even if the timer has not run yet.
  if (locked.dueAt.getTime() <= at.getTime()) throw new AppError('OFFER_CLOSED', { status: 'expired' });
  const [job] = await tx.select().from(roadsideJobs).where(eq(roadsideJobs.id, locked.jobId)).for('update');
  return { ticket, offer: locked, job };
}

const answeredBy = (actor: Actor) => `${actor.kind}:${actor.id}`;

async function offeredDealers(tx: Executor, jobId: string): Promise<string[]> {
  const rows = await tx.select({ dealerId: roadsideOffers.dealerId }).from(roadsideOffers).where(eq(roadsideOffers.jobId, jobId)).orderBy(roadsideOffers.round);
  return rows.map((row) => row.dealerId);
}

/**
 * The provider accepts with an ETA: the job is theirs, and the ticket is dispatched to them (careline's dispatch) and
 * acknowledged by them in the same transaction, so its SLA clocks start and the acknowledgement is met at once.
 */
export async function acceptRoadsideOffer(ctx: CommandContext & { offerId: string; request: TAcceptOfferRequest }) {
  const at = ctx.now ?? new Date();
  const found = await ownOffer(ctx.db, ctx.actor, ctx.offerId);
  return ctx.db.transaction(async (tx) => {
    const { ticket, offer, job } = await lockPendingOffer(tx, found, at);
    // A ticket the hotline dispatched or cancelled by hand meanwhile is no longer on offer.
    if (ticket.status !== 'new') throw new AppError('OFFER_CLOSED', { status: 'withdrawn' });
    const [provider] = await tx.select({ regionId: dealers.regionId }).from(dealers).where(eq(dealers.id, offer.dealerId));
    const etaAt = new Date(at.getTime() + ctx.request.etaMinutes * 60_000);
    const offerAccepted = { status: 'accepted' as const, answeredAt: at, answeredBy: answeredBy(ctx.actor), etaMinutes: ctx.request.etaMinutes };
    const jobAccepted = { status: 'accepted' as const, providerDealerId: offer.dealerId, etaMinutes: ctx.request.etaMinutes, etaAt, acceptedAt: at, updatedAt: at };
    const dispatched = await saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes: { status: 'dispatched', responsibleDealerId: offer.dealerId, responsibleDepartmentId: null, regionId: provider?.regionId ?? ticket.regionId, dispatchedAt: at, acknowledgedAt: null },
      events: [
        { type: 'roadside_offer_accepted', payload: { jobId: job.id, offerId: offer.id, providerId: offer.dealerId, round: offer.round, etaMinutes: ctx.request.etaMinutes, etaAt: etaAt.toISOString() } },
        {
          type: 'dispatched',
          actor: SYSTEM_ACTOR,
          payload: { from: ticket.status, to: 'dispatched', mode: 'roadside_offer', transfer: false, dealerId: offer.dealerId, departmentId: null, ccDepartmentIds: ticket.ccDepartmentIds, reason: null },
        },
      ],
      kind: 'dispatched',
      outbox: [{ topic: 'ticket.dispatched', payload: { ticketId: ticket.id, dealerId: offer.dealerId, departmentId: null, ccDepartmentIds: ticket.ccDepartmentIds } }],
      facts: mergeFacts(updatedFacts(ROADSIDE_OFFER_FIGURES, [offer.id], offerAccepted), updatedFacts(ROADSIDE_JOB_FIGURES, [job.id], jobAccepted)),
    });
    const acknowledged = await saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket: dispatched,
      at,
      changes: { status: 'acknowledged', acknowledgedAt: at },
      events: [{ type: 'acknowledged', payload: { from: 'dispatched', to: 'acknowledged', roadsideOfferId: offer.id } }],
      kind: 'acknowledged',
    });
    await tx.update(roadsideOffers).set(offerAccepted).where(eq(roadsideOffers.id, offer.id));
    const [saved] = await tx.update(roadsideJobs).set(jobAccepted).where(eq(roadsideJobs.id, job.id)).returning();
    return { ticket: acknowledged, job: saved };
  });
}

/** The provider declines with a reason: the next provider gets the offer at once (or the supervisor board the ticket). */
export async function declineRoadsideOffer(ctx: CommandContext & { offerId: string; request: TDeclineOfferRequest }) {
  const at = ctx.now ?? new Date();
  const found = await ownOffer(ctx.db, ctx.actor, ctx.offerId);
  const snapshot = await loadRoutingSnapshot(ctx.db, at);
  return ctx.db.transaction(async (tx) => {
    const { ticket, offer, job } = await lockPendingOffer(tx, found, at);
    const answer = { status: 'declined' as const, answeredAt: at, answeredBy: answeredBy(ctx.actor), declineReason: ctx.request.reason, declineText: ctx.request.text ?? null };
    await tx.update(roadsideOffers).set(answer).where(eq(roadsideOffers.id, offer.id));
    const facts = updatedFacts(ROADSIDE_OFFER_FIGURES, [offer.id], answer);
    const declined: NewTicketEvent = {
      type: 'roadside_offer_declined',
      payload: { jobId: job.id, offerId: offer.id, providerId: offer.dealerId, round: offer.round, reason: ctx.request.reason, text: ctx.request.text ?? null },
    };
    if (ticket.status !== 'new') {
      // Dispatched or cancelled by hand meanwhile: the decline is recorded, nobody else is asked.
      await saveTicketChange({ tx, actor: ctx.actor, ticket, at, changes: {}, events: [declined], kind: 'roadside_offer_declined', facts });
      return { next: null };
    }
    const result = await offerNextOrGiveUp({ tx, actor: ctx.actor, ticket, job, offeredBefore: await offeredDealers(tx, job.id), snapshot, at, events: [declined], facts });
    return { next: result.offer };
  });
}

export type OfferTimeoutOutcome = 'expired' | 'not_due' | 'answered' | 'withdrawn' | 'missing';

/**
 * The offer's time ran out (its delayed job, or the reconciler after a restart): recorded as a timeout, and the next
 * provider is offered. An offer answered meanwhile, or not yet due, is left alone; one whose ticket is no longer `new`
 * (taken elsewhere without withdrawing it) is withdrawn.
 */
export async function expireRoadsideOffer(db: Database, offerId: string, now = new Date()): Promise<OfferTimeoutOutcome> {
  const [found] = await db.select().from(roadsideOffers).where(eq(roadsideOffers.id, offerId));
  if (!found) return 'missing';
  if (found.status !== 'pending') return 'answered';
  if (found.dueAt.getTime() > now.getTime()) return 'not_due';
  const snapshot = await loadRoutingSnapshot(db, now);
  return db.transaction(async (tx) => {
    const ticket = await lockTicketRow(tx, found.ticketId);
    const [offer] = await tx.select().from(roadsideOffers).where(eq(roadsideOffers.id, offerId)).for('update');
    if (offer.status !== 'pending') return 'answered';
    if (offer.dueAt.getTime() > now.getTime()) return 'not_due';
    if (ticket.status !== 'new') {
      // The ticket left the offers meanwhile (the hotline took it elsewhere) without withdrawing this one: withdrawn,
      // not timed out, and chained as such.
      const withdrawn = { status: 'withdrawn' as const, answeredAt: now };
      await tx.update(roadsideOffers).set(withdrawn).where(eq(roadsideOffers.id, offer.id));
      await saveTicketChange({
        tx,
        actor: SYSTEM_ACTOR,
        ticket,
        at: now,
        changes: {},
        events: [{ type: 'roadside_offer_withdrawn', payload: { jobId: offer.jobId, offerId: offer.id, providerId: offer.dealerId, round: offer.round } }],
        kind: 'roadside_offer_withdrawn',
        facts: updatedFacts(ROADSIDE_OFFER_FIGURES, [offer.id], withdrawn),
      });
      return 'withdrawn';
    }
    const [job] = await tx.select().from(roadsideJobs).where(eq(roadsideJobs.id, offer.jobId)).for('update');
    const expired: NewTicketEvent = {
      type: 'roadside_offer_expired',
      actor: SYSTEM_ACTOR,
      payload: { jobId: job.id, offerId: offer.id, providerId: offer.dealerId, round: offer.round, dueAt: offer.dueAt.toISOString() },
    };
    const timedOut = { status: 'expired' as const, answeredAt: now };
    await tx.update(roadsideOffers).set(timedOut).where(eq(roadsideOffers.id, offer.id));
    await offerNextOrGiveUp({
      tx,
      actor: SYSTEM_ACTOR,
      ticket,
      job,
      offeredBefore: await offeredDealers(tx, job.id),
      snapshot,
      at: now,
      events: [expired],
      facts: updatedFacts(ROADSIDE_OFFER_FIGURES, [offer.id], timedOut),
    });
    return 'expired';
  });
}

/** The pending offers and their due times: what the timers must be (all, or one offer's). */
export async function pendingRoadsideOffers(db: Executor, offerId?: string): Promise<Array<{ offerId: string; dueAt: Date }>> {
  const rows = await db
    .select({ offerId: roadsideOffers.id, dueAt: roadsideOffers.dueAt })
    .from(roadsideOffers)
    .where(offerId ? and(eq(roadsideOffers.status, 'pending'), eq(roadsideOffers.id, offerId)) : eq(roadsideOffers.status, 'pending'));
  return rows;
}

/** A job the actor may report on: its accepted provider's staff and API keys (anyone else: NOT_FOUND). */
async function ownJob(db: Executor, actor: Actor, jobId: string): Promise<RoadsideJobRow> {
  const [job] = await db.select().from(roadsideJobs).where(eq(roadsideJobs.id, jobId));
  if (!job || !actor.dealerId || job.providerDealerId !== actor.dealerId) throw new AppError('NOT_FOUND');
  return job;
}

/** What a step does to the rescue's clocks: reaching the car (gone on arrival too) meets the arrival; calling it off stops them. */
function rescueTurnOf(step: RoadsideJobStatus): 'arrived' | 'called_off' | null {
  if (step === 'arrived' || step === 'gone_on_arrival') return 'arrived';
  if (step === 'cancelled') return 'called_off';
  return null;
}

/**
 * The provider's next step (en route with an ETA, arrived, towing to a dealer, completed, cancelled, gone on arrival),
 * with its position when given. A step the rules do not allow is ROADSIDE_INVALID_STEP (409).
 */
export async function recordRoadsideProgress(ctx: CommandContext & { jobId: string; request: TRoadsideProgressRequest }) {
  const at = ctx.now ?? new Date();
  const { request } = ctx;
  const found = await ownJob(ctx.db, ctx.actor, ctx.jobId);
  if (request.towDestinationDealerId) {
    const [destination] = await ctx.db.select({ id: dealers.id }).from(dealers).where(and(eq(dealers.id, request.towDestinationDealerId), eq(dealers.active, true)));
    if (!destination) throw new AppError('UNKNOWN_REFERENCE', { field: 'towDestinationDealerId' });
  }
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicketRow(tx, found.ticketId);
    const [job] = await tx.select().from(roadsideJobs).where(eq(roadsideJobs.id, found.id)).for('update');
    if (job.providerDealerId !== ctx.actor.dealerId) throw new AppError('NOT_FOUND');
    const from = job.status as RoadsideJobStatus;
    if (!canMoveRoadside(from, request.status)) throw new AppError('ROADSIDE_INVALID_STEP', { from, to: request.status });
    const etaAt = request.etaMinutes !== undefined ? new Date(at.getTime() + request.etaMinutes * 60_000) : undefined;
    const position = request.position ? { ...request.position, at: at.toISOString() } : undefined;
    const finished = request.status === 'completed' || request.status === 'cancelled' || request.status === 'gone_on_arrival';
    const step = {
      status: request.status,
      ...(etaAt ? { etaMinutes: request.etaMinutes, etaAt } : {}),
      ...(position ? { lastPosition: position } : {}),
      ...(request.status === 'arrived' ? { arrivedAt: at } : {}),
      ...(request.towDestinationDealerId ? { towDestinationDealerId: request.towDestinationDealerId } : {}),
      ...(finished ? { finishedAt: at } : {}),
      updatedAt: at,
    };
    const [saved] = await tx.update(roadsideJobs).set(step).where(eq(roadsideJobs.id, job.id)).returning();
    const updated = await saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes: {},
      events: [
        {
          type: 'roadside_progress',
          payload: {
            jobId: job.id,
            from,
            to: request.status,
            etaMinutes: request.etaMinutes ?? null,
            etaAt: etaAt?.toISOString() ?? null,
            position: request.position ?? null,
            towDestinationDealerId: request.towDestinationDealerId ?? null,
            comment: request.comment ?? null,
          },
        },
      ],
      kind: 'roadside_progress',
      sla: { rescue: rescueTurnOf(request.status) },
      facts: updatedFacts(ROADSIDE_JOB_FIGURES, [job.id], step),
    });
    return { ticket: updated, job: saved };
  });
}

/**
 * The truck's position between steps (the provider's dispatch software sends it often): kept on the job and told live,
 * not chained — the steps are. Only while the job is in hand.
 */
export async function recordRoadsidePosition(ctx: CommandContext & { jobId: string; request: TRoadsidePositionRequest }) {
  const at = ctx.now ?? new Date();
  const found = await ownJob(ctx.db, ctx.actor, ctx.jobId);
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicketRow(tx, found.ticketId);
    const [job] = await tx.select().from(roadsideJobs).where(eq(roadsideJobs.id, found.id)).for('update');
    if (!ACTIVE_JOB_STATUSES.includes(job.status as RoadsideJobStatus)) throw new AppError('ROADSIDE_INVALID_STEP', { from: job.status, to: 'position' });
    const [saved] = await tx
      .update(roadsideJobs)
      .set({ lastPosition: { lat: ctx.request.lat, lng: ctx.request.lng, at: at.toISOString() }, updatedAt: at })
      .where(eq(roadsideJobs.id, job.id))
      .returning();
    await writeOutbox(tx, [
      { topic: 'ticket.changed', ticketId: ticket.id, payload: ticketChangedOutbox({ ticketId: ticket.id, version: ticket.version, kind: 'roadside_position', before: ticket, after: ticket }) },
    ]);
    return { job: saved };
  });
}

/** Whether the actor reads a ticket's whole offer chain (the hotline) or only its own part of it (the provider). */
export function readsWholeOfferChain(actor: Actor): boolean {
  return isHotlineRole(actor.role);
}
