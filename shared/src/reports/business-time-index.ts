/**
 * Business time in O(1): a calendar's open spans laid out day by day over a range, with the business milliseconds
 * before each day summed up, so the business time between two instants is a difference of two positions instead of
 * a walk over every day between them. The reports measure every running clock with it (in SQL, from `rows()`, and in
 * JavaScript for a drill-down page); the result equals businessMsBetween on the same calendar (test/unit).
 */
import { type BusinessCalendar, businessMsBetween } from '../sla/business-calendar';

const DAY = 86_400_000;

export interface BusinessDayRow {
  /** Local day number (days since 1970-01-01, local). */
  day: number;
  /** Business ms from the range's first local midnight to this day's local midnight. */
  cum: number;
  /** The day's open spans as absolute UTC ms. */
  starts: number[];
  ends: number[];
}

export class BusinessTimeIndex {
  readonly firstDay: number;
  readonly lastDay: number;
  private readonly days: BusinessDayRow[] = [];

  constructor(
    readonly calendar: BusinessCalendar,
    range: { from: Date; to: Date },
  ) {
    this.firstDay = calendar.localDayOf(range.from);
    this.lastDay = calendar.localDayOf(range.to);
    let cum = 0;
    for (let day = this.firstDay; day <= this.lastDay; day += 1) {
      const spans = calendar.spansOfLocalDay(day);
      this.days.push({ day, cum, starts: spans.map((span) => span[0]), ends: spans.map((span) => span[1]) });
      for (const [start, end] of spans) cum += end - start;
    }
  }

  /** The local-day rows (for SQL). */
  rows(): readonly BusinessDayRow[] {
    return this.days;
  }

  /** The UTC offset of the calendar's zone, in ms (local day = floor((utc + offset) / day)). */
  get offsetMs(): number {
    return zoneOffset(this.calendar);
  }

  /** Business ms from the range's start to `at`; null outside the range. */
  position(at: Date): number | null {
    const day = this.calendar.localDayOf(at);
    if (day < this.firstDay || day > this.lastDay) return null;
    const row = this.days[day - this.firstDay];
    const time = at.getTime();
    let within = 0;
    for (let index = 0; index < row.starts.length; index += 1) within += Math.max(0, Math.min(row.ends[index], time) - row.starts[index]);
    return row.cum + within;
  }

  /** Business ms in [from, to), as businessMsBetween (which it falls back to outside the range). */
  between(from: Date, to: Date): number {
    if (to <= from) return 0;
    const start = this.position(from);
    const end = this.position(to);
    return start === null || end === null ? businessMsBetween(this.calendar, from, to) : end - start;
  }
}

/** The calendar's fixed UTC offset in ms, read off its day numbering. */
function zoneOffset(calendar: BusinessCalendar): number {
  // localDayOf(t) = floor((t + offset) / DAY): the first instant of local day 1 is DAY − offset.
  let low = 0;
  let high = 2 * DAY;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (calendar.localDayOf(new Date(middle)) >= 1) high = middle;
    else low = middle;
  }
  return DAY - high;
}
