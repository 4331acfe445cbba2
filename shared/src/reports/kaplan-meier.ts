/**
 * Kaplan–Meier (product-limit) estimator for times to an event where some observations are censored: a ticket still
 * open, or a clock that stopped or left the party before its event, counts as "at least this long". Pure; the
 * resolution report computes the same estimate in SQL (shared/src/server/reports/resolution-report.ts), and
 * test/unit/kaplan-meier.test.ts pins the definition down.
 *
 * Definition: at each distinct time t where events happen, with d events among the n observations still at risk
 * (time ≥ t: an observation censored at t is still at risk at t), S(t) = S(t−)·(1 − d/n). The p-th percentile is the
 * smallest event time t with S(t) ≤ 1 − p. When censoring stops the curve above 1 − p, the percentile is not reached
 * (null, with the reason): saying a number would invent one.
 */

export interface Observation {
  /** Seconds (or any unit) from start to the event, or to the censoring. */
  time: number;
  /** True: the event happened at `time`; false: censored at `time` (still open, or ended otherwise). */
  event: boolean;
}

export interface SurvivalStep {
  time: number;
  atRisk: number;
  events: number;
  /** S(time), after this step. */
  survival: number;
}

/**
 * S(t) is a product of floating-point factors; S = 1 − p exactly (e.g. 2 of 4 resolved) must count as reached. Steps
 * of a real curve near 1 − p are at least (1 − p)/n apart, far above this tolerance for any n careline sees.
 */
export const SURVIVAL_TOLERANCE = 1e-9;

export type PercentileReason = 'no_observations' | 'not_reached';

export interface Percentile {
  p: number;
  /** The estimate, in the observations' unit; null when there is none (see `reason`). */
  value: number | null;
  reason: PercentileReason | null;
}

/** The survival curve: one step per distinct event time, in time order. */
export function kaplanMeier(observations: readonly Observation[]): SurvivalStep[] {
  const sorted = [...observations].sort((a, b) => a.time - b.time);
  const steps: SurvivalStep[] = [];
  let survival = 1;
  let index = 0;
  while (index < sorted.length) {
    const time = sorted[index].time;
    const atRisk = sorted.length - index;
    let events = 0;
    let end = index;
    while (end < sorted.length && sorted[end].time === time) {
      if (sorted[end].event) events += 1;
      end += 1;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      steps.push({ time, atRisk, events, survival });
    }
    index = end;
  }
  return steps;
}

/** The p-th percentiles (0 < p < 1) of the time to the event. */
export function kaplanMeierPercentiles(observations: readonly Observation[], ps: readonly number[]): Percentile[] {
  const steps = kaplanMeier(observations);
  return ps.map((p) => {
    if (observations.length === 0) return { p, value: null, reason: 'no_observations' };
    const reached = steps.find((step) => step.survival <= 1 - p + SURVIVAL_TOLERANCE);
    return reached ? { p, value: reached.time, reason: null } : { p, value: null, reason: 'not_reached' };
  });
}

/** Sorted numbers: a typed array or an array (ascending). */
type SortedTimes = ArrayLike<number>;

/** The first index at or after `from` whose value is above `time` (values ascending). */
function firstAbove(values: SortedTimes, time: number, from: number): number {
  let low = from;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The same percentiles as kaplanMeierPercentiles, from the event times and the censored times, each sorted
 * ascending, in time proportional to the censored observations (times the log of the events), not to all of them.
 *
 * Between two censoring times nobody leaves the risk set but by an event, so the product of the steps telescopes:
 * after e more events from n at risk, S = S₀·(n − e)/n. Each percentile is then the time of the e-th event, e the
 * least count that brings S to 1 − p; ties need nothing more (S is read after a tied group, and the group holding the
 * e-th event is the first to reach it). Writes into `out` from `at`: the value per p, NaN when not reached; returns
 * false when there is no event at all (then nothing is written).
 */
export function kaplanMeierPercentilesSorted(events: SortedTimes, censored: SortedTimes, ps: readonly number[], out: Float64Array, at = 0): boolean {
  if (events.length === 0) return false;
  const total = events.length + censored.length;
  let survival = 1;
  let passedEvents = 0;
  let passedCensored = 0;
  let p = 0;
  for (let k = 0; k < ps.length; k += 1) out[at + k] = Number.NaN;
  while (p < ps.length && passedEvents < events.length) {
    // The stretch of time up to and including the next censoring time (ties: the censored are at risk at their time).
    const until = passedCensored < censored.length ? censored[passedCensored] : Number.POSITIVE_INFINITY;
    const end = firstAbove(events, until, passedEvents);
    const atRisk = total - passedEvents - passedCensored;
    const gained = end - passedEvents;
    for (; p < ps.length && gained > 0; p += 1) {
      const threshold = 1 - ps[p] + SURVIVAL_TOLERANCE;
      const after = (count: number) => (survival * (atRisk - count)) / atRisk;
      if (after(gained) > threshold) break;
      // The least count that reaches the threshold: an estimate, then corrected to the exact floating-point answer.
      let count = Math.min(gained, Math.max(1, Math.ceil(atRisk * (1 - threshold / survival))));
      while (count > 1 && after(count - 1) <= threshold) count -= 1;
      while (after(count) > threshold) count += 1;
      out[at + p] = events[passedEvents + count - 1];
    }
    if (gained > 0) survival *= (atRisk - gained) / atRisk;
    passedEvents = end;
    while (passedCensored < censored.length && censored[passedCensored] === until) passedCensored += 1;
  }
  return true;
}
