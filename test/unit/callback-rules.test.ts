import fc from 'fast-check';
import { BusinessCalendar, CHINA_HOLIDAYS_2026, nextWorkingInstant } from '../../shared/src';
import { decideCallbackAttempt, isUnhappy, satisfactionLevel } from '../../shared/src/callbacks/callback-rules';

const workday: Array<[string, string]> = [['08:30', '18:00']];
const standard = new BusinessCalendar({
  timeZone: 'Asia/Shanghai',
  weeklyHours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday },
  holidays: CHINA_HOLIDAYS_2026.filter((day) => day.kind === 'holiday').map((day) => day.day),
  workdays: CHINA_HOLIDAYS_2026.filter((day) => day.kind === 'workday').map((day) => day.day),
});
const alwaysOpen = new BusinessCalendar({ timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workdays: [], alwaysOpen: true });
const cst = (local: string) => new Date(`${local}+08:00`);

describe('isUnhappy', () => {
  it('is unhappy at a score of 2 or less, or when the problem is not solved', () => {
    expect([1, 2, 3, 4, 5].map((satisfaction) => isUnhappy({ satisfaction, solved: true }))).toEqual([true, true, false, false, false]);
    expect(isUnhappy({ satisfaction: 5, solved: false })).toBe(true);
  });
});

describe('satisfactionLevel', () => {
  it('reads 1–2 as unhappy, 3 as neutral and 4–5 as satisfied, agreeing with isUnhappy', () => {
    expect([1, 2, 3, 4, 5].map(satisfactionLevel)).toEqual(['unhappy', 'unhappy', 'neutral', 'satisfied', 'satisfied']);
    for (const satisfaction of [1, 2, 3, 4, 5]) expect(satisfactionLevel(satisfaction) === 'unhappy').toBe(isUnhappy({ satisfaction, solved: true }));
  });
});

describe('decideCallbackAttempt', () => {
  it('closes a reached, satisfied customer and reopens an unhappy one', () => {
    const at = cst('2026-03-02T10:00');
    expect(decideCallbackAttempt({ answer: { result: 'reached', satisfaction: 4, solved: true }, failedBefore: [], at, calendar: standard })).toEqual({ outcome: 'satisfied' });
    expect(decideCallbackAttempt({ answer: { result: 'reached', satisfaction: 2, solved: true }, failedBefore: [], at, calendar: standard })).toEqual({ outcome: 'unhappy' });
    // Reached after failures: the answer decides, not the failures.
    const failures = [cst('2026-03-02T09:00'), cst('2026-03-02T11:00'), cst('2026-03-03T09:00')];
    expect(decideCallbackAttempt({ answer: { result: 'reached', satisfaction: 5, solved: true }, failedBefore: failures, at: cst('2026-03-04T09:00'), calendar: standard })).toEqual({ outcome: 'satisfied' });
  });

  it('tries again two business hours later, then on the next working day once a day had its two tries', () => {
    const first = decideCallbackAttempt({ answer: { result: 'no_answer' }, failedBefore: [], at: cst('2026-03-02T10:00'), calendar: standard });
    expect(first).toEqual({ outcome: 'retry', nextAttemptAt: cst('2026-03-02T12:00') });
    const second = decideCallbackAttempt({ answer: { result: 'busy' }, failedBefore: [cst('2026-03-02T10:00')], at: cst('2026-03-02T12:00'), calendar: standard });
    expect(second).toEqual({ outcome: 'retry', nextAttemptAt: cst('2026-03-03T08:30') });
    // Friday afternoon: two hours later is Monday, so Monday's opening it is.
    const friday = decideCallbackAttempt({ answer: { result: 'no_answer' }, failedBefore: [], at: cst('2026-03-06T17:00'), calendar: standard });
    expect(friday).toEqual({ outcome: 'retry', nextAttemptAt: cst('2026-03-09T08:30') });
    // Before National Day: the next working day is after the holiday week.
    const holiday = decideCallbackAttempt({ answer: { result: 'no_answer' }, failedBefore: [cst('2026-09-30T09:00')], at: cst('2026-09-30T10:00'), calendar: standard });
    expect(holiday.outcome).toBe('retry');
    expect((holiday as { nextAttemptAt: Date }).nextAttemptAt.getTime()).toBeGreaterThanOrEqual(cst('2026-10-08T00:00').getTime());
  });

  it('gives up only after three failures on at least two working days', () => {
    const sameDay = [cst('2026-03-02T09:00'), cst('2026-03-02T11:00')];
    expect(decideCallbackAttempt({ answer: { result: 'no_answer' }, failedBefore: sameDay, at: cst('2026-03-02T16:00'), calendar: standard }).outcome).toBe('retry');
    expect(decideCallbackAttempt({ answer: { result: 'no_answer' }, failedBefore: sameDay, at: cst('2026-03-03T09:00'), calendar: standard })).toEqual({ outcome: 'unreachable' });
    // A Saturday call counts for the next working day (Monday), so Friday + Saturday + Monday spans two days.
    const weekend = [cst('2026-03-06T09:00'), cst('2026-03-07T10:00')];
    expect(decideCallbackAttempt({ answer: { result: 'no_answer' }, failedBefore: weekend, at: cst('2026-03-09T09:00'), calendar: standard })).toEqual({ outcome: 'unreachable' });
  });

  it('never gives up before the third failure, and never on one working day (property)', () => {
    const start = cst('2026-03-02T08:30').getTime();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 14 * 86_400_000 }), { minLength: 1, maxLength: 6 }), fc.boolean(), (offsets, open) => {
        const calendar = open ? alwaysOpen : standard;
        const times = offsets.sort((a, b) => a - b).map((offset) => new Date(start + offset));
        const at = times.at(-1)!;
        const verdict = decideCallbackAttempt({ answer: { result: 'no_answer' }, failedBefore: times.slice(0, -1), at, calendar });
        // The working day an attempt counts for: its own, or for a call outside working hours (a Saturday, 18:00 or
        // later) the next one, as the rule says.
        const days = new Set(times.map((time) => calendar.localDayOf(nextWorkingInstant(calendar, time))));
        if (verdict.outcome === 'unreachable') {
          expect(times.length).toBeGreaterThanOrEqual(3);
          expect(days.size).toBeGreaterThanOrEqual(2);
        } else {
          expect(verdict.outcome).toBe('retry');
          if (verdict.outcome === 'retry') expect(verdict.nextAttemptAt.getTime()).toBeGreaterThan(at.getTime());
        }
      }),
    );
  });
});
