import { qaScoresContract } from '@shared/contracts/qa.contracts';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Statistic } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { queryKeys } from '../../../lib/query-keys';

/**
 * The dealer's own QA scores by month, newest first (`GET /api/qa/scores` answers a dealer with its own rows only).
 * Only the mean: the items' names are on the scorecards, which dealers do not read. Built from the widgets the portal
 * already loads (no table), so it adds next to nothing to the dealer's first page.
 */
export function DealerQaScores() {
  const { t } = useLocale();
  const scores = useQuery({
    queryKey: queryKeys.qaScores({ own: true }),
    queryFn: async () => (await callApi(qaScoresContract, { query: {} })).items,
  });
  const rows = [...(scores.data ?? [])].sort((a, b) => b.month.localeCompare(a.month)).slice(0, 12);
  return (
    <Card size="small" title={t('qa.dealer.title')} loading={scores.isLoading} data-testid="dealer-qa-scores">
      {rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qa.dealer.empty')} />}
      {rows.map((row) => (
        <Row key={row.month} gutter={[8, 8]} data-testid="dealer-qa-score-row" data-month={row.month} style={{ marginBottom: 8 }}>
          <Col xs={6}>
            <Statistic title={t('qa.col.month')} value={row.month} />
          </Col>
          <Col xs={6}>
            <Statistic title={t('qa.col.sampled')} value={row.sampled} />
          </Col>
          <Col xs={6}>
            <Statistic title={t('qa.col.reviewed')} value={row.reviewed} />
          </Col>
          <Col xs={6}>
            <Statistic title={t('qa.col.meanScore')} value={row.meanScore === null ? '—' : row.meanScore.toFixed(1)} />
          </Col>
        </Row>
      ))}
    </Card>
  );
}
