/**
 * The SLA rules of a ticket change, as a pure plan: given the ticket before and after a change, its clocks (the
 * `sla_milestones` rows as plain data), the policy that governs it and the calendars, say which clocks start, stop,
 * are met, shift, pause and resume, and what the ticket's SLA summary (policy and due times) becomes. No database,
 * no clock reads: `now` is an input. The server (shared/src/server/sla/sla-clocks.ts) loads the inputs, applies the
 * plan (rows, events, `sla.changed` outbox rows) and nothing else.
 *
 * The rules:
 * - a dispatch to a dealer or department starts the owner's acknowledge clock (a reroute cancels the previous
 *   owner's and starts the new owner's), and first-contact and resolve clocks once per ticket; the customer's open
 *   clocks move to the new owner; a copied department's internal clock stays with that department;
 * - a rejection that leaves nobody responsible cancels the acknowledge clock;
 * - the first contact that reaches the customer meets the first-contact clock;
 * - each copied department gets its own internal clock (the policy's `ccInternalMinutes`, on the department's
 *   calendar), met by the department's finding;
 * - waiting for the customer pauses every clock but the internal ones; resuming shifts each paused clock's moments
 *   by the paused business time;
 * - acknowledging meets the acknowledge clock; resolving meets acknowledge and resolve and cancels first contact;
 *   reopening starts a new resolve clock; closing or cancelling stops everything;
 * - a roadside ticket's rescue (policies with rescue targets; always 24×7, never paused): the request for help (offers
 *   begin) chooses the policy and starts the hotline's acceptance clock; the ticket's first dispatch to a dealer (a
 *   provider accepting, or a dispatch by hand) meets it and starts the provider's arrival clock, which a reroute
 *   carries to the next provider; the provider's arrival meets it, the rescue called off stops it, and resolving stops
 *   any rescue clock still open.
 */
import { addBusinessMinutes, addBusinessMs, BusinessCalendar, businessMsBetween } from './business-calendar';
import {
  clockTargetMinutes,
  isClockPaused,
  isRescueClock,
  type MilestoneClock,
  type RescueClock,
  type SlaClock,
  type SlaPolicySource,
  type SlaPolicyTargets,
  selectSlaPolicy,
  targetMinutes,
  WAITING_STATUS,
} from './sla-policy';
import type { Priority, TicketType } from '../tickets/ticket-vocabulary';

/** What the planner reads of a ticket (a `tickets` row fits). */
export interface SlaTicket {
  status: string;
  type: string;
  priority: string;
  responsibleDealerId: string | null;
  responsibleDepartmentId: string | null;
  ccDepartmentIds: readonly string[];
  firstContactAt: Date | null;
  pausedAt: Date | null;
  slaPolicyId: string | null;
  acknowledgeDueAt: Date | null;
  firstContactDueAt: Date | null;
  resolveDueAt: Date | null;
}

export type ClockOwnerType = 'hotline' | 'dealer' | 'department';

/** One clock of the ticket (an `sla_milestones` row fits). */
export interface SlaClockRow {
  id: string;
  clock: MilestoneClock;
  ownerType: ClockOwnerType;
  ownerId: string | null;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date | null;
  metAt: Date | null;
  cancelledAt: Date | null;
  pausedSeconds: number;
  nextEscalationAt: Date | null;
}

/** A policy's targets as the planner needs them. */
export type SlaPlanPolicy = SlaPolicyTargets & { ccInternalMinutes: number | null };

/** The policy that governs a ticket's clocks, and why: kept from its first dispatch, or chosen with this change. */
export interface GoverningPolicy<P extends SlaPlanPolicy = SlaPlanPolicy> {
  policy: P;
  source: 'kept' | SlaPolicySource;
}

/** A clock that starts with the change (the server gives it an id and inserts it after the ticket row). */
export interface StartingClock {
  clock: MilestoneClock;
  ownerType: ClockOwnerType;
  ownerId: string | null;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
}

/** A paused clock's moments moved on by the business time it stood still. */
export interface ClockShift {
  milestoneId: string;
  clock: MilestoneClock;
  /** The paused business time, in milliseconds. */
  byMs: number;
  dueAt: Date;
  warnAt: Date | null;
  nextEscalationAt: Date | null;
  pausedSeconds: number;
}

/** The ticket columns that mirror its clocks. */
export interface SlaSummary {
  slaPolicyId: string | null;
  acknowledgeDueAt: Date | null;
  firstContactDueAt: Date | null;
  resolveDueAt: Date | null;
}

