/**
 * One party's stretch of an SLA clock, measured as the clock counts it: from when the party got the clock (its start,
 * or the reroute that carried it over) to its end (met, stopped, carried on) or to now for a running clock. Business
 * time is the clock's calendar's working time with the customer-waiting pauses taken out; clock time is the wall
 * clock. Pure: the server writes the result as `sla_clock_spans` when a stretch ends, and the reports measure running
 * clocks (censored observations) with the same function.
 */
import { type BusinessCalendar, businessMsBetween } from '../sla/business-calendar';

export interface SpanClock {
  startedAt: Date;
  /** When the current owner got the clock; null: since its start. */
  ownedSince: Date | null;
  /** Paused business seconds the clock had when the current owner got it. */
  pausedSecondsBeforeOwner: number;
  breachedAt: Date | null;
}

export interface ClockSpan {
  fromAt: Date;
  businessSeconds: number;
  clockSeconds: number;
  /** The clock breached while this party held it. */
  breached: boolean;
}

/**
 * The stretch of `clock` from when its owner got it to `endAt`. `pausedSeconds` is the clock's paused business time
 * at `endAt` (after any resume that ends with this change); `pausedAt`, when the ticket is waiting for the customer
 * right now, stops the business count there (the clock stands still).
 */
export function clockSpanOf(options: {
  clock: SpanClock;
  pausedSeconds: number;
  calendar: BusinessCalendar;
  endAt: Date;
  pausedAt?: Date | null;
  /** A faster measure of the same calendar (a BusinessTimeIndex's `between`). */
  businessMs?: (from: Date, to: Date) => number;
}): ClockSpan {
  const { clock, endAt } = options;
  const fromAt = clock.ownedSince ?? clock.startedAt;
  const businessEnd = options.pausedAt && options.pausedAt < endAt ? options.pausedAt : endAt;
  const pausedInSpan = Math.max(0, options.pausedSeconds - clock.pausedSecondsBeforeOwner);
  const businessSeconds = Math.max(0, Math.floor((options.businessMs ?? ((from, to) => businessMsBetween(options.calendar, from, to)))(fromAt, businessEnd) / 1000) - pausedInSpan);
  const clockSeconds = Math.max(0, Math.floor((endAt.getTime() - fromAt.getTime()) / 1000));
  const breached = clock.breachedAt !== null && clock.breachedAt >= fromAt && clock.breachedAt <= endAt;
  return { fromAt, businessSeconds, clockSeconds, breached };
}
