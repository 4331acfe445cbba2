/**
 * The roadside figures' request schema and shape (browser-safe: the console's reports page reads them). What the
 * figures mean: docs/ARCHITECTURE.md, "Reports" (roadside figures).
 */
import { z } from 'zod';
import { periodInOrder, periodIssue } from './report.schemas';

/** A period bound: an instant with its offset, or a date (midnight at its start, Asia/Shanghai). */
const ZBound = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** Rows per provider (the dealer offered the job) or per the provider's region. */
export const ROADSIDE_FIGURE_GROUPS = ['provider', 'region'] as const;
export type RoadsideFigureGroup = (typeof ROADSIDE_FIGURE_GROUPS)[number];

/** The offers made in [from, to) (by `offered_at`), optionally one provider's or one region's. */
export const ZRoadsideFiguresQuery = z
  .strictObject({
    groupBy: z.enum(ROADSIDE_FIGURE_GROUPS).default('provider'),
    from: ZBound.optional(),
    to: ZBound.optional(),
    dealerId: z.uuid().optional(),
    regionId: z.uuid().optional(),
  })
  .refine(periodInOrder, periodIssue);
export type TRoadsideFiguresQuery = z.output<typeof ZRoadsideFiguresQuery>;

/** One row's figures (a provider's, a region's, or the total). */
export interface RoadsideFigures {
  /** A dealer or region id, `none` (a provider without a region), or null for the total. */
  key: string | null;
  label: { code: string | null; nameZh: string; nameEn: string } | null;
  offers: number;
  accepted: number;
  declined: number;
  expired: number;
  /** Offers withdrawn before an answer (the hotline dispatched the ticket by hand or cancelled it): not in the rate. */
  withdrawn: number;
  /** Offers still waiting for an answer: not in the rate. */
  pending: number;
  /** accepted ÷ (accepted + declined + expired); null without any. */
  acceptanceRate: number | null;
  /** From the offer to its acceptance, seconds (continuous percentiles over the accepted offers). */
  timeToAccept: { medianSeconds: number | null; p90Seconds: number | null };
  /** The ETA promised at acceptance against the arrival reported (accepted jobs that arrived). */
  arrival: { arrived: number; onTime: number; onTimeShare: number | null; medianLatenessMinutes: number | null };
  /** What became of the accepted jobs. */
  completion: { completed: number; goneOnArrival: number; cancelled: number; inProgress: number; completionRate: number | null };
}

export interface RoadsideFiguresReport {
  groupBy: RoadsideFigureGroup;
  filters: Record<string, unknown>;
  at: Date;
  rows: RoadsideFigures[];
  total: RoadsideFigures;
}
