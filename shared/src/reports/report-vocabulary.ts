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

/** The cell key of "nobody" (a clock the hotline held, a ticket without a vehicle): `dealer=none`. */
export const NO_KEY = 'none';
