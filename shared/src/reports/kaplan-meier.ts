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