export interface SlaPlan {
  /** The policy governing the ticket after the change; `chosen` when it was assigned with this change. */
  policy: (GoverningPolicy & { chosen: boolean }) | null;
  start: StartingClock[];
  /** Clocks met with this change. */
  met: Array<{ milestoneId: string; clock: MilestoneClock }>;
  /** Clocks stopped without being met (a reroute's old acknowledge clock, everything on close or cancel). */
  stop: Array<{ milestoneId: string; clock: MilestoneClock }>;
  /** Open clocks that move to the new owner (a reroute carries the customer's clocks over). */
  reassign: { milestoneIds: string[]; ownerType: ClockOwnerType; ownerId: string | null } | null;
  /** Clocks that stand still from now on (the ticket starts waiting for the customer): their timers go. */
  pause: string[];
  /** Clocks that run again (the wait ended): shifted by the paused business time. */
  resume: string[];
  shift: ClockShift[];
  summary: SlaSummary;
  /** The summary differs from the ticket's before the change. */
  summaryChanged: boolean;
  /** Some clock started, stopped, paused or moved: its timers need rescheduling (`sla.changed`). */
  clocksMoved: boolean;
}

/** Facts of a change the ticket rows do not show. */
export interface SlaChangeFacts {
  /** A copied department recorded its finding (its first note): it meets that department's internal clock. */
  findingByDepartmentId?: string | null;
  /** The policy code named by the routing rule that routed the ticket with this change. */
  routedPolicyCode?: string | null;
  /** A roadside rescue's turn: help requested (offers begin), the provider arrived, or the rescue called off. */
  rescue?: 'requested' | 'arrived' | 'called_off' | null;
}

const ownerChanged = (before: SlaTicket, after: SlaTicket) =>
  before.responsibleDealerId !== after.responsibleDealerId || before.responsibleDepartmentId !== after.responsibleDepartmentId;

/** The change hands the ticket to a dealer or department: its clocks start (or, on a reroute, restart). */
export function dispatchesTicket(before: SlaTicket, after: SlaTicket): boolean {
  return ownerChanged(before, after) && Boolean(after.responsibleDealerId || after.responsibleDepartmentId) && after.status === 'dispatched';
}

/** The change gives a ticket without a policy its policy: its first dispatch, or a roadside request for help. */
export function choosesPolicy(before: SlaTicket, after: SlaTicket, facts: SlaChangeFacts = {}): boolean {
  return dispatchesTicket(before, after) || facts.rescue === 'requested';
}

/** Whether the change can concern the SLA at all; when not, the server reads nothing and plans nothing. */
export function concernsSla(before: SlaTicket, after: SlaTicket, facts: SlaChangeFacts = {}): boolean {
  return (
    ownerChanged(before, after) ||
    before.status !== after.status ||
    (before.firstContactAt === null && after.firstContactAt !== null) ||
    after.ccDepartmentIds.some((id) => !before.ccDepartmentIds.includes(id)) ||
    Boolean(facts.findingByDepartmentId) ||
    Boolean(facts.rescue)
  );
}

/**
 * The policy governing the ticket after the change: the one it already has (`current`, the policy of its
 * `slaPolicyId`: a ticket keeps the policy it was first dispatched under, even if admins change policies later), or,
 * at its first dispatch, the one selectSlaPolicy chooses among the active `policies` (a routing rule's first).
 */
export function governingPolicy<P extends SlaPlanPolicy>(options: {
  before: SlaTicket;
  after: SlaTicket;
  current: P | null;
  policies: readonly P[];
  facts?: SlaChangeFacts;
}): GoverningPolicy<P> | null {
  if (options.current) return { policy: options.current, source: 'kept' };
  if (!choosesPolicy(options.before, options.after, options.facts)) return null;
  return selectSlaPolicy(options.policies, {
    type: options.after.type as TicketType,
    priority: options.after.priority as Priority,
    ruleCode: options.facts?.routedPolicyCode ?? null,
  });
}

/** The calendars a change's clocks count in. */
export interface SlaCalendars {
  /** The ticket's: the policy's, else the responsible party's, else 24×7. */
  ticket: BusinessCalendar;
  /** Each copied department's own (internal clocks count in the department's hours); a missing one counts 24×7. */
  departments: ReadonlyMap<string, BusinessCalendar>;
}

export const ALWAYS_OPEN_CALENDAR = new BusinessCalendar({ timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workdays: [], alwaysOpen: true });

const isOpen = (clock: Pick<SlaClockRow, 'metAt' | 'cancelledAt'>) => clock.metAt === null && clock.cancelledAt === null;

/** The clocks a change leaves running for the copied departments that have none yet. */
export function departmentsNeedingClocks(after: SlaTicket, clocks: readonly SlaClockRow[]): string[] {
  return after.ccDepartmentIds.filter((id) => !clocks.some((clock) => clock.clock === 'internal' && clock.ownerId === id));
}

