import { listQaScorecardsContract, qaScoresContract } from '@shared/contracts/qa.contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useSearchParams } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';
import { DealerSelect, MonthSelect } from '../components/QaFilters';
import { itemLabel, lastMonth, type QaScoreRow, type QaScorecardItem } from '../qa.types';

const score = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(1));

/**
 * Scores per dealer and month: sampled, reviewed, the mean score and each item's mean (0–100), the items named in the
 * reader's language from the scorecards (an item no card has any more shows its key).
 */
export function ScoresPage() {
  const { t, locale } = useLocale();
  const [search, setSearch] = useSearchParams();
  // No month in the URL: last month; `month=all` every month.
  const monthParam = search.get('month');
  const month = monthParam === 'all' ? undefined : (monthParam ?? lastMonth());
  const dealerId = search.get('dealerId') ?? undefined;
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  const query = { month, dealerId };
  const scores = useQuery({
    queryKey: queryKeys.qaScores(query),
    queryFn: async () => (await callApi(qaScoresContract, { query })).items,
    placeholderData: keepPreviousData,
  });
  const scorecards = useQuery({
    queryKey: queryKeys.qaScorecards,
    queryFn: async () => (await callApi(listQaScorecardsContract, {})).items,
  });

  const labels = new Map<string, QaScorecardItem>();
  // Active cards win over retired ones when both name a key.
  for (const card of [...(scorecards.data ?? [])].sort((a, b) => Number(a.active) - Number(b.active))) for (const item of card.items) labels.set(item.key, item);
  const keys = [...new Set((scores.data ?? []).flatMap((row) => Object.keys(row.items)))];

  const columns: ColumnsType<QaScoreRow> = [
    { key: 'dealer', title: t('qa.col.dealer'), fixed: 'left', render: (_, row) => row.dealerName ?? row.dealerId },
    { key: 'month', title: t('qa.col.month'), dataIndex: 'month' },
    { key: 'sampled', title: t('qa.col.sampled'), dataIndex: 'sampled', align: 'right' },
    { key: 'reviewed', title: t('qa.col.reviewed'), dataIndex: 'reviewed', align: 'right' },
    {
      key: 'meanScore',
      title: t('qa.col.meanScore'),
      align: 'right',
      render: (_, row) => (
        <Typography.Text strong data-testid="qa-score-mean">
          {score(row.meanScore)}
        </Typography.Text>
      ),
    },
    ...keys.map((key) => ({
      key: `item-${key}`,
      title: <span data-testid={`qa-score-item-${key}`}>{labels.has(key) ? itemLabel(labels.get(key) as QaScorecardItem, locale) : key}</span>,
      align: 'right' as const,
      render: (_: unknown, row: QaScoreRow) => score(row.items[key]),
    })),
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="qa-scores-page">
      <Space wrap size={12}>
        <MonthSelect value={month} onChange={(value) => set('month', value ?? 'all')} allowClear testId="qa-scores-month" />
        <DealerSelect value={dealerId} onChange={(value) => set('dealerId', typeof value === 'string' ? value : undefined)} testId="qa-scores-dealer" />
      </Space>
      <Typography.Text type="secondary">{t('qa.scores.explained')}</Typography.Text>
      {scores.error && <Alert type="error" showIcon title={scores.error.message} />}
      <Table<QaScoreRow>
        size="small"
        rowKey={(row) => `${row.dealerId}:${row.month}`}
        loading={scores.isLoading}
        dataSource={scores.data ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('qa.scores.empty') }}
        onRow={(row) => ({ 'data-testid': 'qa-score-row', 'data-dealer-id': row.dealerId, 'data-month': row.month }) as HTMLAttributes<HTMLElement>}
      />
    </Space>
  );
}
