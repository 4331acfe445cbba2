/**
 * What a clock's warning, breach or escalation moment does, as a pure plan: whether it is due at `now`, what the
 * clock records, which escalation levels are reached, and the ticket's SLA summary (state, breached clocks,
 * escalation level) afterwards. The server (shared/src/server/sla/sla-timers.ts, recordSlaMoment) locks and reads the
 * rows, writes the plan and turns it into events and outbox rows.
 */
import { addBusinessMinutes, type BusinessCalendar } from './business-calendar';
import { type EscalationLevel, nextEscalationLevel } from './escalation';
import { isClockPaused, type MilestoneClock } from './sla-policy';

export type SlaMoment = 'warning' | 'breach' | 'escalation';

/** What the moment planner reads of a clock (an `sla_milestones` row fits). */
export interface MomentClock {
  clock: MilestoneClock;
  dueAt: Date;
  warnAt: Date | null;
  metAt: Date | null;
  cancelledAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  escalationLevel: number;
  nextEscalationAt: Date | null;
}

export interface MomentTicket {
  status: string;
  slaState: 'ok' | 'warning' | 'breached';
  breachedClocks: readonly string[];
  escalationLevel: number;
}

export type MomentClockChanges = Partial<Pick<MomentClock, 'warnedAt' | 'breachedAt' | 'escalationLevel' | 'nextEscalationAt'>>;

export interface MomentEffects {
  /** What the clock records (written even when nothing else happens: an escalation whose level is gone). */
  clockChanges: MomentClockChanges;
  warned: boolean;
  breached: boolean;
  /** The escalation levels reached, in order. */
  escalations: EscalationLevel[];
  /** The ticket's SLA summary afterwards. */
  ticket: Pick<MomentTicket, 'slaState' | 'breachedClocks' | 'escalationLevel'>;
}

export type SlaMomentPlan = { outcome: 'closed' } | { outcome: 'not_due' } | ({ outcome: 'recorded' } & MomentEffects) | ({ outcome: 'already' } & MomentEffects);

/**
 * Whether a clock's moment is to be recorded at `now`: `closed` (met or cancelled), `not_due` (paused — see
 * isClockPaused — or its moment has not come), `already` (recorded before), else `due`. Needs no policy or calendar.
 */
export function momentDue(input: { clock: MomentClock; ticket: Pick<MomentTicket, 'status'>; kind: SlaMoment; level?: number; now: Date }): 'closed' | 'not_due' | 'already' | 'due' {
  const { clock, kind, now } = input;
  if (clock.metAt || clock.cancelledAt) return 'closed';
  if (isClockPaused(clock.clock, input.ticket.status)) return 'not_due';
  const moment = kind === 'warning' ? clock.warnAt : kind === 'breach' ? clock.dueAt : clock.nextEscalationAt;
  if (!moment || moment.getTime() > now.getTime()) return 'not_due';
  if (kind === 'warning' && (clock.warnedAt || clock.breachedAt)) return 'already';
  if (kind === 'breach' && clock.breachedAt) return 'already';
  if (kind === 'escalation' && (!clock.breachedAt || clock.escalationLevel >= (input.level ?? clock.escalationLevel + 1))) return 'already';
  return 'due';
}

/**
 * Plans a warning, breach or escalation moment of `clock` at `now`. A met or cancelled clock is `closed`; a paused
 * one (isClockPaused) or one whose moment has not come is `not_due`; a moment already recorded is `already`.
 * A breach escalates at once through the levels already due; levels count in business minutes after the due time on
 * `calendar` (the clock's), and an escalation timer's own level is due whatever the chain says now. An internal clock
 * is the department's own target: it has no chain, and its warning or breach leaves the ticket's summary alone.
 */
export function planSlaMoment(input: {
  clock: MomentClock;
  ticket: MomentTicket;
  kind: SlaMoment;
  /** For an escalation: the level its timer was set for. */
  level?: number;
  now: Date;
  /** The policy's chain; ignored for an internal clock. */
  chain: readonly EscalationLevel[];
  /** The clock's calendar, needed only when the chain has levels. */
  calendar: BusinessCalendar | null;
}): SlaMomentPlan {
  const { clock, ticket, kind, now } = input;
  const due = momentDue(input);
  if (due === 'closed' || due === 'not_due') return { outcome: due };
  if (due === 'already') return { outcome: 'already', clockChanges: {}, warned: false, breached: false, escalations: [], ticket };

  const internal = clock.clock === 'internal';
  let clockChanges: MomentClockChanges;
  let escalations: EscalationLevel[] = [];
  if (kind === 'warning') {
    clockChanges = { warnedAt: now };
  } else {
    const reached = kind === 'breach' ? 0 : clock.escalationLevel;
    const { due, nextAt } = dueEscalations(clock, internal ? [] : input.chain, input.calendar, reached, now, kind === 'escalation');
    escalations = due;
    clockChanges = {
      ...(kind === 'breach' ? { breachedAt: now, warnedAt: clock.warnedAt ?? now } : {}),
      escalationLevel: due.at(-1)?.level ?? reached,
      nextEscalationAt: nextAt,
    };
  }
  const breached = kind === 'breach';
  const breachedClocks = breached && !internal ? [...new Set([...ticket.breachedClocks, clock.clock])] : [...ticket.breachedClocks];
  const summary = {
    // An internal clock's warning or breach is the department's business; the ticket's own SLA state stays as it is.
    slaState: internal ? ticket.slaState : breachedClocks.length > 0 ? ('breached' as const) : ('warning' as const),
    breachedClocks,
    escalationLevel: Math.max(ticket.escalationLevel, clockChanges.escalationLevel ?? 0),
  };
  const warned = kind === 'warning';
  return { outcome: warned || breached || escalations.length > 0 ? 'recorded' : 'already', clockChanges, warned, breached, escalations, ticket: summary };
}

/**
 * The escalation levels of a breached clock that are due at `now`, from `reached` on, and when the next one is due.
 * A level whose moment the clock already recorded as come (`firstIsDue`) is due whatever the chain says now.
 */
function dueEscalations(clock: MomentClock, chain: readonly EscalationLevel[], calendar: BusinessCalendar | null, reached: number, now: Date, firstIsDue: boolean) {
  const due: EscalationLevel[] = [];
  let nextAt: Date | null = null;
  let level = nextEscalationLevel(chain, reached);
  if (level && firstIsDue) {
    due.push(level);
    level = nextEscalationLevel(chain, level.level);
  }
  for (; level && calendar; level = nextEscalationLevel(chain, level.level)) {
    const at = addBusinessMinutes(calendar, clock.dueAt, level.afterMinutes);
    if (at.getTime() > now.getTime()) {
      nextAt = at;
      break;
    }
    due.push(level);
  }
  return { due, nextAt };
}
