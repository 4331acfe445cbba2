import { listQaReviewsContract } from '@shared/contracts/qa.contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Radio, Space, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { TicketTypeTag } from '../../tickets/components/TicketTags';
import type { TicketType } from '@careline/shared';
import { DealerSelect, MonthSelect } from '../components/QaFilters';
import { lastMonth, type QaReview } from '../qa.types';

type StatusFilter = 'pending' | 'done' | 'all';

/** The sampled tickets by month, dealer and status (in the URL, so a filtered list can be shared); each opens its review. */
export function ReviewListPage() {
  const { t } = useLocale();
  const [search, setSearch] = useSearchParams();
  const month = search.get('month') ?? lastMonth();
  const dealerId = search.get('dealerId') ?? undefined;
  const status = (['pending', 'done', 'all'].includes(search.get('status') ?? '') ? search.get('status') : 'pending') as StatusFilter;
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next, { replace: true });
  };

  const query = { month, dealerId, status: status === 'all' ? undefined : status, limit: 500 };
  const list = useQuery({
    queryKey: queryKeys.qaReviews(query),
    queryFn: async () => (await callApi(listQaReviewsContract, { query })).items,
    placeholderData: keepPreviousData,
  });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="qa-review-list">
      <Space wrap size={12}>
        <MonthSelect value={month} onChange={(value) => set({ month: value })} testId="qa-filter-month" />
        <DealerSelect value={dealerId} onChange={(value) => set({ dealerId: typeof value === 'string' ? value : undefined })} testId="qa-filter-dealer" />
        <Radio.Group
          optionType="button"
          value={status}
          onChange={(event) => set({ status: event.target.value })}
          options={(['pending', 'done', 'all'] as const).map((value) => ({ value, label: <span data-testid={`qa-filter-status-${value}`}>{t(`qa.status.${value}`)}</span> }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<QaReview>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('qa.reviews.empty') }}
        onRow={(review) =>
          ({ 'data-testid': 'qa-review-row', 'data-review-id': review.id, 'data-ticket-id': review.ticketId, 'data-status': review.completedAt ? 'done' : 'pending' }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'ticket',
            title: t('qa.col.ticket'),
            render: (_, review) => (
              <Link to={`/tickets/${review.ticketId}`} className="careline-mono" data-testid="ticket-link">
                {review.ticket.number}
              </Link>
            ),
          },
          { key: 'type', title: t('qa.col.type'), render: (_, review) => <TicketTypeTag type={review.ticket.type as TicketType} /> },
          { key: 'subject', title: t('qa.col.subject'), render: (_, review) => review.ticket.subject, ellipsis: true },
          { key: 'dealer', title: t('qa.col.dealer'), render: (_, review) => review.dealerName ?? '—' },
          { key: 'closedAt', title: t('qa.col.closedAt'), render: (_, review) => formatDateTime(review.ticket.closedAt) },
          { key: 'rank', title: t('qa.col.rank'), dataIndex: 'rank', align: 'right' },
          {
            key: 'score',
            title: t('qa.col.score'),
            align: 'right',
            render: (_, review) => (review.score === null ? <Tag>{t('qa.status.pending')}</Tag> : <Typography.Text strong>{review.score}</Typography.Text>),
          },
          { key: 'reviewer', title: t('qa.col.reviewer'), render: (_, review) => (review.reviewerName ? `${review.reviewerName} · ${formatDateTime(review.completedAt)}` : '—') },
          {
            key: 'open',
            title: '',
            render: (_, review) => (
              <Link to={`/qa/reviews/${review.id}`} data-testid="qa-review-open">
                {review.completedAt ? t('qa.reviews.revise') : t('qa.reviews.review')}
              </Link>
            ),
          },
        ]}
      />
    </Space>
  );
}
