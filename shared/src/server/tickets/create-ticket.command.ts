import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { ticketChangedOutbox } from '../../realtime/realtime-events';
import type { TCreateTicketRequest } from '../../tickets/ticket.schemas';
import type { Priority } from '../../tickets/ticket-vocabulary';
import { canonicalJson } from '../audit/audit-chain';
import type { Database } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { categories, customers, dealers, idempotencyKeys, tickets, vehicles } from '../db/schema';
import { type CommandContext, saveTicketChange, type TicketRow, ticketFigureFacts } from './ticket-command';
import { chainEvents, EMPTY_CHAIN, insertTicketEvents, type NewTicketEvent, writeOutbox } from './ticket-events';
import { nextTicketNumber } from './ticket-number';
import { loadRoutingSnapshot, planRouting, saveRoutingPlan } from '../routing/route-ticket.command';
import { canCreateTicket } from '../../tickets/ticket-policy';
import { locateIncident } from '../geo/locate-incident';
import { EMERGENCY_NUMBERS } from '../../roadside/roadside-vocabulary';
import { startRoadsideJob } from '../roadside/roadside-offers';
import { cachedCategory } from '../reference/category-cache';

export interface CreateTicketResult {
  ticket: TicketRow;
  /** True when the Idempotency-Key was seen before and the earlier ticket is returned. */
  replayed: boolean;
}

/** Thrown inside the transaction when a concurrent request with the same key won; rolls back our attempt. */
class IdempotencyRace extends Error {}

export const DEFAULT_PRIORITY: Record<TCreateTicketRequest['type'], Priority> = {
  enquiry: 'P4',
  complaint: 'P3',
  roadside: 'P2',
  suggestion: 'P4',
  praise: 'P4',
  lead: 'P3',
};

function unknownReference(field: string): AppError {
  return new AppError('UNKNOWN_REFERENCE', { field });
}

// Most creates name a vehicle.
const vehicleById = preparedPerDatabase((db) => db.select().from(vehicles).where(eq(vehicles.id, sql.placeholder('id'))).prepare('careline_vehicle_by_id'));

/**
 * Checks every id the request names and returns the rows routing and creation need. `knownDealers` (the routing
 * snapshot's, when there is one) saves reading the servicing dealer's region.
 */
export async function resolveReferences(db: Database, input: TCreateTicketRequest, knownDealers?: ReadonlyArray<{ id: string; regionId: string }>) {
  let category: typeof categories.$inferSelect | undefined;
  if (input.categoryId) {
    category = await cachedCategory(db, input.categoryId);
    if (!category || !category.active || category.ticketType !== input.type) throw unknownReference('categoryId');
  }
  let customerId = input.customerId ?? null;
  let vehicle: typeof vehicles.$inferSelect | undefined;
  if (input.vehicleId) {
    [vehicle] = await vehicleById(db).execute({ id: input.vehicleId });
    if (!vehicle || (customerId !== null && vehicle.customerId !== customerId)) throw unknownReference('vehicleId');
    customerId = vehicle.customerId;
  } else if (customerId) {
    const [customer] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId));
    if (!customer) throw unknownReference('customerId');
  }
  if (input.type === 'praise' && input.praisedDealerId) {
    const [dealer] = await db.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, input.praisedDealerId));
    if (!dealer) throw unknownReference('praisedDealerId');
  }
  let regionId: string | null = null;
  const known = vehicle?.servicingDealerId ? knownDealers?.find((dealer) => dealer.id === vehicle!.servicingDealerId) : undefined;
  if (known) regionId = known.regionId;
  else if (vehicle?.servicingDealerId) {
    const [dealer] = await db
      .select({ regionId: dealers.regionId })
      .from(dealers)
      .where(eq(dealers.id, vehicle.servicingDealerId));
    regionId = dealer?.regionId ?? null;
  }
  return { category, customerId, vehicleId: vehicle?.id ?? null, regionId };
}

