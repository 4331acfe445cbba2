import { REPORT_CLOCKS, type ReportClock, type TimeBasis } from '@shared/reports/report-vocabulary';
import { Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { cellId } from '../report-view';
import { cellLabel, formatFigure, formatPercentile, formatRate, type PercentileFigure, type ReportCell, type ResolutionReport } from '../reports.types';

const PERCENTILES = ['p50', 'p90', 'p95'] as const;

/** A percentile cell; "not reached" explains itself on hover. */
function Percentile({ figure }: { figure: PercentileFigure }) {
  const { t, locale } = useLocale();
  const text = formatPercentile(figure, locale, t);
  return figure.reason === 'not_reached' ? <Tooltip title={t('reports.notReachedHelp')}>{text}</Tooltip> : <>{text}</>;
}

/** One clock's columns: the three percentiles in the chosen time, SLA compliance and breaches. */
function clockColumns(clock: ReportClock, timeBasis: TimeBasis, t: (key: string) => string): ColumnsType<ReportCell>[number] {
  return {
    key: clock,
    title: t(`reports.clock.${clock}`),
    children: [
      ...PERCENTILES.map((p) => ({
        key: `${clock}.${p}`,
        title: p.toUpperCase(),
        align: 'right' as const,
        render: (_: unknown, cell: ReportCell) => <Percentile figure={cell.clocks[clock][timeBasis][p]} />,
      })),
      { key: `${clock}.compliance`, title: t('reports.col.compliance'), align: 'right' as const, render: (_: unknown, cell: ReportCell) => formatRate(cell.clocks[clock].sla.compliance) },
      { key: `${clock}.breaches`, title: t('reports.col.breaches'), align: 'right' as const, render: (_: unknown, cell: ReportCell) => cell.clocks[clock].breaches },
    ],
  };
}

/**
 * The report's cells, one row each: the keys by name, counts, each clock's percentiles in the chosen time basis with
 * its SLA figures, then reopen rate, reroutes, lead conversion and the metrics the API lists (callbacks). A row opens
 * its tickets.
 */
export function ReportTable({ report, timeBasis, loading, onOpenCell }: { report: ResolutionReport | undefined; timeBasis: TimeBasis; loading: boolean; onOpenCell: (cell: ReportCell) => void }) {
  const { t, locale } = useLocale();
  const dimensions = report?.groupBy ?? [];
  const columns: ColumnsType<ReportCell> = [
    ...dimensions.map((dimension, index) => ({
      key: `key.${dimension}`,
      title: t(`reports.dimension.${dimension}`),
      fixed: index === 0 ? ('left' as const) : undefined,
      render: (_: unknown, cell: ReportCell) => <span data-testid={`report-cell-${dimension}`}>{cellLabel(dimension, cell, locale, t)}</span>,
    })),
    { key: 'tickets', title: t('reports.col.tickets'), align: 'right', render: (_, cell) => <span data-testid="report-cell-tickets">{cell.tickets}</span> },
    { key: 'open', title: t('reports.col.open'), align: 'right', render: (_, cell) => <span data-testid="report-cell-open">{cell.openTickets}</span> },
    ...REPORT_CLOCKS.map((clock) => clockColumns(clock, timeBasis, t)),
    { key: 'reopenRate', title: t('reports.col.reopenRate'), align: 'right', render: (_, cell) => formatRate(cell.reopenRate) },
    { key: 'reroutes', title: t('reports.col.reroutes'), align: 'right', render: (_, cell) => cell.reroutes },
    ...(report?.metrics ?? []).map((metric) => ({
      key: `metric.${metric.key}`,
      title: locale === 'en' ? metric.nameEn : metric.nameZh,
      align: 'right' as const,
      render: (_: unknown, cell: ReportCell) => formatRate(cell.metrics[metric.key]),
    })),
    { key: 'leadConversion', title: t('reports.col.leadConversion'), align: 'right', render: (_, cell) => (cell.leads > 0 ? `${formatRate(cell.leadConversion)} (${formatFigure(cell.leadOrders)}/${cell.leads})` : '—') },
  ];
  return (
    <Table<ReportCell>
      size="small"
      bordered
      rowKey={(cell) => cellId(cell.keys)}
      loading={loading}
      dataSource={report?.cells ?? []}
      columns={columns}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t('reports.empty') }}
      rowClassName={() => 'careline-clickable-row'}
      onRow={(cell) =>
        ({
          onClick: () => onOpenCell(cell),
          'data-testid': 'report-cell',
          'data-cell': cellId(cell.keys),
        }) as HTMLAttributes<HTMLElement>
      }
      data-testid="report-table"
    />
  );
}
