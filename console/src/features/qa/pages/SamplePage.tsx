import { drawQaSampleContract, listQaScorecardsContract } from '@shared/contracts/qa.contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { nameOf } from '../../../lib/format';
import { showValidationIssues } from '../../../lib/form-errors';
import { queryKeys } from '../../../lib/query-keys';
import { useDealers } from '../../tickets/hooks/useReference';
import { DealerSelect, MonthSelect } from '../components/QaFilters';
import { cardName, lastMonth, type QaSample } from '../qa.types';

interface SampleForm {
  month: string;
  perDealer: number;
  seed?: string;
  dealerIds?: string[];
  scorecardCode?: string;
}

/**
 * Draws a month's sample: N closed tickets per dealer in the seeded order. After the draw: the seed used (copyable,
 * so the draw can be redone and checked) and, per dealer, its candidates, those already drawn and those drawn now.
 */
export function SamplePage() {
  const { t, locale } = useLocale();
  const [form] = Form.useForm<SampleForm>();
  const queryClient = useQueryClient();
  const dealers = useDealers();
  const [problem, setProblem] = useState<string | null>(null);
  const scorecards = useQuery({
    queryKey: queryKeys.qaScorecards,
    queryFn: async () => (await callApi(listQaScorecardsContract, {})).items,
  });
  const draw = useMutation({
    mutationFn: (body: SampleForm) => callApi(drawQaSampleContract, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['qa'] }),
    onError: (error) => {
      if (!showValidationIssues(form, error)) setProblem(error.message);
    },
  });

  const submit = (values: SampleForm) => {
    setProblem(null);
    draw.mutate({
      month: values.month,
      perDealer: values.perDealer,
      seed: values.seed?.trim() || undefined,
      dealerIds: values.dealerIds?.length ? values.dealerIds : undefined,
      scorecardCode: values.scorecardCode,
    });
  };

  const dealerName = (id: string) => {
    const dealer = dealers.data?.find((candidate) => candidate.id === id);
    return dealer ? nameOf(dealer, locale) : id;
  };
  const result: QaSample | undefined = draw.data;
  const drawnTotal = result?.dealers.reduce((sum, dealer) => sum + dealer.drawn, 0) ?? 0;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 1000 }} data-testid="qa-sample-page">
      <Card size="small">
        <Form<SampleForm> form={form} layout="inline" onFinish={submit} initialValues={{ month: lastMonth(), perDealer: 5 }} style={{ rowGap: 12 }}>
          <Form.Item name="month" label={t('qa.sample.month')} rules={[{ required: true }]}>
            <MonthSelect testId="qa-sample-month" />
          </Form.Item>
          <Form.Item name="perDealer" label={t('qa.sample.perDealer')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} precision={0} style={{ width: 90 }} data-testid="qa-sample-per-dealer" />
          </Form.Item>
          <Form.Item name="seed" label={t('qa.sample.seed')} tooltip={t('qa.sample.seedHelp')}>
            <Input placeholder={t('qa.sample.seedPlaceholder')} maxLength={100} style={{ width: 200 }} data-testid="qa-sample-seed" />
          </Form.Item>
          <Form.Item name="dealerIds" label={t('qa.sample.dealers')}>
            <DealerSelect multiple testId="qa-sample-dealers" />
          </Form.Item>
          <Form.Item name="scorecardCode" label={t('qa.sample.scorecard')}>
            <Select
              allowClear
              placeholder="STANDARD"
              style={{ width: 200 }}
              loading={scorecards.isLoading}
              options={(scorecards.data ?? []).filter((card) => card.active).map((card) => ({ value: card.code, label: `${cardName(card, locale)} (${card.code})` }))}
              data-testid="qa-sample-scorecard"
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={draw.isPending} data-testid="qa-sample-submit">
              {t('qa.sample.submit')}
            </Button>
          </Form.Item>
        </Form>
      </Card>

      {problem && <Alert type="error" showIcon title={problem} data-testid="qa-sample-error" />}

      {result && (
        <Card size="small" title={t('qa.sample.result', { month: result.month, n: drawnTotal })} data-testid="qa-sample-result">
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Space size={8} wrap>
              <Typography.Text>{t('qa.sample.seedUsed')}</Typography.Text>
              <Typography.Text code copyable={{ text: result.seed }} data-testid="qa-sample-seed-used">
                {result.seed}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary">{t('qa.sample.seedExplained')}</Typography.Text>
            <Table
              size="small"
              rowKey="dealerId"
              pagination={false}
              dataSource={result.dealers}
              onRow={(row) => ({ 'data-testid': 'qa-sample-row', 'data-dealer-id': row.dealerId, 'data-drawn': row.drawn }) as HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'dealer', title: t('qa.col.dealer'), render: (_, row) => dealerName(row.dealerId) },
                { key: 'candidates', title: t('qa.col.candidates'), dataIndex: 'candidates', align: 'right' },
                { key: 'alreadySampled', title: t('qa.col.alreadySampled'), dataIndex: 'alreadySampled', align: 'right' },
                { key: 'drawn', title: t('qa.col.drawn'), align: 'right', render: (_, row) => <span data-testid="qa-sample-drawn">{row.drawn}</span> },
              ]}
            />
            <Link to={`/qa/reviews?month=${result.month}&status=pending`} data-testid="qa-sample-open-reviews">
              {t('qa.sample.openReviews')}
            </Link>
          </Space>
        </Card>
      )}
    </Space>
  );
}