function typeDetails(input: TCreateTicketRequest): Record<string, unknown> {
  switch (input.type) {
    case 'lead':
      return { purchaseTiming: input.purchaseTiming, modelOfInterest: input.modelOfInterest, leadSource: input.leadSource };
    case 'praise':
      return { praisedDealerId: input.praisedDealerId };
    case 'roadside':
      return {
        roadsideType: input.roadsideType,
        motorway: input.motorway,
        callbackNumber: input.callbackNumber,
        peopleOnBoard: input.peopleOnBoard,
        injured: input.injured,
        // Someone is hurt: the agent tells the caller to ring these first (the ticket view carries them).
        ...(input.injured ? { emergencyNumbers: EMERGENCY_NUMBERS.map((entry) => entry.number) } : {}),
      };
    default:
      return {};
  }
}

/** Whether a new ticket is routed at once (`auto`) or held for a person; enquiries are held unless asked. */
export function dispatchModeOf(input: TCreateTicketRequest): 'auto' | 'hold' {
  return input.dispatch ?? (input.type === 'enquiry' ? 'hold' : 'auto');
}

/** What a new ticket holds before routing, from the request and its resolved references: the preview reads the same. */
export function initialTicketFields(input: TCreateTicketRequest, references: Awaited<ReturnType<typeof resolveReferences>>) {
  return {
    type: input.type,
    channel: input.channel,
    // Someone hurt at a roadside incident is P1 whatever else was chosen.
    priority:
      input.type === 'roadside' && input.injured
        ? ('P1' as Priority)
        : (input.priority ?? (references.category?.defaultPriority as Priority | null) ?? DEFAULT_PRIORITY[input.type]),
    categoryId: references.category?.id ?? null,
    customerId: references.customerId,
    vehicleId: references.vehicleId,
    subject: input.subject,
    description: input.description,
    // Placed once, here: the stored point (typed or from the gazetteer) is what routing measures from, now and later.
    location: input.type === 'roadside' ? locateIncident(input.location) : null,
    details: typeDetails(input),
    purchaseTiming: input.type === 'lead' ? input.purchaseTiming : null,
    ccDepartmentIds: references.category?.ccDepartmentIds ?? [],
    excludedDealerIds: [] as string[],
    excludedDepartmentIds: [] as string[],
  };
}

/**
 * Opens a ticket in `new`: validates references, numbers it, records the `created` event and its outbox row.
 * With an idempotency key, the same caller sending the same key again gets the first ticket back, never a second.
 */
