import { checkpointContract } from '@shared/contracts/reports.contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router';
import type { ConsoleLocale } from '../../../i18n/messages';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { cellId } from '../report-view';
import { cellName, formatPercentile, formatRate, type ReportCell } from '../reports.types';

type ComparedCell = NonNullable<NonNullable<ReturnType<typeof useCheckpoint>['data']>['comparison']>['cells'][number];

function useCheckpoint(id: string) {
  return useQuery({ queryKey: queryKeys.reportCheckpoint(id), queryFn: () => callApi(checkpointContract, { params: { id }, query: { compare: 'now' } }) });
}

/** A cell's figures without its keys and names: what must not have moved since the checkpoint. */
const figuresOf = (cell: ReportCell | null) => (cell ? JSON.stringify({ ...cell, keys: undefined, labels: undefined }) : null);
const changed = (cell: ComparedCell) => figuresOf(cell.then) !== figuresOf(cell.now);

/** The figures shown side by side: then | now for each. */
const FIGURES: Array<{ key: string; title: string; value: (cell: ReportCell, t: (key: string) => string, locale: ConsoleLocale) => string | number }> = [
  { key: 'tickets', title: 'reports.col.tickets', value: (cell) => cell.tickets },
  { key: 'open', title: 'reports.col.open', value: (cell) => cell.openTickets },
  { key: 'p50', title: 'reports.chart.median', value: (cell, t, locale) => formatPercentile(cell.clocks.resolve.business.p50, locale, t) },
  { key: 'compliance', title: 'reports.chart.compliance', value: (cell) => formatRate(cell.clocks.resolve.sla.compliance) },
  { key: 'breaches', title: 'reports.col.breaches', value: (cell) => cell.clocks.acknowledge.breaches + cell.clocks.first_contact.breaches + cell.clocks.resolve.breaches },
  { key: 'reopenRate', title: 'reports.col.reopenRate', value: (cell) => formatRate(cell.reopenRate) },
];

/**
 * One checkpoint beside the same report now, cell by cell: a cell whose figures are not what they were then is
 * highlighted, and so is each figure that moved. This is how QA compares what a dealer reported on the 10th with
 * what is true today.
 */
export function CheckpointPage() {
  const { t, locale } = useLocale();
  const { id = '' } = useParams();
  const checkpoint = useCheckpoint(id);
  const data = checkpoint.data;
  const cells = data?.comparison?.cells ?? [];
  const groupBy = data?.report.groupBy ?? [];
  const differing = cells.filter(changed).length;
  const columns: ColumnsType<ComparedCell> = [
    { key: 'cell', title: t('reports.checkpoint.cell'), fixed: 'left', render: (_, cell) => cellName(groupBy, cell, locale, t) },
    ...FIGURES.map((figure) => ({
      key: figure.key,
      title: t(figure.title),
      children: (['then', 'now'] as const).map((side) => ({
        key: `${figure.key}.${side}`,
        title: t(`reports.checkpoint.${side}`),
        align: 'right' as const,
        render: (_: unknown, cell: ComparedCell) => {
          const value = cell[side] ? figure.value(cell[side], t, locale) : t('reports.checkpoint.missing');
          const other = cell[side === 'then' ? 'now' : 'then'];
          const moved = side === 'now' && (!other || !cell.now || figure.value(other, t, locale) !== value);
          return moved ? <Typography.Text strong type="warning" data-testid="checkpoint-moved">{value}</Typography.Text> : value;
        },
      })),
    })),
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="checkpoint-page">
      <Link to="/reports/checkpoints">{t('reports.checkpoint.back')}</Link>
      {checkpoint.error && <Alert type="error" showIcon title={checkpoint.error.message} />}
      {data && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {data.label} · {t('reports.checkpoints.cutoffAt')} {formatDateTime(data.cutoffAt)} · {t('reports.checkpoint.now')} {formatDateTime(data.comparison?.at)}
          </Typography.Title>
          <Alert type={differing > 0 ? 'warning' : 'success'} showIcon title={differing > 0 ? t('reports.checkpoint.changed', { n: differing }) : t('reports.checkpoint.unchanged')} data-testid="checkpoint-summary" data-changed={differing} />
        </>
      )}
      <Table<ComparedCell>
        size="small"
        bordered
        rowKey={(cell) => cellId(cell.keys)}
        loading={checkpoint.isLoading}
        dataSource={cells}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowClassName={(cell) => (changed(cell) ? 'careline-row-changed' : '')}
        onRow={(cell) => ({ 'data-testid': 'checkpoint-cell', 'data-changed': changed(cell) }) as HTMLAttributes<HTMLElement>}
      />
    </Space>
  );
}
