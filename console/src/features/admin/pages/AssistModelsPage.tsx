import { listAssistModelsContract, retrainAssistContract } from '@shared/contracts/assist.contracts';
import type { ContractResponse } from '@shared/contracts/contract';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { registerMessages } from '../../../i18n/registry';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import { useCategories } from '../../tickets/hooks/useReference';
import { useContractMutation, useContractQuery } from '../components/admin-api';
import { assistModelsMessages } from './assist-models.messages';

registerMessages(assistModelsMessages);

type AssistModel = ContractResponse<typeof listAssistModelsContract>['items'][number];
type CategoryAccuracy = AssistModel['accuracy']['perCategory'][number];

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/**
 * 分类建议模型: the trained models, newest first (when, who or the schedule, what they learned from, their accuracy on
 * the held-out part), "retrain now", and the active model's accuracy per category.
 */
export function AssistModelsPage() {
  const { t, locale } = useLocale();
  const models = useContractQuery(['assist-models'], listAssistModelsContract, {});
  const retrain = useContractMutation(retrainAssistContract, () => ({ body: {} }), { success: false });
  const categories = useCategories();
  const categoryName = useMemo(() => {
    const byId = new Map((categories.data ?? []).map((category) => [category.id, category]));
    return (row: CategoryAccuracy) => {
      const category = byId.get(row.categoryId);
      return category ? nameOf(category, locale) : row.code;
    };
  }, [categories.data, locale]);
  const items = models.data?.items ?? [];
  const active = items.find((model) => model.status === 'active');
  const trained = retrain.data?.model;

  return (
    <div data-testid="admin-assist">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('admin.assist.intro')}
        </Typography.Paragraph>
        <Space wrap>
          <Button type="primary" loading={retrain.isPending} onClick={() => retrain.mutate(undefined)} data-testid="assist-retrain">
            {t('admin.assist.retrain')}
          </Button>
          {!active && !models.isLoading && <Typography.Text type="secondary">{t('admin.assist.noModel')}</Typography.Text>}
        </Space>
        {trained && (
          <Alert
            type="success"
            showIcon
            data-testid="assist-retrained"
            data-model-id={trained.id}
            title={t('admin.assist.retrained', {
              top1: percent(trained.accuracy.top1),
              top3: percent(trained.accuracy.top3),
              samples: trained.ticketSamples + trained.importedSamples,
              heldOut: trained.heldOutSamples,
            })}
          />
        )}
        <Table<AssistModel>
          rowKey="id"
          size="small"
          loading={models.isLoading}
          dataSource={items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={(model) => ({ 'data-testid': 'assist-model-row', 'data-model-id': model.id, 'data-status': model.status }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('admin.assist.when'), dataIndex: 'createdAt', render: (value: string) => formatDateTime(value) },
            {
              title: t('admin.assist.by'),
              dataIndex: 'trainedByName',
              render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('admin.assist.schedule')}</Typography.Text>,
            },
            { title: t('admin.assist.ticketSamples'), dataIndex: 'ticketSamples', align: 'right' },
            { title: t('admin.assist.importedSamples'), dataIndex: 'importedSamples', align: 'right' },
            { title: t('admin.assist.heldOut'), dataIndex: 'heldOutSamples', align: 'right' },
            { title: t('admin.assist.categories'), dataIndex: 'categories', align: 'right' },
            {
              title: t('admin.assist.top1'),
              align: 'right',
              render: (_value, model) => <span data-testid="assist-model-top1">{percent(model.accuracy.top1)}</span>,
            },
            {
              title: t('admin.assist.top3'),
              align: 'right',
              render: (_value, model) => <span data-testid="assist-model-top3">{percent(model.accuracy.top3)}</span>,
            },
            { title: t('admin.assist.trainTime'), dataIndex: 'trainMs', align: 'right', render: (ms: number) => t('admin.assist.ms', { ms: Math.round(ms) }) },
            {
              title: t('admin.assist.status'),
              dataIndex: 'status',
              render: (status: AssistModel['status']) => (status === 'active' ? <Tag color="green">{t('admin.assist.active')}</Tag> : <Tag>{t('admin.assist.superseded')}</Tag>),
            },
          ]}
        />
        {active && (
          <Card size="small" type="inner" title={t('admin.assist.perCategory', { when: formatDateTime(active.createdAt) })} data-testid="assist-per-category">
            <Table<CategoryAccuracy>
              rowKey="categoryId"
              size="small"
              dataSource={[...active.accuracy.perCategory].sort((a, b) => b.samples - a.samples || a.code.localeCompare(b.code))}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              onRow={(row) => ({ 'data-testid': 'assist-category-row', 'data-category-id': row.categoryId }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('admin.assist.category'), render: (_value, row) => categoryName(row) },
                { title: t('admin.assist.code'), dataIndex: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
                { title: t('admin.assist.heldOut'), dataIndex: 'samples', align: 'right' },
                { title: t('admin.assist.top1'), dataIndex: 'top1', align: 'right', render: percent },
                { title: t('admin.assist.top3'), dataIndex: 'top3', align: 'right', render: percent },
              ]}
            />
          </Card>
        )}
      </Space>
    </div>
  );
}
