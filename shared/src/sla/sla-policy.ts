/**
 * SLA targets and the state of a clock. Pure: the server stores policies and milestones; this file says which
 * policy fits a ticket and how far along a clock is.
 */
import type { Priority, TicketType } from '../tickets/ticket-vocabulary';

export const SLA_CLOCKS = ['acknowledge', 'first_contact', 'resolve'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];
/**
 * A roadside ticket's rescue clocks, counted around the clock whatever the policy's calendar: from the call to a
 * provider's acceptance (owned by the hotline, which has to find one) and from the acceptance to the provider's arrival
 * at the car (owned by the provider).
 */
export const RESCUE_CLOCKS = ['rescue_accept', 'rescue_arrive'] as const;
export type RescueClock = (typeof RESCUE_CLOCKS)[number];
/** A ticket's clocks, plus the internal clock each copied department may get for its finding, plus a rescue's. */
export type MilestoneClock = SlaClock | 'internal' | RescueClock;
export const MILESTONE_CLOCKS = [...SLA_CLOCKS, 'internal', ...RESCUE_CLOCKS] as const satisfies readonly MilestoneClock[];

export const isRescueClock = (clock: MilestoneClock): clock is RescueClock => (RESCUE_CLOCKS as readonly string[]).includes(clock);

/**
 * Clocks that keep running while the ticket waits for the customer: a copied department's finding does not depend on
 * the customer, and a stranded driver's rescue does not wait.
 */
export const CLOCKS_RUNNING_WHILE_WAITING = ['internal', ...RESCUE_CLOCKS] as const satisfies readonly MilestoneClock[];

export interface SlaPolicyTargets {
  id: string;
  code: string;
  ticketType: string | null;
  priority: string | null;
  acknowledgeMinutes: number;
  firstContactMinutes: number;
  resolveMinutes: number;
  calendarId: string | null;
  warningRatio: number;
  active: boolean;
  /** Roadside rescue targets in minutes around the clock (RESCUE_CLOCKS); null or absent: no such clock. */
  rescueAcceptMinutes?: number | null;
  rescueArriveMinutes?: number | null;
}

/** The most specific active policy: type and priority, then type, then priority, then the catch-all. */
export function pickSlaPolicy<P extends SlaPolicyTargets>(policies: readonly P[], type: TicketType, priority: Priority): P | null {
  const active = policies.filter((policy) => policy.active);
  const score = (policy: P) => {
    if (policy.ticketType !== null && policy.ticketType !== type) return -1;
    if (policy.priority !== null && policy.priority !== priority) return -1;
    return (policy.ticketType !== null ? 2 : 0) + (policy.priority !== null ? 1 : 0);
  };
  let best: P | null = null;
  for (const policy of active) {
    const value = score(policy);
    if (value >= 0 && (best === null || value > score(best) || (value === score(best) && policy.code < best.code))) best = policy;
  }
  return best;
}

/** Where the policy governing a ticket's clocks came from. */
export type SlaPolicySource = 'routing_rule' | 'type_priority';

/**
 * The policy a ticket gets when its first clocks start: the active policy a routing rule names (`ruleCode`, the rule
 * that routed the ticket in this change), else the most specific active one for its type and priority
 * (pickSlaPolicy). A rule naming a policy that is gone or inactive falls back to the type×priority choice.
 */
export function selectSlaPolicy<P extends SlaPolicyTargets>(
  policies: readonly P[],
  ticket: { type: TicketType; priority: Priority; ruleCode?: string | null },
): { policy: P; source: SlaPolicySource } | null {
  if (ticket.ruleCode) {
    const named = policies.find((policy) => policy.active && policy.code === ticket.ruleCode);
    if (named) return { policy: named, source: 'routing_rule' };
  }
  const picked = pickSlaPolicy(policies, ticket.type, ticket.priority);
  return picked ? { policy: picked, source: 'type_priority' } : null;
}

export function targetMinutes(policy: SlaPolicyTargets, clock: SlaClock): number {
  return clock === 'acknowledge' ? policy.acknowledgeMinutes : clock === 'first_contact' ? policy.firstContactMinutes : policy.resolveMinutes;
}

/** A ticket's or a rescue's clock target under the policy; null: the policy sets no rescue clock of that kind. */
export function clockTargetMinutes(policy: SlaPolicyTargets, clock: SlaClock | RescueClock): number | null {
  if (clock === 'rescue_accept') return policy.rescueAcceptMinutes ?? null;
  if (clock === 'rescue_arrive') return policy.rescueArriveMinutes ?? null;
  return targetMinutes(policy, clock);
}

export type MilestoneState = 'met' | 'cancelled' | 'running' | 'warning' | 'breached' | 'paused';

/** The status in which a ticket waits for the customer and its clocks stand still. */
export const WAITING_STATUS = 'pending_customer';

/** Whether a clock stands still while its ticket is in `status`: waiting for the customer pauses every clock but those of CLOCKS_RUNNING_WHILE_WAITING. */
export function isClockPaused(clock: MilestoneClock, status: string): boolean {
  return status === WAITING_STATUS && !(CLOCKS_RUNNING_WHILE_WAITING as readonly string[]).includes(clock);
}

/** Where a clock stands at `now`, as users see it (pending while running, warning, breached, paused, met, cancelled). */
export function milestoneStateOf(
  milestone: { clock: MilestoneClock; dueAt: Date; warnAt: Date | null; metAt: Date | null; cancelledAt: Date | null },
  ticket: { status: string },
  now: Date,
): MilestoneState {
  return milestoneState(milestone, now, isClockPaused(milestone.clock, ticket.status));
}

/** Where a clock stands at `now`. A paused clock (ticket waiting for the customer) shows as paused while open. */
export function milestoneState(
  milestone: { dueAt: Date; warnAt: Date | null; metAt: Date | null; cancelledAt: Date | null },
  now: Date,
  paused: boolean,
): MilestoneState {
  if (milestone.metAt) return 'met';
  if (milestone.cancelledAt) return 'cancelled';
  if (now >= milestone.dueAt) return 'breached';
  if (paused) return 'paused';
  if (milestone.warnAt && now >= milestone.warnAt) return 'warning';
  return 'running';
}
