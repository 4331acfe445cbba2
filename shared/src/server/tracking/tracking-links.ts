/**
 * The customer's tracking links (issue 12). A change that should tell the customer (the ticket's first dispatch, a
 * roadside provider's acceptance) writes a `tracking.link_requested` outbox row in its transaction; the SMS worker
 * makes the link from that row (one per row, `outbox_id` unique) and texts it (send-tracking-sms.command.ts).
 *
 * The token is 256 bits: HMAC-SHA256 of the link's id under a key derived (HKDF) from the process's audit HMAC key, so
 * the worker can write it into the SMS again after a crash while the database keeps only its SHA-256 and nothing in
 * the outbox or the SMS table holds it. Someone with the database alone cannot make a working link.
 */
import { createHash, createHmac } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { ROAD_FACTOR } from '../../roadside/provider-selection';
import { distanceKm } from '../../routing/route-ticket';
import { buildTrackingView, rescueNextStep, type TrackedEvent, trackingRoadsideOf, type TrackingView } from '../../tracking/tracking-view';
import type { TicketStatus, TicketType } from '../../tickets/ticket-vocabulary';
import { derivedKey } from '../audit/audit-keys';
import type { Database, Executor } from '../db/client';
import { dealers, roadsideJobs, ticketEvents, tickets, trackingLinks } from '../db/schema';
import type { OutboxMessage, TrackingLinkReason } from '../jobs';
import { writeOutbox } from '../tickets/ticket-events';

/** The key tracking tokens are made with: derived from the audit HMAC key (so there is no second secret to keep). */
const trackingKey = () => derivedKey('careline tracking links v1');

/** The token of a link (43 characters, base64url of 256 bits). */
export function trackingTokenOf(linkId: string): string {
  return createHmac('sha256', trackingKey()).update(linkId).digest('base64url');
}

/** What the database keeps of a token. */
export const hashTrackingToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The page a token opens (the console's `/t/:token`). */
export const trackingLinkUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/t/${token}`;

/** The outbox row that asks for a tracking link and its SMS: goes with the change that calls for it. */
export const trackingLinkRequest = (ticketId: string, reason: TrackingLinkReason): OutboxMessage<'tracking.link_requested'> => ({
  topic: 'tracking.link_requested',
  payload: { ticketId, reason },
});

/**
 * Asks for a tracking link and its SMS inside the caller's transaction (e.g. a roadside provider's acceptance, with
 * `reason: 'provider_accepted'`): written with the change, it is sent even if the process dies right after the commit.
 */
export async function requestTrackingLink(tx: Executor, options: { ticketId: string; reason: TrackingLinkReason }): Promise<void> {
  await writeOutbox(tx, [{ ...trackingLinkRequest(options.ticketId, options.reason), ticketId: options.ticketId }]);
}

/** Whether a change gives the ticket its first dispatch (the moment the customer is first sent a link). */
export const isFirstDispatch = (before: { dispatchedAt: Date | null }, after: { dispatchedAt: Date | null }) =>
  before.dispatchedAt === null && after.dispatchedAt !== null;

export type TrackingLinkRow = typeof trackingLinks.$inferSelect;

/** The link an outbox row asked for, made once: a replayed job finds the one made before. */
export async function ensureTrackingLink(db: Executor, options: { outboxId: number; ticketId: string; reason: TrackingLinkReason; linkId: string }): Promise<{ link: TrackingLinkRow; token: string }> {
  await db
    .insert(trackingLinks)
    .values({ id: options.linkId, ticketId: options.ticketId, outboxId: options.outboxId, reason: options.reason, tokenHash: hashTrackingToken(trackingTokenOf(options.linkId)) })
    .onConflictDoNothing({ target: trackingLinks.outboxId });
  const [link] = await db.select().from(trackingLinks).where(eq(trackingLinks.outboxId, options.outboxId));
  return { link, token: trackingTokenOf(link.id) };
}

export interface TrackingLookupOptions {
  /** How long a link works after the ticket closed or was cancelled. */
  ttlAfterCloseHours: number;
  now?: Date;
}

type TicketRow = typeof tickets.$inferSelect;

/** Whether a link to this ticket has expired: a set time after it closed or was cancelled. */
export function trackingExpired(ticket: Pick<TicketRow, 'status' | 'closedAt' | 'cancelledAt'>, options: TrackingLookupOptions): boolean {
  const ended = ticket.status === 'closed' ? ticket.closedAt : ticket.status === 'cancelled' ? ticket.cancelledAt : null;
  if (!ended) return false;
  return (options.now ?? new Date()).getTime() >= ended.getTime() + options.ttlAfterCloseHours * 3_600_000;
}

/** The ticket a token opens, or null for an unknown, malformed or expired token (the caller cannot tell which). */
export async function findTrackedTicket(db: Executor, token: string, options: TrackingLookupOptions): Promise<TicketRow | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [found] = await db
    .select({ ticket: tickets })
    .from(trackingLinks)
    .innerJoin(tickets, eq(tickets.id, trackingLinks.ticketId))
    .where(eq(trackingLinks.tokenHash, hashTrackingToken(token)));
  if (!found || trackingExpired(found.ticket, options)) return null;
  return found.ticket;
}

/** The public view of the ticket a token opens, or null (unknown or expired). */
export async function loadTrackingView(db: Database, token: string, options: TrackingLookupOptions): Promise<TrackingView | null> {
  const ticket = await findTrackedTicket(db, token, options);
  if (!ticket) return null;
  const events: TrackedEvent[] = await db
    .select({ type: ticketEvents.type, occurredAt: ticketEvents.occurredAt, payload: ticketEvents.payload })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticket.id))
    .orderBy(asc(ticketEvents.sequence));
  const dealer = ticket.responsibleDealerId
    ? (await db.select({ zh: dealers.nameZh, en: dealers.nameEn }).from(dealers).where(and(eq(dealers.id, ticket.responsibleDealerId))))[0]
    : undefined;
  const view = buildTrackingView(
    {
      number: ticket.number,
      holder: ticket.responsibleDealerId ? 'dealer' : ticket.responsibleDepartmentId ? 'team' : null,
      type: ticket.type as TicketType,
      status: ticket.status as TicketStatus,
      firstContactAt: ticket.firstContactAt,
      acknowledgeDueAt: ticket.acknowledgeDueAt,
      firstContactDueAt: ticket.firstContactDueAt,
      resolveDueAt: ticket.resolveDueAt,
      updatedAt: ticket.updatedAt,
    },
    events,
    dealer ?? null,
  );
  if (ticket.type !== 'roadside') return view;
  const [job] = await db.select().from(roadsideJobs).where(eq(roadsideJobs.ticketId, ticket.id));
  if (!job) return view;
  const provider = job.providerDealerId
    ? (await db.select({ zh: dealers.nameZh, en: dealers.nameEn }).from(dealers).where(eq(dealers.id, job.providerDealerId)))[0]
    : undefined;
  // The distance left: from the provider's last reported position to where the car is, as the ranking measures roads.
  const distanceLeft = job.lastPosition && job.origin ? Math.round(distanceKm(job.lastPosition, job.origin) * ROAD_FACTOR * 10) / 10 : null;
  const positionAt = job.lastPosition ? new Date(job.lastPosition.at) : null;
  return {
    ...view,
    nextStep: rescueNextStep(view, job),
    roadside: trackingRoadsideOf({ status: job.status, etaAt: job.etaAt, positionAt }, provider ?? null, distanceLeft),
  };
}
