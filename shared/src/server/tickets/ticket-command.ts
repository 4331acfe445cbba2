import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { ticketChangedOutbox } from '../../realtime/realtime-events';
import { type TicketAction, transition } from '../../tickets/ticket-lifecycle';
import { canTakeAction, canViewTicket, type PolicyTicket } from '../../tickets/ticket-policy';
import type { TicketStatus, TicketType } from '../../tickets/ticket-vocabulary';
import type { Database, Executor } from '../db/client';
import { slaMilestones, tickets } from '../db/schema';
import type { SlaChangeFacts } from '../../sla/sla-planner';
import { planCallbackChange } from '../callbacks/callback-tasks';
import { syncSlaClocks } from '../sla/sla-clocks';
import { planRoadsideCancel } from '../roadside/roadside-cancel';
import { planRoadsideHandover } from '../roadside/roadside-handover';
import type { OutboxMessage } from '../jobs';
import { type EventFacts, factRow, factValue, mergeFacts, TICKET_FIGURES } from '../audit/derived-figures';
import { isFirstDispatch, trackingLinkRequest } from '../tracking/tracking-links';
import { chainEvents, insertTicketEvents, type NewTicketEvent, writeOutbox } from './ticket-events';

export type TicketRow = typeof tickets.$inferSelect;

/** What every command receives. `now` is injectable so demo data and tests can place events in time. */
export interface CommandContext {
  db: Database;
  actor: Actor;
  now?: Date;
}

export function toPolicyTicket(ticket: TicketRow): PolicyTicket {
  return {
    status: ticket.status as TicketStatus,
    type: ticket.type as TicketType,
    responsibleDealerId: ticket.responsibleDealerId,
    responsibleDepartmentId: ticket.responsibleDepartmentId,
    ccDepartmentIds: ticket.ccDepartmentIds,
  };
}

/**
 * Locks the ticket row for the rest of the transaction and checks the actor may see it. A ticket the actor may not
 * see is NOT_FOUND, exactly like one that does not exist.
 */
export async function lockTicket(tx: Executor, actor: Actor, ticketId: string): Promise<TicketRow> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!ticket || !canViewTicket(actor, toPolicyTicket(ticket))) throw new AppError('NOT_FOUND', { ticketId });
  return ticket;
}

/** Refuses a stale write: the caller read `expectedVersion`, the row has moved on. */
export function assertVersion(ticket: TicketRow, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && ticket.version !== expectedVersion) {
    throw new AppError('VERSION_CONFLICT', { expected: expectedVersion, actual: ticket.version });
  }
}

/** Lifecycle first (409), then role (403): a dealer asking to close a resolved ticket learns it is not theirs to close. */
export function authorizeAction(actor: Actor, ticket: TicketRow, action: TicketAction): TicketStatus {
  const policyTicket = toPolicyTicket(ticket);
  const result = transition(policyTicket, action);
  if (!result.ok) throw new AppError('INVALID_TRANSITION', { action, status: ticket.status });
  if (!canTakeAction(actor, policyTicket, action)) throw new AppError('FORBIDDEN', { action });
  return result.to;
}

/**
 * The ticket's figure columns (TICKET_FIGURES: dispatched, acknowledged, first contact, resolved, closed, cancelled)
 * that a change sets, as facts: all of them for a new row, else those that differ.
 */
export function ticketFigureFacts(before: TicketRow, after: TicketRow, inserted: boolean): EventFacts | undefined {
  const fields = TICKET_FIGURES.fields as ReadonlyArray<keyof TicketRow>;
  if (inserted) return { [TICKET_FIGURES.table]: { insert: [factRow(after, fields)] } };
  const changed = fields.filter((field) => factValue(before[field]) !== factValue(after[field]));
  return changed.length > 0 ? { [TICKET_FIGURES.table]: { update: [factRow(after, changed)] } } : undefined;
}

export interface SaveTicketChange {
  tx: Executor;
  actor: Actor;
  ticket: TicketRow;
  at: Date;
  changes: Partial<TicketRow>;
  events: NewTicketEvent[];
  /** Kind of change for live updates (`{ ticketId, version, kind }`). */
  kind: string;
  outbox?: OutboxMessage[];
  /** What the SLA planner must know of the change that the rows do not show (a finding, the routing rule's policy). */
  sla?: SlaChangeFacts;
  /** What the command wrote to derived tables itself (e.g. a lead follow-up row), recorded on the chain with the change. */
  facts?: EventFacts;
  /**
   * `insert` when `ticket` is a draft not yet saved (a ticket created and routed in one go): the row is inserted with
   * the change, in one write. Otherwise the locked row is updated.
   */
  write?: 'update' | 'insert';
  /** The change is a callback's own outcome (the callback command settles its task itself). */
  callbackHandled?: boolean;
}

/**
 * Writes one change of a locked ticket: the row with its version bumped, the events on the hash chain, and the
 * outbox rows that tell the rest of the system. All in the caller's transaction.
 */