/**
 * Plans what a change does to the ticket's clocks (see the rules at the top of this file). `clocks` are all the
 * ticket's clocks, open or not, as they stood before the change; `policy` comes from governingPolicy.
 */
export function planSlaChange(input: {
  before: SlaTicket;
  after: SlaTicket;
  clocks: readonly SlaClockRow[];
  policy: GoverningPolicy | null;
  calendars: SlaCalendars;
  now: Date;
  facts?: SlaChangeFacts;
}): SlaPlan {
  const { before, after, now, calendars } = input;
  const policy = input.policy?.policy ?? null;
  // A working copy: each rule sees the clocks as the rules before it left them.
  const clocks = input.clocks.map((clock) => ({ ...clock }));
  const plan: SlaPlan = {
    policy: input.policy ? { ...input.policy, chosen: input.policy.source !== 'kept' } : null,
    start: [],
    met: [],
    stop: [],
    reassign: null,
    pause: [],
    resume: [],
    shift: [],
    summary: { slaPolicyId: policy?.id ?? after.slaPolicyId, acknowledgeDueAt: null, firstContactDueAt: null, resolveDueAt: null },
    summaryChanged: false,
    clocksMoved: false,
  };
  const ownerType: ClockOwnerType = after.responsibleDealerId ? 'dealer' : after.responsibleDepartmentId ? 'department' : 'hotline';
  const ownerId = after.responsibleDealerId ?? after.responsibleDepartmentId;

  const start = (clock: SlaClock) => {
    if (!policy) return;
    const minutes = targetMinutes(policy, clock);
    plan.start.push({
      clock,
      ownerType,
      ownerId,
      startedAt: now,
      dueAt: addBusinessMinutes(calendars.ticket, now, minutes),
      warnAt: addBusinessMinutes(calendars.ticket, now, minutes * policy.warningRatio),
    });
  };
  const close = (which: (clock: (typeof clocks)[number]) => boolean, how: 'met' | 'stop') => {
    for (const clock of clocks.filter((clock) => isOpen(clock) && which(clock))) {
      if (how === 'met') clock.metAt = now;
      else clock.cancelledAt = now;
      plan[how].push({ milestoneId: clock.id, clock: clock.clock });
    }
  };
  const ofKind = (...kinds: MilestoneClock[]) => (clock: SlaClockRow) => kinds.includes(clock.clock);
  const hasClock = (kind: MilestoneClock) => clocks.some((clock) => clock.clock === kind) || plan.start.some((clock) => clock.clock === kind);
  // A rescue's clocks count around the clock: a stranded driver waits at night too.
  const startRescue = (clock: RescueClock, owner: { ownerType: ClockOwnerType; ownerId: string | null }) => {
    const minutes = policy ? clockTargetMinutes(policy, clock) : null;
    if (!policy || minutes === null || hasClock(clock)) return;
    plan.start.push({
      clock,
      ...owner,
      startedAt: now,
      dueAt: addBusinessMinutes(ALWAYS_OPEN_CALENDAR, now, minutes),
      warnAt: addBusinessMinutes(ALWAYS_OPEN_CALENDAR, now, minutes * policy.warningRatio),
    });
  };
  const roadside = after.type === 'roadside';
  if (roadside && input.facts?.rescue === 'requested') startRescue('rescue_accept', { ownerType: 'hotline', ownerId: null });

  if (dispatchesTicket(before, after)) {
    if (roadside && after.responsibleDealerId) {
      // A provider has the rescue (its acceptance, or the hotline's dispatch by hand): the wait for one is over.
      close(ofKind('rescue_accept'), 'met');
      startRescue('rescue_arrive', { ownerType, ownerId });
    }
    close(ofKind('acknowledge'), 'stop');
    start('acknowledge');
    if (!hasClock('first_contact')) start('first_contact');
    if (!hasClock('resolve')) start('resolve');
    // The hotline's acceptance clock stays the hotline's (a dispatch to a department does not end the search).
    const carried = clocks.filter((clock) => isOpen(clock) && clock.clock !== 'acknowledge' && clock.clock !== 'internal' && clock.clock !== 'rescue_accept');
    if (carried.length > 0) {
      plan.reassign = { milestoneIds: carried.map((clock) => clock.id), ownerType, ownerId };
      for (const clock of carried) Object.assign(clock, { ownerType, ownerId });
    }
  } else if (ownerChanged(before, after) && !ownerId) {
    // Rejected with nobody responsible yet: the rejecting party's acknowledge clock stops.
    close(ofKind('acknowledge'), 'stop');
  }

  if (before.firstContactAt === null && after.firstContactAt !== null) close(ofKind('first_contact'), 'met');
  if (input.facts?.rescue === 'arrived') close(ofKind('rescue_arrive'), 'met');
  if (input.facts?.rescue === 'called_off') close(ofKind('rescue_accept', 'rescue_arrive'), 'stop');

  const findingBy = input.facts?.findingByDepartmentId;
  if (findingBy) close((clock) => clock.clock === 'internal' && clock.ownerId === findingBy, 'met');

  const over = after.status === 'closed' || after.status === 'cancelled';
  if (policy?.ccInternalMinutes && !over) {
    for (const departmentId of departmentsNeedingClocks(after, clocks)) {
      const calendar = calendars.departments.get(departmentId) ?? ALWAYS_OPEN_CALENDAR;
      plan.start.push({
        clock: 'internal',
        ownerType: 'department',
        ownerId: departmentId,
        startedAt: now,
        dueAt: addBusinessMinutes(calendar, now, policy.ccInternalMinutes),
        warnAt: addBusinessMinutes(calendar, now, policy.ccInternalMinutes * policy.warningRatio),
      });
    }
  }

  if (before.status !== after.status) {
    if (before.status === WAITING_STATUS && before.pausedAt && policy) {
      // Waiting for the customer does not count: every paused clock moves on by the paused business time.
      const byMs = businessMsBetween(calendars.ticket, before.pausedAt, now);
      for (const clock of clocks.filter((clock) => isOpen(clock) && isClockPaused(clock.clock, before.status))) {
        const shifted = {
          dueAt: addBusinessMs(calendars.ticket, clock.dueAt, byMs),
          warnAt: clock.warnAt ? addBusinessMs(calendars.ticket, clock.warnAt, byMs) : null,
          nextEscalationAt: clock.nextEscalationAt ? addBusinessMs(calendars.ticket, clock.nextEscalationAt, byMs) : null,
          pausedSeconds: clock.pausedSeconds + Math.round(byMs / 1000),
        };
        plan.resume.push(clock.id);
        plan.shift.push({ milestoneId: clock.id, clock: clock.clock, byMs, ...shifted });
        Object.assign(clock, shifted);
      }
    }
    if (after.status === WAITING_STATUS) {
      plan.pause = clocks.filter((clock) => isOpen(clock) && isClockPaused(clock.clock, after.status)).map((clock) => clock.id);
    }
    if (after.status === 'acknowledged') close(ofKind('acknowledge'), 'met');
    if (after.status === 'resolved') {
      close(ofKind('acknowledge', 'resolve'), 'met');
      close(ofKind('first_contact', 'rescue_accept', 'rescue_arrive'), 'stop');
    }
    if (after.status === 'reopened') start('resolve');
    if (over) close(() => true, 'stop');
  }

  const open: Array<Pick<SlaClockRow, 'clock' | 'dueAt'>> = [...clocks.filter(isOpen), ...plan.start];
  const dueOf = (kind: SlaClock) =>
    open
      .filter((clock) => clock.clock === kind)
      .map((clock) => clock.dueAt)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  plan.summary = { ...plan.summary, acknowledgeDueAt: dueOf('acknowledge'), firstContactDueAt: dueOf('first_contact'), resolveDueAt: dueOf('resolve') };
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  plan.summaryChanged =
    plan.summary.slaPolicyId !== before.slaPolicyId ||
    !same(plan.summary.acknowledgeDueAt, before.acknowledgeDueAt) ||
    !same(plan.summary.firstContactDueAt, before.firstContactDueAt) ||
    !same(plan.summary.resolveDueAt, before.resolveDueAt);
  plan.clocksMoved = plan.start.length > 0 || plan.met.length > 0 || plan.stop.length > 0 || plan.shift.length > 0 || plan.pause.length > 0;
  return plan;
}

/**
 * A clock's deadlines recomputed with its policy as it stands now (an admin applies an edited policy to open
 * tickets): the same start and the same paused time, the new targets, on the clock's calendar.
 */
export function recomputedDeadlines(
  policy: SlaPlanPolicy,
  clock: Pick<SlaClockRow, 'startedAt' | 'pausedSeconds'> & { clock: SlaClock | RescueClock },
  calendar: BusinessCalendar,
): { dueAt: Date; warnAt: Date } | null {
  const minutes = clockTargetMinutes(policy, clock.clock);
  if (minutes === null) return null;
  if (isRescueClock(clock.clock)) calendar = ALWAYS_OPEN_CALENDAR;
  const paused = clock.pausedSeconds / 60;
  return {
    dueAt: addBusinessMinutes(calendar, clock.startedAt, minutes + paused),
    warnAt: addBusinessMinutes(calendar, clock.startedAt, minutes * policy.warningRatio + paused),
  };
}
