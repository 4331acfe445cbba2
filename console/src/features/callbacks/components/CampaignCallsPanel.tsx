import { CAMPAIGN_TASK_STATUSES } from '@shared/callbacks/callback-rules';
import { CAMPAIGN_KINDS } from '@shared/callbacks/campaign-rules';
import { getCampaignCallbackContract, listCampaignCallbacksContract, recordCampaignAttemptContract } from '@shared/contracts/callbacks.contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import type { CampaignTask } from '../callback.types';
import { CallAttemptDrawer, type CallTarget, CustomerToDial } from './CallbackAttemptDrawer';
import { SatisfactionTag } from './SatisfactionTag';

type Status = (typeof CAMPAIGN_TASK_STATUSES)[number];
type Kind = (typeof CAMPAIGN_KINDS)[number];

/** Who the call is for and who makes it, in the reader's language. */
const dealerOf = (task: CampaignTask, locale: string) => (locale === 'en' ? task.dealerNameEn : null) ?? task.dealerName;

/**
 * New-vehicle campaign calls (新车回访): the car, its owner and the selling dealer instead of a ticket. The hotline
 * sees every call (and makes its own), a dealer its own; `canCall` says whether this user makes calls at all, the
 * API still refuses a call that is not theirs.
 */
export function CampaignCallsPanel({ canCall, ownOnly }: { canCall: boolean; ownOnly?: boolean }) {
  const { t, locale } = useLocale();
  const [status, setStatus] = useState<Status>('open');
  const [kind, setKind] = useState<Kind | undefined>();
  const [calling, setCalling] = useState<CampaignTask | null>(null);
  const query = { status, kind, limit: 200 } as const;
  const list = useQuery({
    queryKey: queryKeys.callbacks({ campaign: true, ...query }),
    queryFn: () => callApi(listCampaignCallbacksContract, { query }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const counts = list.data?.counts;

  const target = (task: CampaignTask): CallTarget => ({
    id: task.id,
    version: task.version,
    title: t('campaign.form.title', { kind: t(`callbacks.kind.${task.kind}`), model: task.vehicle.model }),
    details: [
      { key: 'customer', label: t('callbacks.col.customer'), children: <CustomerToDial name={task.customer.name} phone={task.customer.phone} /> },
      { key: 'vehicle', label: t('campaign.col.vehicle'), children: `${task.vehicle.model} · ${task.vehicle.vin}` },
      { key: 'purchase', label: t('campaign.col.purchaseDate'), children: task.vehicle.purchaseDate },
      { key: 'focus', label: t('campaign.col.focus'), children: t(`campaign.focus.${task.kind}`) },
    ],
    queryKey: queryKeys.callbackTask(task.id),
    load: async () => (await callApi(getCampaignCallbackContract, { params: { id: task.id } })).task,
    record: (body) => callApi(recordCampaignAttemptContract, { params: { id: task.id }, body }),
    preview: { retry: t('callbacks.form.willRetry'), unhappy: t('campaign.form.willFollowUp'), content: t('campaign.form.willDone') },
    solvedLabel: t('campaign.form.solved'),
  });

  const settled = status !== 'open';
  const columns: ColumnsType<CampaignTask> = [
    { title: t('campaign.col.kind'), key: 'kind', width: 130, render: (_value, task) => <Tag color="blue">{t(`callbacks.kind.${task.kind}`)}</Tag> },
    {
      title: t('campaign.col.vehicle'),
      key: 'vehicle',
      width: 220,
      render: (_value, task) => (
        <Space orientation="vertical" size={0}>
          <span>{task.vehicle.model}</span>
          <Typography.Text type="secondary" className="careline-mono" style={{ fontSize: 12 }}>
            {task.vehicle.vin} · {t('campaign.col.purchaseDate')} {task.vehicle.purchaseDate}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('callbacks.col.customer'),
      key: 'customer',
      width: 170,
      render: (_value, task) => (
        <Space orientation="vertical" size={0}>
          <span data-testid="campaign-customer">{task.customer.name}</span>
          <Typography.Text className="careline-mono">{task.customer.phone}</Typography.Text>
        </Space>
      ),
    },
    ...(ownOnly
      ? []
      : [
          {
            title: t('campaign.col.caller'),
            key: 'caller',
            width: 180,
            render: (_value: unknown, task: CampaignTask) =>
              task.assigneeType === 'hotline' ? <Tag>{t('campaign.caller.hotline')}</Tag> : <span>{dealerOf(task, locale) ?? t('common.none')}</span>,
          },
        ]),
    settled
      ? {
          title: t('callbacks.col.outcome'),
          key: 'outcome',
          width: 180,
          render: (_value, task) => (
            <Space size={4} wrap>
              {task.satisfaction !== null && <SatisfactionTag satisfaction={task.satisfaction} />}
              {task.solved === false && <Tag color="volcano">{t('campaign.problem')}</Tag>}
            </Space>
          ),
        }
      : {
          title: t('callbacks.col.due'),
          key: 'due',
          width: 170,
          render: (_value, task) => (
            <Space size={4} wrap>
              <span className="careline-mono">{formatDateTime(task.nextAttemptAt)}</span>
              {task.overdue && <Tag color="red">{t('callbacks.overdue')}</Tag>}
            </Space>
          ),
        },
    { title: t('callbacks.col.attempts'), dataIndex: 'attempts', width: 80, render: (attempts: number) => t('callbacks.attempts', { n: attempts }) },
    {
      title: '',
      key: 'actions',
      width: 110,
      render: (_value, task) =>
        canCall && !settled && (ownOnly || task.assigneeType === 'hotline') ? (
          <Button type="primary" size="small" onClick={() => setCalling(task)} data-testid="campaign-record">
            {t('callbacks.record')}
          </Button>
        ) : null,
    },
  ];

  return (
    <div data-testid="campaign-calls">
      <Tabs
        activeKey={status}
        onChange={(key) => setStatus(key as Status)}
        items={CAMPAIGN_TASK_STATUSES.map((key) => ({ key, label: <span data-testid={`campaign-tab-${key}`}>{t(`campaign.tab.${key}`)}</span> }))}
      />
      <Space wrap size={[24, 12]} style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space size={32}>
          <Statistic title={t('callbacks.count.open')} value={counts?.open ?? '—'} />
          <Statistic title={t('callbacks.count.overdue')} value={counts?.overdue ?? '—'} />
          <Statistic title={t('campaign.count.followUp')} value={counts?.followUp ?? '—'} />
        </Space>
        <Select
          value={kind ?? ''}
          onChange={(value: string) => setKind((value || undefined) as Kind | undefined)}
          options={[{ value: '', label: t('callbacks.kind.all') }, ...CAMPAIGN_KINDS.map((value) => ({ value, label: t(`callbacks.kind.${value}`) }))]}
          style={{ width: 170 }}
          data-testid="campaign-kind"
        />
      </Space>
      <Table<CampaignTask>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(task) => ({ 'data-testid': 'campaign-row', 'data-task-id': task.id, 'data-status': task.status }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t('campaign.empty') }}
      />
      {calling && (
        <CallAttemptDrawer
          target={target(calling)}
          onClose={() => setCalling(null)}
          onRecorded={() => {
            setCalling(null);
            void list.refetch();
          }}
        />
      )}
    </div>
  );
}