export async function createTicket(
  ctx: CommandContext & { input: TCreateTicketRequest; idempotencyKey?: string },
): Promise<CreateTicketResult> {
  const { input, actor } = ctx;
  if (!canCreateTicket(actor)) throw new AppError('FORBIDDEN', { action: 'create' });
  const callerId = `${actor.kind}:${actor.id}`;
  const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');

  const replay = async (): Promise<CreateTicketResult | null> => {
    if (!ctx.idempotencyKey) return null;
    const [row] = await ctx.db
      .select({ requestHash: idempotencyKeys.requestHash, ticket: tickets })
      .from(idempotencyKeys)
      .innerJoin(tickets, eq(tickets.id, idempotencyKeys.ticketId))
      .where(and(eq(idempotencyKeys.callerId, callerId), eq(idempotencyKeys.key, ctx.idempotencyKey)));
    if (!row) return null;
    if (row.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { ticket: row.ticket, replayed: true };
  };

  const earlier = await replay();
  if (earlier) return earlier;

  // References are read and the number drawn before the transaction: the per-day counter row is then locked only for
  // its own increment, not for the whole create, so concurrent creates do not queue behind each other. A create that
  // fails afterwards leaves a gap in the day's numbers, as a database sequence would.
  const at = ctx.now ?? new Date();
  const routing = dispatchModeOf(input) === 'auto' ? await loadRoutingSnapshot(ctx.db, at) : null;
  const references = await resolveReferences(ctx.db, input, routing?.environment.dealers);
  const number = await nextTicketNumber(ctx.db, input.type, at);
  try {
    const ticket = await ctx.db.transaction(async (tx) => {
      const initial = initialTicketFields(input, references);
      const { priority, categoryId, ccDepartmentIds } = initial;
      const id = randomUUID();
      const createdEvent: NewTicketEvent = {
        type: 'created',
        payload: {
          number,
          type: input.type,
          channel: input.channel,
          priority,
          categoryId,
          customerId: references.customerId,
          vehicleId: references.vehicleId,
          subject: input.subject,
          description: input.description,
          ccDepartmentIds,
          // Where the car is and where its point came from (typed, or the gazetteer's centre of a place): on the chain.
          ...(initial.location ? { location: initial.location } : {}),
        },
      };
      const row: TicketRow = {
        ...initial,
        id,
        number,
        status: 'new',
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        responsibleDealerId: null,
        responsibleDepartmentId: null,
        regionId: references.regionId,
        routingRuleSetVersion: null,
        routingDecision: null,
        slaPolicyId: null,
        acknowledgeDueAt: null,
        firstContactDueAt: null,
        resolveDueAt: null,
        dispatchedAt: null,
        acknowledgedAt: null,
        firstContactAt: null,
        resolvedAt: null,
        closedAt: null,
        cancelledAt: null,
        pausedAt: null,
        pausedSeconds: 0,
        slaState: 'ok',
        breachedClocks: [],
        escalationLevel: 0,
        rerouteCount: 0,
        reopenCount: 0,
        satisfaction: null,
        trackingToken: randomBytes(18).toString('base64url'),
        auditHeadHash: EMPTY_CHAIN.hash,
        auditEventCount: EMPTY_CHAIN.sequence,
        createdBy: actor.kind === 'user' ? actor.id : null,
        createdAt: at,
        updatedAt: at,
        version: 0,
      };
      let created: TicketRow;
      if (routing && input.type === 'roadside') {
        // Roadside help is offered to rescue providers one at a time (shared/src/server/roadside): the ticket stays
        // `new` until one accepts, and is dispatched to it then.
        created = await startRoadsideJob(tx, actor, row, routing, at, [createdEvent]);
      } else if (routing) {
        // Routed in the same transaction, and written once: the new row already holds where the ticket went, its
        // clocks and its created, routed and dispatched events. A saved ticket is never left unrouted by a crash.
        const plan = await planRouting({ tx, ticket: row, snapshot: routing, at, from: 'new' });
        created = await saveRoutingPlan(tx, actor, row, plan, at, { events: [createdEvent], write: 'insert' });
      } else if (input.type === 'roadside') {
        // Held for the hotline to dispatch by hand: the driver waits all the same, so the hotline's clock to find a
        // provider starts now, as when offers go out.
        created = await saveTicketChange({ tx, actor, ticket: row, at, write: 'insert', changes: {}, events: [createdEvent], kind: 'created', sla: { rescue: 'requested' } });
      } else {
        const chained = chainEvents({ ticketId: id, actor, occurredAt: at, head: EMPTY_CHAIN, events: [createdEvent], facts: ticketFigureFacts(row, row, true) });
        [created] = await tx
          .insert(tickets)
          .values({ ...row, auditHeadHash: chained.head.hash, auditEventCount: chained.head.sequence, version: 1 })
          .returning();
        await insertTicketEvents(tx, chained.rows);
        await writeOutbox(tx, [
          // Nobody owns a held ticket yet; the departments its category copies learn of it now.
          { topic: 'ticket.changed', ticketId: id, payload: ticketChangedOutbox({ ticketId: id, version: 1, kind: 'created', before: null, after: created }) },
        ]);
      }
      if (ctx.idempotencyKey) {
        const inserted = await tx
          .insert(idempotencyKeys)
          .values({ callerId, key: ctx.idempotencyKey, requestHash, ticketId: id, createdAt: at })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeys.key });
        if (inserted.length === 0) throw new IdempotencyRace();
      }
      return created;
    });
    return { ticket, replayed: false };
  } catch (error) {
    if (error instanceof IdempotencyRace) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
}
