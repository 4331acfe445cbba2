import fc from 'fast-check';
import { kaplanMeier, kaplanMeierPercentiles, kaplanMeierPercentilesSorted, type Observation } from '../../shared/src/reports/kaplan-meier';
import { clockSpanOf } from '../../shared/src/reports/clock-spans';
import { BusinessCalendar } from '../../shared/src/sla/business-calendar';

const events = (...times: number[]): Observation[] => times.map((time) => ({ time, event: true }));
const censored = (...times: number[]): Observation[] => times.map((time) => ({ time, event: false }));

describe('Kaplan–Meier', () => {
  it('without censoring is the empirical distribution: the median of 1..4 is the first time at which half are done', () => {
    const [median, p90] = kaplanMeierPercentiles(events(4, 1, 3, 2), [0.5, 0.9]);
    // S(2) = 0.5 exactly (a product of floats): reached at 2, not at 3.
    expect(median).toEqual({ p: 0.5, value: 2, reason: null });
    expect(p90).toEqual({ p: 0.9, value: 4, reason: null });
  });

  it('a censored observation leaves the risk set without a step (the textbook example)', () => {
    // 1, 2+, 3, 4: S(1) = 3/4, S(3) = 3/4 · 1/2 = 3/8, S(4) = 0.
    const steps = kaplanMeier([...events(1, 3, 4), ...censored(2)]);
    expect(steps.map((step) => [step.time, step.atRisk, step.events])).toEqual([
      [1, 4, 1],
      [3, 2, 1],
      [4, 1, 1],
    ]);
    expect(steps[1].survival).toBeCloseTo(3 / 8, 12);
    expect(kaplanMeierPercentiles([...events(1, 3, 4), ...censored(2)], [0.5])[0].value).toBe(3);
  });

  it('ties: events at a time come before censorings at the same time (those are still at risk)', () => {
    const steps = kaplanMeier([...events(5, 5), ...censored(5, 9)]);
    expect(steps).toEqual([{ time: 5, atRisk: 4, events: 2, survival: 0.5 }]);
  });

  it('a percentile the curve never reaches is null, with the reason; no observations says so', () => {
    const open = [...events(10), ...censored(20, 30, 40)];
    expect(kaplanMeierPercentiles(open, [0.5, 0.95])).toEqual([
      { p: 0.5, value: null, reason: 'not_reached' },
      { p: 0.95, value: null, reason: 'not_reached' },
    ]);
    expect(kaplanMeierPercentiles([], [0.5])).toEqual([{ p: 0.5, value: null, reason: 'no_observations' }]);
    expect(kaplanMeierPercentiles(censored(5), [0.5])[0].reason).toBe('not_reached');
  });

  it('from sorted events and censored times (the telescoped walk) gives the step-by-step percentiles, ties and all', () => {
    const ps = [0.5, 0.9, 0.95];
    // Few distinct times: many ties between events, between censorings, and across the two.
    const observation = fc.record({ time: fc.integer({ min: 0, max: 30 }), event: fc.boolean() });
    fc.assert(
      fc.property(fc.array(observation, { maxLength: 120 }), (sample) => {
        const sorted = (event: boolean) => Int32Array.from(sample.filter((o) => o.event === event).map((o) => o.time)).sort();
        const out = new Float64Array(ps.length);
        const hadEvent = kaplanMeierPercentilesSorted(sorted(true), sorted(false), ps, out);
        expect(hadEvent).toBe(sample.some((o) => o.event));
        if (!hadEvent) return;
        const expected = kaplanMeierPercentiles(sample, ps).map((percentile) => percentile.value);
        expect([...out].map((value) => (Number.isNaN(value) ? null : value))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
    // The textbook example, and an all-censored tail after the last event.
    const out = new Float64Array(3);
    kaplanMeierPercentilesSorted([1, 3, 4], [2], ps, out);
    expect([...out]).toEqual([3, 4, 4]);
    kaplanMeierPercentilesSorted([10], [20, 30, 40], ps, out);
    expect([...out].every(Number.isNaN)).toBe(true);
  });

  it('agrees with a direct product over a random sample', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const sample: Observation[] = Array.from({ length: 500 }, () => ({ time: Math.floor(random() * 100), event: random() < 0.8 }));
    const times = [...new Set(sample.filter((o) => o.event).map((o) => o.time))].sort((a, b) => a - b);
    let survival = 1;
    const curve = times.map((time) => {
      const atRisk = sample.filter((o) => o.time >= time).length;
      const died = sample.filter((o) => o.time === time && o.event).length;
      survival *= 1 - died / atRisk;
      return { time, survival };
    });
    for (const p of [0.5, 0.9, 0.95]) {
      const expected = curve.find((point) => point.survival <= 1 - p + 1e-9)?.time ?? null;
      expect(kaplanMeierPercentiles(sample, [p])[0].value).toBe(expected);
    }
  });
});

describe('clockSpanOf', () => {
  // Monday to Friday 09:00–18:00, Asia/Shanghai.
  const weekdays = new BusinessCalendar({
    timeZone: 'Asia/Shanghai',
    weeklyHours: Object.fromEntries(['1', '2', '3', '4', '5'].map((day) => [day, [['09:00', '18:00']]])),
    holidays: [],
    workdays: [],
  });

  it('measures from when the owner got the clock, in business time minus its own pauses, and in clock time', () => {
    // Friday 2026-12-04 17:00 → Monday 2026-12-07 10:00 local: 1 h Friday + 1 h Monday of business time.
    const span = clockSpanOf({
      clock: { startedAt: new Date('2026-12-01T01:00:00Z'), ownedSince: new Date('2026-12-04T09:00:00Z'), pausedSecondsBeforeOwner: 600, breachedAt: null },
      pausedSeconds: 600 + 900,
      calendar: weekdays,
      endAt: new Date('2026-12-07T02:00:00Z'),
    });
    expect(span.fromAt).toEqual(new Date('2026-12-04T09:00:00Z'));
    expect(span.businessSeconds).toBe(2 * 3600 - 900);
    expect(span.clockSeconds).toBe(65 * 3600);
    expect(span.breached).toBe(false);
  });

  it('stops the business count while the ticket waits for the customer; a breach before the owner got it is not its own', () => {
    const span = clockSpanOf({
      clock: { startedAt: new Date('2026-12-07T01:00:00Z'), ownedSince: null, pausedSecondsBeforeOwner: 0, breachedAt: new Date('2026-12-07T00:30:00Z') },
      pausedSeconds: 0,
      calendar: weekdays,
      endAt: new Date('2026-12-07T05:00:00Z'),
      pausedAt: new Date('2026-12-07T03:00:00Z'),
    });
    expect(span.businessSeconds).toBe(2 * 3600);
    expect(span.clockSeconds).toBe(4 * 3600);
    expect(span.breached).toBe(false);
  });
});

describe('BusinessTimeIndex', () => {
  it('gives the same business time as businessMsBetween, holidays and make-up days included', async () => {
    const { BusinessTimeIndex } = await import('../../shared/src/reports/business-time-index');
    const { businessMsBetween, BusinessCalendar: Calendar } = await import('../../shared/src/sla/business-calendar');
    const calendar = new Calendar({
      timeZone: 'Asia/Shanghai',
      weeklyHours: { '1': [['08:30', '12:00'], ['13:00', '18:00']], '2': [['08:30', '18:00']], '3': [['08:30', '18:00']], '4': [['08:30', '18:00']], '5': [['08:30', '17:00']], '6': [['09:00', '12:00']] },
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05'],
      workdays: ['2026-10-11'],
    });
    const index = new BusinessTimeIndex(calendar, { from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') });
    expect(index.offsetMs).toBe(8 * 3_600_000);
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const start = Date.parse('2026-09-02T00:00:00Z');
    for (let sample = 0; sample < 300; sample += 1) {
      const from = new Date(start + Math.floor(random() * 100 * 86_400_000));
      const to = new Date(from.getTime() + Math.floor(random() * 20 * 86_400_000));
      expect(index.between(from, to)).toBe(businessMsBetween(calendar, from, to));
    }
  });
});

describe('checkpointCutoffs', () => {
  it('names the end of the 10th, the 20th and the last day of this month and the last, in China time', async () => {
    const { checkpointCutoffs } = await import('../../shared/src/server/reports/checkpoints');
    const cutoffs = checkpointCutoffs(new Date('2026-03-05T20:00:00Z'));
    expect(cutoffs.map((cutoff) => cutoff.label)).toEqual(['2026-02-10', '2026-02-20', '2026-02-28', '2026-03-10', '2026-03-20', '2026-03-31']);
    // The 10th ends at midnight local: 16:00 UTC that day.
    expect(cutoffs[3].cutoffAt.toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(cutoffs[2].monthStart).toBe('2026-02-01');
  });
});
