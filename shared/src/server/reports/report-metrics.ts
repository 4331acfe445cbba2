/**
 * The seam for report figures that come from other tables than the SLA clocks and tickets: callback rate in time
 * (及时回访率), satisfaction (投诉处理满意度), resolution rate (投诉解决率) from `callback_tasks` / `callback_attempts`;
 * QA's mean review score (质检得分) from `qa_reviews`.
 * Add one entry per figure; each answers, for the report's filters and grouping, a value per cell (k1, k2: the cell's
 * raw keys — ids as text, null for nobody — built with `dimensionSql` / `filterSql` from ./report-sql so that its
 * cells and scoping match the report's). The report puts each in `cell.metrics[key]` (null where a cell has none),
 * lists them in `report.metrics`, and exports and checkpoints carry them.
 */
import type { ReportDimension } from '../../reports/report.schemas';
import type { Executor } from '../db/client';
import { CALLBACK_METRICS } from './callback-metrics';
import { QA_METRICS } from './qa-metrics';
import type { ReportFilters } from './report-sql';

export interface ReportMetric {
  /** Stable key (`callbackInTimeRate`), as the API and exports name it. */
  key: string;
  nameZh: string;
  nameEn: string;
  /** `filters` are already scoped to the reader (a dealer's own, a department's own). */
  compute(db: Executor, context: { filters: ReportFilters; dimensions: ReportDimension[]; now: Date }): Promise<Array<{ k1: string | null; k2: string | null; value: number | null }>>;
}

/** Every figure from other tables, in the order the report lists them. */
export const REPORT_METRICS: readonly ReportMetric[] = [...CALLBACK_METRICS, ...QA_METRICS];
