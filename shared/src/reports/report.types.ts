import type { ReportClock, ReportDimension, TimeBasis } from './report.schemas';
import type { PercentileReason } from './kaplan-meier';

/** One percentile: seconds, or null with the reason (no observations; the curve never got there). */
export interface PercentileFigure {
  seconds: number | null;
  reason: PercentileReason | null;
}

export interface Percentiles {
  p50: PercentileFigure;
  p90: PercentileFigure;
  p95: PercentileFigure;
}

/** One clock's figures in a cell: every stretch of it the cell's parties held. */
export interface ClockFigures {
  /** Stretches counted (met, ended otherwise, or still running). */
  observations: number;
  met: number;
  /** Still running: censored at their age so far. */
  open: number;
  business: Percentiles;
  clock: Percentiles;
  /** Deadlines that fell due in the party's hands, and of them met by the due time. */
  sla: { due: number; onTime: number; compliance: number | null };
  breaches: number;
}

export interface ResolutionCell {
  /** Per grouping dimension: an id, a type, a model or a month; `none` for nobody. */
  keys: Partial<Record<ReportDimension, string>>;
  /** Readable names of the keys (zh-CN · en), where they have one. */
  labels: Partial<Record<ReportDimension, string>>;
  tickets: number;
  openTickets: number;
  resolvedTickets: number;
  reopened: number;
  reopenRate: number | null;
  /** Tickets that left this cell's party (rejected, transferred away). */
  reroutes: number;
  leads: number;
  leadOrders: number;
  leadConversion: number | null;
  clocks: Record<ReportClock, ClockFigures>;
  /** Figures of the metrics seam (callbacks), by metric key. */
  metrics: Record<string, number | null>;
}

export interface ResolutionReport {
  groupBy: ReportDimension[];
  filters: Record<string, unknown>;
  at: Date | string;
  timeBases: TimeBasis[];
  percentiles: number[];
  metrics: Array<{ key: string; nameZh: string; nameEn: string }>;
  cells: ResolutionCell[];
  /** A dealer's users: their position among all dealers (no other dealer named). */
  rank?: { position: number | null; of: number; by: string };
}
