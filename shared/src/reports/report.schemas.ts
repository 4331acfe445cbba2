/**
 * The resolution-time report's vocabulary and request schemas (browser-safe: the console builds its filters from
 * them). What the figures mean: docs/ARCHITECTURE.md, "Reports".
 */
import { z } from 'zod';
import { TICKET_TYPES } from '../tickets/ticket-vocabulary';
import { NO_KEY, REPORT_CLOCKS, REPORT_DIMENSIONS, TIME_BASES } from './report-vocabulary';

export { DISTRIBUTION_BOUNDS_HOURS, NO_KEY, REPORT_CLOCKS, REPORT_DIMENSIONS, REPORT_PERCENTILES, TIME_BASES } from './report-vocabulary';
export type { ReportClock, ReportDimension, TimeBasis } from './report-vocabulary';

/** A period bound: an instant with its offset, or a date (midnight at its start, Asia/Shanghai). */
const ZBound = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const ZReportFilterShape = {
  /** Which tickets the period selects: created in [from, to), or resolved in it. */
  basis: z.enum(['created', 'resolved']).default('created'),
  from: ZBound.optional(),
  to: ZBound.optional(),
  type: z.enum(TICKET_TYPES).optional(),
  regionId: z.uuid().optional(),
  dealerId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  /** A category and its whole subtree. */
  categoryId: z.uuid().optional(),
  vehicleModel: z.string().trim().min(1).max(100).optional(),
};

export const ZGroupBy = z
  .string()
  .max(100)
  .default('dealer')
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(REPORT_DIMENSIONS))
      .min(1)
      .max(2)
      .refine((keys) => new Set(keys).size === keys.length, { message: 'group by two different dimensions' }),
  );

export const periodInOrder = (query: { from?: string; to?: string }) => !query.from || !query.to || boundToDate(query.from) < boundToDate(query.to);
export const periodIssue = { message: '`to` must be after `from`', path: ['to'] };

export const ZResolutionReportQuery = z.strictObject({ ...ZReportFilterShape, groupBy: ZGroupBy }).refine(periodInOrder, periodIssue);

/** The distribution of one clock's times (default: to resolve, in business time) over the same filters. */
export const ZDistributionQuery = z
  .strictObject({ ...ZReportFilterShape, clock: z.enum(REPORT_CLOCKS).default('resolve'), timeBasis: z.enum(TIME_BASES).default('business') })
  .refine(periodInOrder, periodIssue);
export type TDistributionQuery = z.output<typeof ZDistributionQuery>;
export type TResolutionReportQuery = z.output<typeof ZResolutionReportQuery>;

/** A cell's key for each dimension: an id, a type, a model, a month (YYYY-MM), or `none`. */
export const ZCellKeyShape = {
  dealer: z.union([z.uuid(), z.literal(NO_KEY)]).optional(),
  region: z.union([z.uuid(), z.literal(NO_KEY)]).optional(),
  department: z.union([z.uuid(), z.literal(NO_KEY)]).optional(),
  category: z.union([z.uuid(), z.literal(NO_KEY)]).optional(),
  vehicleModel: z.string().trim().min(1).max(100).optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
};

export const ZDrillDownQuery = z
  .strictObject({
    ...ZReportFilterShape,
    ...ZCellKeyShape,
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(200).optional(),
  })
  .refine(periodInOrder, periodIssue);
export type TDrillDownQuery = z.output<typeof ZDrillDownQuery>;

/** A bound as an instant: a date is midnight at its start in China (UTC+8, no daylight saving). */
export function boundToDate(bound: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(bound) ? new Date(`${bound}T00:00:00+08:00`) : new Date(bound);
}
