import fc from 'fast-check';
import { addBusinessMinutes, BusinessCalendar, businessMinutesBetween, type CalendarDefinition, nextWorkingInstant } from '../../shared/src/sla/business-calendar';
import { CHINA_HOLIDAYS } from '../../shared/src/sla/china-holidays';

const MINUTE = 60_000;
const workday: Array<[string, string]> = [['08:30', '18:00']];
const standard = new BusinessCalendar({
  timeZone: 'Asia/Shanghai',
  weeklyHours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday },
  holidays: CHINA_HOLIDAYS.filter((day) => day.kind === 'holiday').map((day) => day.day),
  workdays: CHINA_HOLIDAYS.filter((day) => day.kind === 'workday').map((day) => day.day),
});
/** China local time → instant. */
const cst = (local: string) => new Date(`${local}+08:00`);
const iso = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('business calendar with the Chinese holiday schedule', () => {
  it.each([
    ['a plain afternoon', '2025-11-04T16:00', 60, '2025-11-04 17:00'],
    ['over the evening', '2025-11-04T17:30', 60, '2025-11-05 09:00'],
    ['over a weekend', '2025-11-07T17:00', 120, '2025-11-10 09:30'],
    ['into National Day: Oct 1–8 off', '2025-09-30T17:00', 120, '2025-10-09 09:30'],
    ['onto a make-up Sunday (2025-09-28)', '2025-09-26T17:30', 60, '2025-09-28 09:00'],
    ['across the year end: Jan 1–3 off, Sunday Jan 4 worked', '2025-12-31T17:00', 120, '2026-01-04 09:30'],
    ['through Spring Festival 2026 (Feb 15–23 off, Sat Feb 14 worked)', '2026-02-13T17:00', 700, '2026-02-24 09:40'],
    ['from the middle of the night', '2025-11-05T02:00', 30, '2025-11-05 09:00'],
    ['exactly to the end of the day', '2025-11-05T17:00', 60, '2025-11-05 18:00'],
  ])('%s', (_name, start, minutes, due) => {
    expect(iso(addBusinessMinutes(standard, cst(start), minutes))).toBe(due);
  });

  it('counts business minutes between instants, excluding nights, weekends and holidays', () => {
    expect(businessMinutesBetween(standard, cst('2025-09-30T17:00'), cst('2025-10-09T09:30'))).toBe(120);
    expect(businessMinutesBetween(standard, cst('2025-11-08T09:00'), cst('2025-11-09T18:00'))).toBe(0);
    expect(businessMinutesBetween(standard, cst('2025-11-05T18:00'), cst('2025-11-05T09:00'))).toBe(0);
  });

  it('finds the next working instant', () => {
    expect(iso(nextWorkingInstant(standard, cst('2025-10-03T11:00')))).toBe('2025-10-09 08:30');
    expect(iso(nextWorkingInstant(standard, cst('2025-11-05T10:15')))).toBe('2025-11-05 10:15');
  });

  it('a 24×7 calendar counts every minute', () => {
    const always = new BusinessCalendar({ timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workdays: [], alwaysOpen: true });
    expect(iso(addBusinessMinutes(always, cst('2025-12-31T23:30'), 90))).toBe('2026-01-01 01:00');
  });

  it('refuses a time zone with daylight saving and a calendar never open', () => {
    expect(() => new BusinessCalendar({ timeZone: 'Europe/Berlin', weeklyHours: {}, holidays: [], workdays: [] })).toThrow(/daylight saving/);
    const never = new BusinessCalendar({ timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workdays: [] });
    expect(() => addBusinessMinutes(never, cst('2025-01-01T00:00'), 1)).toThrow(/no working time/);
  });
});

/** The reference: walk minute by minute and ask whether each minute is open. Slow, obviously right. */
function bruteAdd(calendar: BusinessCalendar, start: Date, minutes: number, limitMinutes: number): Date | null {
  let counted = 0;
  for (let step = 0, t = start.getTime(); step < limitMinutes; step += 1, t += MINUTE) {
    if (!calendar.isOpenAt(new Date(t))) continue;
    if (minutes === 0) return new Date(t);
    counted += 1;
    if (counted === minutes) return new Date(t + MINUTE);
  }
  return null;
}

function bruteBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  let counted = 0;
  for (let t = from.getTime(); t < to.getTime(); t += MINUTE) if (calendar.isOpenAt(new Date(t))) counted += 1;
  return counted;
}

describe('against a minute-by-minute reference (property)', () => {
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
  const span = fc.tuple(time, time).map(([a, b]) => (a < b ? [a, b] : [b, a]) as [string, string]);
  // Days around the year end and Spring Festival, where holidays and make-up days cluster.
  const nearbyDay = fc.integer({ min: 0, max: 20 }).map((offset) => new Date(Date.UTC(2025, 11, 24 + offset)).toISOString().slice(0, 10));
  const calendarArbitrary = fc
    .record({
      weeklyHours: fc.dictionary(fc.constantFrom('1', '2', '3', '4', '5', '6', '7'), fc.array(span, { minLength: 1, maxLength: 3 })),
      holidays: fc.array(nearbyDay, { maxLength: 6 }),
      workdays: fc.array(nearbyDay, { maxLength: 3 }),
    })
    .map((definition) => new BusinessCalendar({ timeZone: 'Asia/Shanghai', ...definition } as CalendarDefinition));
  const startArbitrary = fc.integer({ min: 0, max: 12 * 24 * 60 }).map((minute) => new Date(cst('2025-12-26T00:00').getTime() + minute * MINUTE));

  it('addBusinessMinutes and businessMinutesBetween agree with the reference across holidays, make-up days and the year end', () => {
    fc.assert(
      fc.property(calendarArbitrary, startArbitrary, fc.integer({ min: 0, max: 1500 }), (calendar, start, minutes) => {
        const limit = 14 * 24 * 60;
        const expected = bruteAdd(calendar, start, minutes, limit);
        fc.pre(expected !== null);
        const due = addBusinessMinutes(calendar, start, minutes);
        expect(due.toISOString()).toBe(expected!.toISOString());
        expect(businessMinutesBetween(calendar, start, due)).toBe(minutes);
        expect(bruteBetween(calendar, start, due)).toBe(minutes);
      }),
      { numRuns: 120 },
    );
  });

  it('businessMinutesBetween matches the reference for arbitrary intervals', () => {
    fc.assert(
      fc.property(calendarArbitrary, startArbitrary, fc.integer({ min: 0, max: 5 * 24 * 60 }), (calendar, from, length) => {
        const to = new Date(from.getTime() + length * MINUTE);
        expect(businessMinutesBetween(calendar, from, to)).toBe(bruteBetween(calendar, from, to));
      }),
      { numRuns: 120 },
    );
  });
});