/** A dispatch made by a provider accepting a rescue offer (acceptRoadsideOffer). */
const byRoadsideOffer = (change: SaveTicketChange) =>
  change.events.some((event) => event.type === 'dispatched' && (event.payload as { mode?: string }).mode === 'roadside_offer');

export async function saveTicketChange(change: SaveTicketChange): Promise<TicketRow> {
  const { tx, ticket, at } = change;
  // A resolution schedules the callback, leaving `resolved` otherwise cancels it: its events go on the chain too.
  const callback = await planCallbackChange(tx, ticket, { ...ticket, ...change.changes }, at, change.callbackHandled);
  // A roadside ticket dispatched by hand takes its rescue along (a job for the dealer, a pending offer withdrawn).
  const rescue = await planRoadsideHandover(tx, change.actor, ticket, { ...ticket, ...change.changes }, at, byRoadsideOffer(change));
  const changes = { ...change.changes, updatedAt: at, version: ticket.version + 1 };
  // A cancelled roadside ticket ends its rescue (nothing read for any other change).
  const rescueEnds = ticket.type === 'roadside' && changes.status === 'cancelled' && ticket.status !== 'cancelled' ? await planRoadsideCancel(tx, ticket.id, at) : null;
  // The clocks follow from the row as it will be saved; their due times are saved with it, in one update.
  const sla = await syncSlaClocks(tx, ticket, { ...ticket, ...changes }, at, change.sla);
  const saved: TicketRow = { ...ticket, ...changes, ...sla.columns };
  // The locked row holds the chain head, so appending needs no read of the events table. The change's last event
  // carries what it did to the figures (ticket times, clocks, the command's own rows), under the same hash.
  const chained = chainEvents({
    ticketId: ticket.id,
    actor: change.actor,
    occurredAt: at,
    head: { sequence: ticket.auditEventCount, hash: ticket.auditHeadHash },
    events: [...change.events, ...rescue.events, ...callback.events],
    facts: mergeFacts(ticketFigureFacts(ticket, saved, change.write === 'insert'), sla.facts, callback.facts, rescue.facts, rescueEnds?.facts, change.facts),
  });
  const head = { auditHeadHash: chained.head.hash, auditEventCount: chained.head.sequence };
  let synced: TicketRow;
  if (change.write === 'insert') {
    // Every column is given, and nothing in the database rewrites a new ticket: the row is what was inserted.
    synced = { ...saved, ...head };
    await tx.insert(tickets).values(synced);
  } else {
    [synced] = await tx.update(tickets).set({ ...changes, ...sla.columns, ...head }).where(eq(tickets.id, ticket.id)).returning();
  }
  if (sla.started.length > 0) await tx.insert(slaMilestones).values(sla.started);
  await rescueEnds?.write(tx);
  await rescue.write(tx);
  await callback.write(tx);
  await insertTicketEvents(tx, chained.rows);
  await writeOutbox(tx, [
    {
      topic: 'ticket.changed',
      ticketId: ticket.id,
      // Who hears of it live: the dealers and departments concerned before or after it, and those that lost the ticket.
      payload: ticketChangedOutbox({ ticketId: ticket.id, version: synced.version, kind: change.kind, before: ticket, after: synced }),
    },
    ...(change.outbox ?? []).map((row) => ({ ...row, ticketId: ticket.id })),
    // SLA timers (workers) reschedule from the database whenever a ticket's clocks started, stopped or moved.
    ...(sla.clocksMoved
      ? [{ topic: 'sla.changed' as const, ticketId: ticket.id, payload: { ticketId: ticket.id, version: synced.version } }]
      : []),
    // The customer's tracking link goes out by SMS at the first dispatch (made and sent by the SMS worker); a roadside
    // ticket's first dispatch is a provider's acceptance of the rescue offer, and its text says so.
    ...(isFirstDispatch(ticket, synced) ? [{ ...trackingLinkRequest(ticket.id, byRoadsideOffer(change) ? 'provider_accepted' : 'dispatched'), ticketId: ticket.id }] : []),
  ]);
  return synced;
}

export interface TransitionCommandOptions {
  ctx: CommandContext;
  ticketId: string;
  expectedVersion: number;
  action: TicketAction;
  eventType: NewTicketEvent['type'];
  payload?: Record<string, unknown>;
  /** Extra column changes for this action (timestamps, responsibility). */
  changes?: (ticket: TicketRow, at: Date) => Partial<TicketRow>;
  outbox?: (ticket: TicketRow) => OutboxMessage[];
}

/** The shape every status-changing command shares: lock, check version and policy, move, record. */
export async function runTransition(options: TransitionCommandOptions): Promise<TicketRow> {
  const { ctx } = options;
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.actor, options.ticketId);
    assertVersion(ticket, options.expectedVersion);
    const to = authorizeAction(ctx.actor, ticket, options.action);
    const at = ctx.now ?? new Date();
    return saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes: { status: to, ...options.changes?.(ticket, at) },
      events: [{ type: options.eventType, payload: { from: ticket.status, to, ...options.payload } }],
      kind: options.eventType,
      outbox: options.outbox?.(ticket),
    });
  });
}
