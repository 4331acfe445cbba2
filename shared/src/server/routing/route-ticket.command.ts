import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type { RoutingDecision, RoutingEnvironment } from '../../routing/route-ticket';
import type { RoutingRuleSet } from '../../routing/routing-rules';
import type { Channel, Priority, TicketStatus, TicketType } from '../../tickets/ticket-vocabulary';
import type { Database, Executor } from '../db/client';
import { assertVersion, authorizeAction, type CommandContext, lockTicket, saveTicketChange, type TicketRow } from '../tickets/ticket-command';
import type { OutboxMessage } from '../jobs';
import type { NewTicketEvent } from '../tickets/ticket-events';
import { decideRouting, resolveDecision } from './decide-routing';
import { loadPublishedRuleSet, loadRoutingEnvironment } from './routing-data';

/** After this many rejections a ticket stops hopping between dealers and waits for a supervisor. */
export const MAX_REJECTIONS = 3;

/** The rule set and dealer picture one routing decision is made against. */
export interface RoutingSnapshot {
  ruleSet: RoutingRuleSet;
  environment: RoutingEnvironment;
}

let snapshotTtlMs = 0;
const snapshots = new WeakMap<Database, { loadedAt: number; snapshot: RoutingSnapshot }>();

/**
 * Lets a process reuse one snapshot (rules, dealers, their loads and opening state) for `ttlMs`: reading every
 * dealer's open-ticket count for every create is the dominant cost of routing under load. Off (0) unless configured;
 * `npm start` sets ROUTING_SNAPSHOT_TTL_MS (default 1 s). Loads may then lag by that long; publishing a rule set
 * clears the cache of the publishing process.
 */
export function configureRoutingSnapshotCache(options: { ttlMs: number }): void {
  snapshotTtlMs = options.ttlMs;
}

export function invalidateRoutingSnapshot(db: Database): void {
  snapshots.delete(db);
}

export async function loadRoutingSnapshot(db: Database, at: Date): Promise<RoutingSnapshot> {
  const cached = snapshots.get(db);
  if (snapshotTtlMs > 0 && cached && Date.now() - cached.loadedAt < snapshotTtlMs) return cached.snapshot;
  const [ruleSet, environment] = await Promise.all([loadPublishedRuleSet(db), loadRoutingEnvironment(db, at)]);
  const snapshot = { ruleSet: ruleSet ?? { version: 0, rules: [] }, environment };
  if (snapshotTtlMs > 0) snapshots.set(db, { loadedAt: Date.now(), snapshot });
  return snapshot;
}

export interface RoutingPlan {
  decision: RoutingDecision;
  changes: Partial<TicketRow>;
  events: NewTicketEvent[];
  outbox: OutboxMessage[];
}

/**
 * Decides where a ticket goes and what that changes, without writing: callers fold the plan into their own change
 * (creation, a rejection, an explicit route) so that everything lands in one transaction, as one version.
 */
export async function planRouting(options: {
  tx: Executor;
  ticket: TicketRow;
  snapshot: RoutingSnapshot;
  at: Date;
  /** The status the ticket moves from (before any change folded into the same save). */
  from: TicketStatus;
}): Promise<RoutingPlan> {
  const { ticket, snapshot, at } = options;
  const { facts, decision } = await decideRouting(
    options.tx,
    { ...ticket, type: ticket.type as TicketType, priority: ticket.priority as Priority, channel: ticket.channel as Channel },
    snapshot,
    at,
  );
  return planFromDecision(ticket, decision, { ...decision, inputs: facts }, snapshot, at, options.from);
}

