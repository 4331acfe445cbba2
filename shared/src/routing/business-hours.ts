/**
 * Whether a dealer is open, for routing: the same business calendars SLA counts in (weekly hours, public holidays,
 * make-up working days 调休), so a dealer closed on National Day is closed to routing too. A dealer whose calendar is
 * 24×7 (`alwaysOpen`) is a 24-hour provider: open around the clock, holidays included. `dealers.business_hours` is no
 * longer read (a later migration can drop it).
 */
import { BusinessCalendar } from '../sla/business-calendar';

/**
 * The calendar of a dealer without one. SLA's `calendarFor` counts such an owner's clocks on every minute (24×7);
 * routing takes the same view, so a clock never runs while routing thinks the dealer closed, or the reverse. Give a
 * dealer a calendar to have it closed at night and on holidays.
 */
export const CALENDAR_OF_DEALER_WITHOUT_ONE = new BusinessCalendar({ timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workdays: [], alwaysOpen: true });

/** What routing knows of a dealer's hours at an instant: open now, and whether it is a 24-hour provider. */
export interface OpeningState {
  openNow: boolean;
  /** Its calendar is 24×7: shown as "24 小时" / "24 h" where routing explains a candidate. */
  alwaysOpen: boolean;
}

/** A dealer's opening state at `at` on its calendar (null: no calendar, see CALENDAR_OF_DEALER_WITHOUT_ONE). */
export function openingStateAt(calendar: BusinessCalendar | null, at: Date): OpeningState {
  const effective = calendar ?? CALENDAR_OF_DEALER_WITHOUT_ONE;
  return { openNow: effective.isOpenAt(at), alwaysOpen: effective.alwaysOpen };
}
