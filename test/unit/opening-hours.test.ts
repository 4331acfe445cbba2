import { CALENDAR_OF_DEALER_WITHOUT_ONE, openingStateAt } from '../../shared/src/routing/business-hours';
import { calendarFromRows } from '../../shared/src/sla/business-calendar';
import { CHINA_HOLIDAYS } from '../../shared/src/sla/china-holidays';

/** Routing's "open now" on business calendars: the demo's standard calendar (Mon–Fri 08:30–18:00 China time, holidays). */
const workday: Array<[string, string]> = [['08:30', '18:00']];
const standard = calendarFromRows(
  { timeZone: 'Asia/Shanghai', weeklyHours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday }, alwaysOpen: false },
  CHINA_HOLIDAYS,
);
const alwaysOpen = calendarFromRows({ timeZone: 'Asia/Shanghai', weeklyHours: {}, alwaysOpen: true }, []);
/** An instant given as China local time (UTC+8). */
const china = (local: string) => new Date(`${local}+08:00`);

describe('openingStateAt', () => {
  it('follows the weekly hours on an ordinary week', () => {
    expect(openingStateAt(standard, china('2026-10-15T10:00:00'))).toEqual({ openNow: true, alwaysOpen: false }); // Thursday
    expect(openingStateAt(standard, china('2026-10-15T08:29:00')).openNow).toBe(false);
    expect(openingStateAt(standard, china('2026-10-15T08:30:00')).openNow).toBe(true);
    expect(openingStateAt(standard, china('2026-10-15T18:00:00')).openNow).toBe(false);
    expect(openingStateAt(standard, china('2026-10-17T10:00:00')).openNow).toBe(false); // an ordinary Saturday
  });

  it('is closed on a public holiday that falls on a weekday, and open on its make-up Saturday', () => {
    expect(openingStateAt(standard, china('2026-10-01T10:00:00')).openNow).toBe(false); // National Day, a Thursday
    expect(openingStateAt(standard, china('2026-10-07T10:00:00')).openNow).toBe(false);
    expect(openingStateAt(standard, china('2026-10-08T10:00:00')).openNow).toBe(true);
    expect(openingStateAt(standard, china('2026-10-10T10:00:00')).openNow).toBe(true); // 调休, a Saturday
    expect(openingStateAt(standard, china('2026-10-10T19:00:00')).openNow).toBe(false);
  });

  it('keeps a 24×7 calendar open around the clock, holidays included, and marks it as such', () => {
    expect(openingStateAt(alwaysOpen, china('2026-10-01T03:00:00'))).toEqual({ openNow: true, alwaysOpen: true });
    expect(openingStateAt(alwaysOpen, china('2026-10-17T23:59:00'))).toEqual({ openNow: true, alwaysOpen: true });
  });

  it('treats a dealer without a calendar as SLA does: every minute counts', () => {
    expect(CALENDAR_OF_DEALER_WITHOUT_ONE.alwaysOpen).toBe(true);
    expect(openingStateAt(null, china('2026-10-01T03:00:00'))).toEqual({ openNow: true, alwaysOpen: true });
  });
});
