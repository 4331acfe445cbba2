/**
 * The resolution-time report's words, without zod: the console's report page imports these, and the schemas
 * (report.schemas.ts, which re-exports them) would bring the whole validator into QA's first page.
 */

/** What a report can be grouped by (any one or two). */
export const REPORT_DIMENSIONS = ['dealer', 'region', 'department', 'type', 'category', 'vehicleModel', 'month'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** The clocks the report measures (a copied department's internal clock is not the customer's). */
export const REPORT_CLOCKS = ['acknowledge', 'first_contact', 'resolve'] as const;
export type ReportClock = (typeof REPORT_CLOCKS)[number];

/** Business time (the party's calendar, customer-waiting pauses out, as the SLA counts) and wall-clock time. */
export const TIME_BASES = ['business', 'clock'] as const;
export type TimeBasis = (typeof TIME_BASES)[number];

export const REPORT_PERCENTILES = [0.5, 0.9, 0.95] as const;

/**
 * The distribution's bins (GET /api/reports/resolution/distribution): upper bounds in hours — under 1 h, 1–4 h, …,
 * 14 days and more. Bin i holds times in [bound i−1, bound i); the last bin has no upper bound.
 */
export const DISTRIBUTION_BOUNDS_HOURS = [1, 4, 8, 24, 48, 72, 120, 168, 336] as const;

/** The cell key of "nobody" (a clock the hotline held, a ticket without a vehicle): `dealer=none`. */
export const NO_KEY = 'none';