function planFromDecision(
  ticket: TicketRow,
  decision: RoutingDecision,
  stored: Record<string, unknown>,
  snapshot: RoutingSnapshot,
  at: Date,
  from: TicketStatus,
): RoutingPlan {
  // The decision already holds the ticket's resulting copies (resolveDecision), as the preview showed them.
  const { ccDepartmentIds } = decision;
  const routed: NewTicketEvent = {
    type: 'routed',
    payload: {
      target: decision.target,
      ruleSetVersion: decision.ruleSetVersion,
      matchedRuleId: decision.matchedRuleId,
      priority: decision.priority,
      ccDepartmentIds,
      flags: decision.flags,
      ...(decision.slaPolicyCode ? { slaPolicyCode: decision.slaPolicyCode } : {}),
    },
  };
  const common = { routingDecision: stored, routingRuleSetVersion: decision.ruleSetVersion, priority: decision.priority, ccDepartmentIds };
  if (decision.target.kind === 'supervisor_queue') {
    return { decision, changes: { ...common, responsibleDealerId: null, responsibleDepartmentId: null }, events: [routed], outbox: [] };
  }
  const dealerId = decision.target.kind === 'dealer' ? decision.target.dealerId : null;
  const departmentId = decision.target.kind === 'department' ? decision.target.departmentId : null;
  const regionId = dealerId ? (snapshot.environment.dealers.find((dealer) => dealer.id === dealerId)?.regionId ?? ticket.regionId) : ticket.regionId;
  return {
    decision,
    changes: { ...common, status: 'dispatched', responsibleDealerId: dealerId, responsibleDepartmentId: departmentId, regionId, dispatchedAt: at, acknowledgedAt: null },
    events: [
      routed,
      { type: 'dispatched', payload: { from, to: 'dispatched', mode: 'routing', transfer: false, dealerId, departmentId, ccDepartmentIds, reason: null } },
    ],
    outbox: [{ topic: 'ticket.dispatched', payload: { ticketId: ticket.id, dealerId, departmentId, ccDepartmentIds } }],
  };
}

/** The plan for a ticket that was rejected too often: nobody responsible, waiting for a supervisor, reason stored. */
export function supervisorQueuePlan(ticket: TicketRow, snapshot: RoutingSnapshot, reason: 'too_many_rejections' | 'no_provider_accepted', at: Date): RoutingPlan {
  const decision = resolveDecision(ticket.ccDepartmentIds, {
    ruleSetVersion: snapshot.ruleSet.version,
    target: { kind: 'supervisor_queue', reason },
    matchedRuleId: null,
    priority: ticket.priority as Priority,
    ccDepartmentIds: [],
    slaPolicyCode: null,
    flags: [],
    signals: [],
    trace: [],
  });
  return planFromDecision(ticket, decision, { ...decision, rejections: ticket.rerouteCount }, snapshot, at, ticket.status as TicketStatus);
}

/**
 * Routes a new or rerouted ticket with the published rule set: dispatches it to the chosen dealer or department
 * (copying the departments the decision names), or leaves it for the supervisor queue with the reason. The whole
 * decision — rule-set version, inputs, every rule tried and every candidate weighed — is stored with the ticket.
 */
export async function routeTicketCommand(
  ctx: CommandContext & { ticketId: string; expectedVersion: number },
): Promise<{ ticket: TicketRow; decision: RoutingDecision }> {
  const at = ctx.now ?? new Date();
  const snapshot = await loadRoutingSnapshot(ctx.db, at);
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.actor, ctx.ticketId);
    assertVersion(ticket, ctx.expectedVersion);
    // The engine routes only what nobody owns; moving an owned ticket is a supervisor's transfer (dispatch).
    if (ticket.status !== 'new' && ticket.status !== 'rerouted') {
      throw new AppError('INVALID_TRANSITION', { action: 'route', status: ticket.status });
    }
    authorizeAction(ctx.actor, ticket, 'dispatch');
    const plan = await planRouting({ tx, ticket, snapshot, at, from: ticket.status as TicketStatus });
    const updated = await saveRoutingPlan(tx, ctx.actor, ticket, plan, at);
    return { ticket: updated, decision: plan.decision };
  });
}

export function saveRoutingPlan(
  tx: Executor,
  actor: Actor,
  ticket: TicketRow,
  plan: RoutingPlan,
  at: Date,
  prefix: { changes?: Partial<TicketRow>; events?: NewTicketEvent[]; outbox?: RoutingPlan['outbox']; write?: 'update' | 'insert' } = {},
) {
  return saveTicketChange({
    write: prefix.write,
    tx,
    actor,
    ticket,
    at,
    changes: { ...prefix.changes, ...plan.changes },
    events: [...(prefix.events ?? []), ...plan.events],
    kind: plan.decision.target.kind === 'supervisor_queue' ? 'routed' : 'dispatched',
    outbox: [...(prefix.outbox ?? []), ...plan.outbox],
    // A rule naming an SLA policy gives the ticket that policy when its first clocks start (the SLA planner's rule).
    sla: { routedPolicyCode: plan.decision.slaPolicyCode },
  });
}
