import { qaScoresContract } from '@shared/contracts/qa.contracts';
import { useQuery } from '@tanstack/react-query';
import { Card, Table } from 'antd';
import type { HTMLAttributes } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';

/**
 * The dealer's own QA scores by month (`GET /api/qa/scores` answers a dealer with its own rows only). Only the mean:
 * the items' names are on the scorecards, which dealers do not read.
 */
export function DealerQaScores() {
  const { t } = useLocale();
  const scores = useQuery({
    queryKey: queryKeys.qaScores({ own: true }),
    queryFn: async () => (await callApi(qaScoresContract, { query: {} })).items,
  });
  const rows = [...(scores.data ?? [])].sort((a, b) => b.month.localeCompare(a.month));
  return (
    <Card size="small" title={t('qa.dealer.title')} data-testid="dealer-qa-scores">
      <Table
        size="small"
        rowKey="month"
        loading={scores.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        locale={{ emptyText: t('qa.dealer.empty') }}
        onRow={(row) => ({ 'data-testid': 'dealer-qa-score-row', 'data-month': row.month }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'month', title: t('qa.col.month'), dataIndex: 'month' },
          { key: 'sampled', title: t('qa.col.sampled'), dataIndex: 'sampled', align: 'right' },
          { key: 'reviewed', title: t('qa.col.reviewed'), dataIndex: 'reviewed', align: 'right' },
          { key: 'meanScore', title: t('qa.col.meanScore'), align: 'right', render: (_, row) => (row.meanScore === null ? '—' : row.meanScore.toFixed(1)) },
        ]}
      />
    </Card>
  );
}
