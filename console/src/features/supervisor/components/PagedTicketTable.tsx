import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { queryKeys } from '../../../lib/query-keys';
import { TicketTable } from '../../tickets/components/TicketTable';
import { useRecentlyChanged } from '../../tickets/hooks/useRecentlyChanged';
import type { Ticket } from '../../tickets/ticket.types';
import { listTicketsContract } from '@shared/contracts/tickets.contracts';
import { callApi } from '../../../lib/api';

/** Filters of `GET /api/tickets` this board uses (the tickets feature's params plus `slaState`). */
export type TicketQuery = Record<string, string | number | readonly string[] | undefined>;

/**
 * A ticket list over the API's keyset pages: previous/next walk a stack of cursors. Keys start with 'tickets', so a
 * `ticket.changed` refetches the page shown.
 */
export function PagedTicketTable({
  query,
  pageSize = 10,
  extraColumns,
  compact,
  testId,
  emptyText,
}: {
  query: TicketQuery;
  pageSize?: number;
  extraColumns?: ColumnsType<Ticket>;
  compact?: boolean;
  testId: string;
  emptyText?: string;
}) {
  const { t } = useLocale();
  const flash = useRecentlyChanged();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const params = { ...query, limit: pageSize, cursor };
  const list = useQuery({
    queryKey: queryKeys.tickets(params),
    queryFn: () => callApi(listTicketsContract, { query: params }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const footer = (
    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
      <Typography.Text type="secondary">
        {items.length === 0 && !list.isFetching ? (emptyText ?? t('supervisor.empty')) : t('supervisor.page', { n: cursors.length + 1 })}
      </Typography.Text>
      <Space>
        <Button size="small" disabled={cursors.length === 0} onClick={() => setCursors((stack) => stack.slice(0, -1))} data-testid={`${testId}-prev`}>
          {t('supervisor.prev')}
        </Button>
        <Button
          size="small"
          disabled={!list.data?.nextCursor}
          onClick={() => list.data?.nextCursor && setCursors((stack) => [...stack, list.data!.nextCursor!])}
          data-testid={`${testId}-next`}
        >
          {t('supervisor.next')}
        </Button>
      </Space>
    </Space>
  );
  return (
    <div data-testid={testId}>
      <TicketTable tickets={items} loading={list.isLoading} flash={flash} extraColumns={extraColumns} compact={compact} footer={footer} />
    </div>
  );
}
