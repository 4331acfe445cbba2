import { roadsideFiguresContract } from '@shared/contracts/reports.contracts';
import type { RoadsideFigureGroup, RoadsideFigures } from '@shared/reports/roadside-figures.schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Input, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { nameOf } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';

export { roadsideFiguresMessages } from './roadside-figures.messages';
// Through the reports chunk (its words are registered from here): this chunk then reaches everything that one does,
// and the bundler keeps the shared chunks as they were — a new split of Ant Design's table costs every first route ~1 KB.
export { reportsPagesMessages } from '../reports-pages';

const DATE = 'YYYY-MM-DD';
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const seconds = (value: number | null) => (value === null ? '—' : value < 90 ? `${Math.round(value)}s` : `${(value / 60).toFixed(1)}m`);
const minutes = (value: number | null) => (value === null ? '—' : value.toFixed(1));

/**
 * Roadside figures (道路救援): per provider or per region over the offers made in the period (whole days, both ends
 * included; the API's period is [from, to)). Oversight reads every provider; a dealer its own row (the API scopes it).
 */
export function RoadsidePage() {
  const { t, locale } = useLocale();
  const [groupBy, setGroupBy] = useState<RoadsideFigureGroup>('provider');
  const [from, setFrom] = useState(() => dayjs().startOf('month').format(DATE));
  const [lastDay, setLastDay] = useState('');
  const query = { groupBy, from: from || undefined, to: lastDay ? dayjs(lastDay).add(1, 'day').format(DATE) : undefined };
  const figures = useQuery({
    queryKey: queryKeys.roadsideFigures(query),
    queryFn: () => callApi(roadsideFiguresContract, { query }),
    placeholderData: keepPreviousData,
  });
  const rows = figures.data ? [...figures.data.rows, figures.data.total] : [];
  const columns: ColumnsType<RoadsideFigures> = [
    {
      key: 'name',
      title: t(`reports.roadside.col.${groupBy}`),
      fixed: 'left',
      render: (_, row) =>
        row.key === null ? <strong>{t('reports.roadside.total')}</strong> : row.label ? `${row.label.code ?? ''} ${nameOf(row.label, locale)}`.trim() : row.key,
    },
    { key: 'offers', title: t('reports.roadside.col.offers'), align: 'right', render: (_, row) => row.offers },
    { key: 'accepted', title: t('reports.roadside.col.accepted'), align: 'right', render: (_, row) => row.accepted },
    { key: 'declined', title: t('reports.roadside.col.declined'), align: 'right', render: (_, row) => row.declined },
    { key: 'expired', title: t('reports.roadside.col.expired'), align: 'right', render: (_, row) => row.expired },
    { key: 'withdrawn', title: t('reports.roadside.col.withdrawn'), align: 'right', render: (_, row) => row.withdrawn },
    { key: 'acceptanceRate', title: t('reports.roadside.col.acceptanceRate'), align: 'right', render: (_, row) => percent(row.acceptanceRate) },
    {
      key: 'timeToAccept',
      title: t('reports.roadside.col.timeToAccept'),
      align: 'right',
      render: (_, row) => `${seconds(row.timeToAccept.medianSeconds)} / ${seconds(row.timeToAccept.p90Seconds)}`,
    },
    { key: 'arrived', title: t('reports.roadside.col.arrived'), align: 'right', render: (_, row) => row.arrival.arrived },
    { key: 'onTime', title: t('reports.roadside.col.onTime'), align: 'right', render: (_, row) => percent(row.arrival.onTimeShare) },
    { key: 'lateness', title: t('reports.roadside.col.lateness'), align: 'right', render: (_, row) => minutes(row.arrival.medianLatenessMinutes) },
    { key: 'completed', title: t('reports.roadside.col.completed'), align: 'right', render: (_, row) => row.completion.completed },
    { key: 'goneOnArrival', title: t('reports.roadside.col.goneOnArrival'), align: 'right', render: (_, row) => row.completion.goneOnArrival },
    { key: 'cancelled', title: t('reports.roadside.col.cancelled'), align: 'right', render: (_, row) => row.completion.cancelled },
    { key: 'completionRate', title: t('reports.roadside.col.completionRate'), align: 'right', render: (_, row) => percent(row.completion.completionRate) },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="roadside-figures">
      <Space wrap size={[12, 8]}>
        <Segmented<RoadsideFigureGroup>
          value={groupBy}
          onChange={setGroupBy}
          options={(['provider', 'region'] as const).map((value) => ({ value, label: t(`reports.roadside.groupBy.${value}`) }))}
          data-testid="roadside-group"
        />
        <Input type="date" value={from} onChange={(event) => setFrom(event.target.value)} aria-label={t('reports.filter.from')} style={{ width: 150 }} data-testid="roadside-from" />
        <Input type="date" value={lastDay} onChange={(event) => setLastDay(event.target.value)} aria-label={t('reports.filter.to')} style={{ width: 150 }} data-testid="roadside-to" />
      </Space>
      <Typography.Text type="secondary">{t('reports.roadside.help')}</Typography.Text>
      {figures.error && <Alert type="error" showIcon message={figures.error.message} />}
      <Table<RoadsideFigures>
        size="small"
        rowKey={(row) => row.key ?? 'total'}
        columns={columns}
        dataSource={figures.data && figures.data.rows.length > 0 ? rows : []}
        loading={figures.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('reports.roadside.empty') }}
        onRow={(row) => ({ 'data-testid': row.key === null ? 'roadside-row-total' : `roadside-row-${row.key}` }) as HTMLAttributes<HTMLElement>}
      />
    </Space>
  );
}
