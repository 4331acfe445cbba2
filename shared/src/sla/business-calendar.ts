/**
 * Business time: when a dealer or department is at work, and how SLA clocks count. Pure functions over a calendar
 * of weekly hours, public holidays and make-up working days (调休). Instants are Dates (UTC); the calendar's own
 * dates and hours are local to its time zone, which must have a fixed UTC offset (China has had no daylight saving
 * since 1991; a zone with DST is refused rather than counted wrong).
 */
export interface CalendarDefinition {
  timeZone: string;
  /** ISO weekday (1 = Monday … 7 = Sunday) → [start, end) local 'HH:MM' pairs; '24:00' ends at midnight. */
  weeklyHours: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<[string, string]>>>;
  /** Local dates closed all day. */
  holidays: readonly string[];
  /** Local dates (usually a Saturday or Sunday) worked with `makeUpWeekday`'s hours. */
  workdays: readonly string[];
  /** Whose hours a make-up day uses (default Monday). */
  makeUpWeekday?: 1 | 2 | 3 | 4 | 5;
  /** 24×7: every minute counts; weekly hours and holidays are ignored. */
  alwaysOpen?: boolean;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Searching further than this for an open minute means the calendar is never open. */
const MAX_DAYS = 3 * 366;

export class BusinessCalendar {
  private readonly offsetMs: number;
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  private readonly hours: Map<number, Array<[number, number]>>;

  constructor(private readonly definition: CalendarDefinition) {
    this.offsetMs = fixedOffsetMs(definition.timeZone);
    this.holidays = new Set(definition.holidays);
    this.workdays = new Set(definition.workdays);
    this.hours = new Map();
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      const spans = (definition.weeklyHours[String(weekday) as '1'] ?? []).map(([start, end]) => [toMinutes(start), toMinutes(end)] as [number, number]);
      this.hours.set(weekday, mergeSpans(spans));
    }
  }

  get alwaysOpen(): boolean {
    return this.definition.alwaysOpen === true;
  }

  /** Open spans of one local day, as UTC millisecond [start, end) pairs. `localDay` counts days since 1970-01-01 local. */
  spansOfLocalDay(localDay: number): Array<[number, number]> {
    const midnightUtc = localDay * DAY - this.offsetMs;
    if (this.alwaysOpen) return [[midnightUtc, midnightUtc + DAY]];
    const date = new Date(localDay * DAY).toISOString().slice(0, 10);
    let weekday = ((new Date(localDay * DAY).getUTCDay() + 6) % 7) + 1;
    if (this.workdays.has(date)) weekday = this.definition.makeUpWeekday ?? 1;
    else if (this.holidays.has(date)) return [];
    return (this.hours.get(weekday) ?? []).map(([start, end]) => [midnightUtc + start * MINUTE, midnightUtc + end * MINUTE]);
  }

  localDayOf(at: Date): number {
    return Math.floor((at.getTime() + this.offsetMs) / DAY);
  }

  isOpenAt(at: Date): boolean {
    const time = at.getTime();
    return this.spansOfLocalDay(this.localDayOf(at)).some(([start, end]) => time >= start && time < end);
  }
}

/** A zone's offset never changes (checked below), so it is worked out once per zone, not per calendar built. */
const offsetsByZone = new Map<string, number>();

function fixedOffsetMs(timeZone: string): number {
  let offset = offsetsByZone.get(timeZone);
  if (offset === undefined) {
    offset = measureFixedOffsetMs(timeZone);
    offsetsByZone.set(timeZone, offset);
  }
  return offset;
}

function measureFixedOffsetMs(timeZone: string): number {
  const offsetAt = (instant: Date) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
        .formatToParts(instant)
        .map((part) => [part.type, part.value]),
    );
    const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    return local - Math.floor(instant.getTime() / MINUTE) * MINUTE;
  };
  const winter = offsetAt(new Date(Date.UTC(2026, 0, 15)));
  const summer = offsetAt(new Date(Date.UTC(2026, 6, 15)));
  if (winter !== summer) throw new Error(`time zone ${timeZone} has daylight saving; business calendars need a fixed offset`);
  return winter;
}

function toMinutes(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`not a time of day: ${hhmm}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60 || Number(match[2]) > 59) throw new Error(`not a time of day: ${hhmm}`);
  return minutes;
}

/** Sorted, non-overlapping spans (overlapping or touching input spans are joined; empty ones dropped). */
function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = spans.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/** The first instant at or after `at` when the calendar is open (`at` itself when open now). */
export function nextWorkingInstant(calendar: BusinessCalendar, at: Date): Date {
  const time = at.getTime();
  const firstDay = calendar.localDayOf(at);
  for (let day = firstDay; day < firstDay + MAX_DAYS; day += 1) {
    for (const [start, end] of calendar.spansOfLocalDay(day)) {
      if (time < end) return new Date(Math.max(start, time));
    }
  }
  throw new Error('the calendar has no working time in the next three years');
}

/**
 * The instant when `minutes` business minutes have passed since `start`. Zero minutes from a closed moment is the
 * next working instant (a clock cannot be due while nobody is at work).
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  if (minutes < 0) throw new Error('business minutes must not be negative');
  return addBusinessMs(calendar, start, minutes * MINUTE);
}

/** addBusinessMinutes in milliseconds: a paused span measured by businessMsBetween moves a due time exactly. */
export function addBusinessMs(calendar: BusinessCalendar, start: Date, ms: number): Date {
  if (ms < 0) throw new Error('business time must not be negative');
  let remaining = ms;
  let time = start.getTime();
  const firstDay = calendar.localDayOf(start);
  for (let day = firstDay; day < firstDay + MAX_DAYS; day += 1) {
    for (const [spanStart, spanEnd] of calendar.spansOfLocalDay(day)) {
      if (time >= spanEnd) continue;
      const from = Math.max(spanStart, time);
      if (from + remaining < spanEnd || (remaining === 0 && from < spanEnd)) return new Date(from + remaining);
      remaining -= spanEnd - from;
      time = spanEnd;
      if (remaining === 0) {
        // Exactly used up at the end of a span: due at that end.
        return new Date(spanEnd);
      }
    }
  }
  throw new Error('the calendar has no working time in the next three years');
}

/** Business milliseconds in [from, to); 0 when `to` is not after `from`. */
export function businessMsBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  for (let day = calendar.localDayOf(from); day <= calendar.localDayOf(new Date(end - 1)); day += 1) {
    for (const [spanStart, spanEnd] of calendar.spansOfLocalDay(day)) {
      const overlap = Math.min(spanEnd, end) - Math.max(spanStart, start);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** Whole business minutes in [from, to). */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  return Math.floor(businessMsBetween(calendar, from, to) / MINUTE);
}

/** A business calendar from its stored row and its holidays and make-up working days (SLA and routing read it so). */
export function calendarFromRows(
  calendar: Pick<CalendarDefinition, 'timeZone' | 'weeklyHours'> & { alwaysOpen: boolean },
  days: ReadonlyArray<{ day: string; kind: 'holiday' | 'workday' }>,
): BusinessCalendar {
  return new BusinessCalendar({
    timeZone: calendar.timeZone,
    weeklyHours: calendar.weeklyHours,
    holidays: days.filter((day) => day.kind === 'holiday').map((day) => day.day),
    workdays: days.filter((day) => day.kind === 'workday').map((day) => day.day),
    alwaysOpen: calendar.alwaysOpen,
  });
}
