import { resolutionTicketsContract } from '@shared/contracts/reports.contracts';
import type { TimeBasis } from '@shared/reports/report-vocabulary';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Drawer, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { type CellKeys, cellQuery, type ReportFilters } from '../report-view';
import { type DrillDownRow, resolveTimeOf } from '../reports.types';
import { ExportButtons } from './ExportButtons';

const PAGE_SIZE = 50;

/** A cell's tickets, newest first, paged by the API's cursor; each opens its ticket page (with the timeline). */
export function CellTicketsDrawer({ filters, keys, title, timeBasis, onClose }: { filters: ReportFilters; keys: CellKeys | null; title: string; timeBasis: TimeBasis; onClose: () => void }) {
  const { t, locale } = useLocale();
  const query = keys ? cellQuery(filters, keys) : null;
  const pages = useInfiniteQuery({
    queryKey: queryKeys.reportTickets(query ?? {}),
    queryFn: ({ pageParam }) => callApi(resolutionTicketsContract, { query: { ...query, limit: PAGE_SIZE, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: query !== null,
  });
  const rows = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const columns: ColumnsType<DrillDownRow> = [
    {
      key: 'number',
      title: t('reports.drill.number'),
      render: (_, row) => (
        <Link to={row.link} data-testid="cell-ticket-link">
          {row.number}
        </Link>
      ),
    },
    { key: 'type', title: t('reports.dimension.type'), render: (_, row) => t(`ticketType.${row.type}`) },
    { key: 'subject', title: t('reports.drill.subject'), dataIndex: 'subject', ellipsis: true },
    { key: 'status', title: t('reports.drill.status'), render: (_, row) => <Tag>{t(`status.${row.status}`)}</Tag> },
    { key: 'createdAt', title: t('reports.drill.createdAt'), render: (_, row) => formatDateTime(row.createdAt) },
    { key: 'resolvedAt', title: t('reports.drill.resolvedAt'), render: (_, row) => formatDateTime(row.resolvedAt) },
    {
      key: 'resolveTime',
      title: t('reports.drill.resolveTime'),
      align: 'right',
      render: (_, row) => {
        const time = resolveTimeOf(row, timeBasis);
        return time ? `${formatDuration(time.seconds * 1000, locale)}${time.running ? ` (${t('reports.col.open')})` : ''}` : '—';
      },
    },
  ];
  return (
    <Drawer open={keys !== null} onClose={onClose} title={t('reports.drill.title', { cell: title })} size="large" destroyOnHidden data-testid="cell-tickets">
      {query && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <ExportButtons target={{ kind: 'tickets', query }} testId="cell-export" />
          {pages.error && <Alert type="error" showIcon title={pages.error.message} />}
          <Table<DrillDownRow>
            size="small"
            rowKey="id"
            loading={pages.isLoading}
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('reports.drill.empty') }}
            onRow={(row) => ({ 'data-testid': 'cell-ticket', 'data-ticket-id': row.id }) as HTMLAttributes<HTMLElement>}
          />
          {pages.hasNextPage && (
            <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} data-testid="cell-tickets-more">
              {t('reports.drill.more')}
            </Button>
          )}
        </Space>
      )}
    </Drawer>
  );
}
