import type { ContractResponse } from '@shared/contracts/contract';
import type { checkpointContract, exportStatusContract, listReportCheckpointsContract, resolutionReportContract, resolutionTicketsContract } from '@shared/contracts/reports.contracts';
import { NO_KEY, type ReportDimension, type TimeBasis } from '@shared/reports/report-vocabulary';
import type { ConsoleLocale } from '../../i18n/messages';
import { formatDuration } from '../../lib/format';

/** The console's names for what the report endpoints return, read off their contracts. */
export type ResolutionReport = ContractResponse<typeof resolutionReportContract>;
export type ReportCell = ResolutionReport['cells'][number];
export type ClockFigures = ReportCell['clocks']['resolve'];
export type PercentileFigure = ClockFigures['business']['p50'];
export type DrillDownRow = ContractResponse<typeof resolutionTicketsContract>['items'][number];
export type CheckpointSummary = ContractResponse<typeof listReportCheckpointsContract>['items'][number];
export type CheckpointWithComparison = ContractResponse<typeof checkpointContract>;
export type ExportStatus = ContractResponse<typeof exportStatusContract>;

/**
 * A cell key's name in the reader's language. The API names dealers, regions, departments and categories
 * `CODE 中文名 · English name`; types are translated here; models and months are their own name.
 */
export function cellLabel(dimension: ReportDimension, cell: Pick<ReportCell, 'keys' | 'labels'>, locale: ConsoleLocale, t: (key: string) => string): string {
  const key = cell.keys[dimension];
  if (key === undefined) return '—';
  if (key === NO_KEY) return t('reports.nobody');
  if (dimension === 'type') return t(`ticketType.${key}`);
  const label = cell.labels[dimension] ?? key;
  const [zh, en] = label.split(' · ');
  if (en === undefined) return label;
  const code = zh.split(' ')[0];
  return locale === 'en' ? `${code} ${en}` : zh;
}

/** A cell's name: its keys' names joined (one or two dimensions). */
export const cellName = (dimensions: readonly ReportDimension[], cell: Pick<ReportCell, 'keys' | 'labels'>, locale: ConsoleLocale, t: (key: string) => string) =>
  dimensions.map((dimension) => cellLabel(dimension, cell, locale, t)).join(' / ');

/** A percentile: a duration, a dash when nothing was observed, "not reached" when open tickets keep the curve above it. */
export function formatPercentile(figure: PercentileFigure, locale: ConsoleLocale, t: (key: string) => string): string {
  if (figure.seconds !== null) return formatDuration(figure.seconds * 1000, locale);
  return figure.reason === 'not_reached' ? t('reports.notReached') : '—';
}

/** A rate 0–1 as a percentage with one decimal, or a dash. */
export const formatRate = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);

/** A satisfaction score or another plain figure with one decimal, or a dash. */
export const formatFigure = (value: number | null | undefined) => (value === null || value === undefined ? '—' : Number.isInteger(value) ? String(value) : value.toFixed(1));

/**
 * A drilled-down ticket's time to resolve as the cell's parties held it (the sum of its resolve stretches, in the
 * chosen time), whether it still runs (an open, censored observation) and whether it was met; null without a resolve
 * clock.
 */
export function resolveTimeOf(row: DrillDownRow, timeBasis: TimeBasis): { seconds: number; running: boolean; met: boolean } | null {
  const stretches = row.stretches.filter((stretch) => stretch.clock === 'resolve');
  if (stretches.length === 0) return null;
  return {
    seconds: stretches.reduce((sum, stretch) => sum + (timeBasis === 'business' ? stretch.businessSeconds : stretch.clockSeconds), 0),
    running: stretches.some((stretch) => stretch.outcome === 'running'),
    met: stretches.some((stretch) => stretch.outcome === 'met'),
  };
}
