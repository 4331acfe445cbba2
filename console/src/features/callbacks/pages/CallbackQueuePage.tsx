import { CALLBACK_KINDS, RESOLUTION_TASK_STATUSES } from '@shared/callbacks/callback-rules';
import { listCallbacksContract } from '@shared/contracts/callbacks.contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Segmented, Select, Space, Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { useNow } from '../../../lib/useNow';
import { useSession } from '../../auth/useSession';
import { useRecentlyChanged } from '../../tickets/hooks/useRecentlyChanged';
import { StatusTag, TicketTypeTag } from '../../tickets/components/TicketTags';
import type { TicketStatus, TicketType } from '@careline/shared';
import { type CallbackTask, type CallbackTaskStatus, type RecordedCallback, responsibleOf } from '../callback.types';
import { CallbackAttemptDrawer } from '../components/CallbackAttemptDrawer';
import { CampaignCallsPanel } from '../components/CampaignCallsPanel';
import { SatisfactionTag } from '../components/SatisfactionTag';
import { reasonName, useCallbackReasons } from '../hooks/useCallbackReasons';

const LIMIT = 200;
type Kind = (typeof CALLBACK_KINDS)[number];

/** What came of the last call recorded here, said on the page until the next one (a toast would be gone too soon). */
interface Outcome {
  status: CallbackTaskStatus;
  number: string;
  party: string;
  nextAttemptAt: string;
}

/** The due time (overdue: by how long, as the API judges it), and the next try when a failed call moved it. */
function DueCell({ task }: { task: CallbackTask }) {
  const { t, locale } = useLocale();
  const now = useNow();
  const retried = task.nextAttemptAt !== task.dueAt;
  const dueNow = Date.parse(task.nextAttemptAt) <= now;
  return (
    <Space orientation="vertical" size={0}>
      <Space size={4} wrap>
        <Typography.Text className="careline-mono">{formatDateTime(task.dueAt)}</Typography.Text>
        {task.overdue && (
          <Tag color="red" data-testid="callback-overdue">
            {t('callbacks.overdue')} {formatDuration(now - Date.parse(task.dueAt), locale)}
          </Tag>
        )}
      </Space>
      {retried && (
        <Typography.Text type={dueNow ? undefined : 'secondary'} style={{ fontSize: 12 }}>
          {t('callbacks.nextTry', { time: formatDateTime(task.nextAttemptAt) })}
        </Typography.Text>
      )}
    </Space>
  );
}

/** Resolution callbacks (this queue) or new-vehicle campaign calls (新车回访), kept in the URL. */
function CallbackViewSwitch({ view, onChange }: { view: 'resolution' | 'campaign'; onChange: (view: string | undefined) => void }) {
  const { t } = useLocale();
  return (
    <Segmented
      value={view}
      onChange={(value) => onChange(value === 'campaign' ? 'campaign' : undefined)}
      options={[
        { value: 'resolution', label: <span data-testid="callback-view-resolution">{t('callbacks.kind.resolution')}</span> },
        { value: 'campaign', label: <span data-testid="callback-view-campaign">{t('campaign.title')}</span> },
      ]}
    />
  );
}

/**
 * The callback queue (回访): open tasks most overdue first, with the counts the API gives; settled ones under their
 * outcome's tab. Agents and supervisors record calls from a drawer; QA and admins read. Live: every `ticket.changed`
 * refetches the list (the realtime layer invalidates the 'callbacks' keys), and so does a reconnect.
 */
export function CallbackQueuePage() {
  const { t, locale } = useLocale();
  const { user } = useSession();
  const canCall = user?.role === 'agent' || user?.role === 'supervisor';
  const [search, setSearch] = useSearchParams();
  const status = (RESOLUTION_TASK_STATUSES as readonly string[]).includes(search.get('status') ?? '') ? (search.get('status') as CallbackTaskStatus) : 'open';
  const kind = (CALLBACK_KINDS as readonly string[]).includes(search.get('kind') ?? '') ? (search.get('kind') as Kind) : undefined;
  const dueOnly = status === 'open' && search.get('dueOnly') === 'true';
  const flash = useRecentlyChanged();
  const reasons = useCallbackReasons();
  const [calling, setCalling] = useState<CallbackTask | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const query = { status, kind, dueOnly: dueOnly ? 'true' : undefined, limit: LIMIT } as const;
  const list = useQuery({
    queryKey: queryKeys.callbacks(query),
    queryFn: () => callApi(listCallbacksContract, { query }),
    placeholderData: keepPreviousData,
    // Tasks fall due with time, not only with ticket changes: the counts and overdue marks follow each minute.
    refetchInterval: 60_000,
  });
  const items = list.data?.items ?? [];
  const counts = list.data?.counts;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next, { replace: true });
  };

  const onRecorded = (task: CallbackTask, answer: RecordedCallback) => {
    setCalling(null);
    setOutcome({
      status: answer.task.status,
      number: answer.ticket?.number ?? task.ticket?.number ?? '',
      party: responsibleOf(task, locale) ?? t('common.none'),
      nextAttemptAt: answer.task.nextAttemptAt,
    });
    void list.refetch();
  };

  const settled = status !== 'open';
  const columns: ColumnsType<CallbackTask> = [
    {
      title: t('callbacks.col.ticket'),
      key: 'ticket',
      width: 200,
      render: (_value, task) =>
        task.ticket ? (
          <Space orientation="vertical" size={0}>
            <Link to={`/tickets/${task.ticket.id}`} data-testid="ticket-link">
              <Typography.Text strong className="careline-mono" style={{ color: 'inherit' }}>
                {task.ticket.number}
              </Typography.Text>
            </Link>
            <Space size={4}>
              <TicketTypeTag type={task.ticket.type as TicketType} />
              <StatusTag status={task.ticket.status as TicketStatus} />
            </Space>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('callbacks.noTicket')}</Typography.Text>
        ),
    },
    {
      title: t('callbacks.col.customer'),
      key: 'customer',
      width: 170,
      render: (_value, task) =>
        task.ticket ? (
          <Space orientation="vertical" size={0}>
            <span data-testid="callback-customer">{task.ticket.contactName}</span>
            {task.ticket.contactPhone && (
              <Typography.Text className="careline-mono" copyable={canCall ? { text: task.ticket.contactPhone } : false} data-testid="callback-phone">
                {task.ticket.contactPhone}
              </Typography.Text>
            )}
          </Space>
        ) : null,
    },
    {
      title: t('tickets.col.subject'),
      key: 'subject',
      width: 220,
      ellipsis: true,
      render: (_value, task) => <Tooltip title={task.ticket?.subject}>{task.ticket?.subject}</Tooltip>,
    },
    {
      title: t('callbacks.col.responsible'),
      key: 'responsible',
      width: 160,
      ellipsis: true,
      render: (_value, task) => <span data-testid="callback-responsible">{responsibleOf(task, locale) ?? t('common.none')}</span>,
    },
    {
      title: t('callbacks.col.resolvedAt'),
      key: 'resolvedAt',
      width: 140,
      render: (_value, task) => <span className="careline-mono">{formatDateTime(task.ticket?.resolvedAt)}</span>,
    },
    settled
      ? {
          title: t('callbacks.col.outcome'),
          key: 'outcome',
          width: 220,
          render: (_value, task) => (
            <Space size={4} wrap>
              {task.satisfaction !== null && (
                <SatisfactionTag satisfaction={task.satisfaction} />
              )}
              {task.solved !== null && <Tag>{t(`callbacks.solved.${task.solved}`)}</Tag>}
              {task.reasonCode && <Tag color="volcano">{reasonName(reasons.data, task.reasonCode, locale) ?? task.reasonCode}</Tag>}
            </Space>
          ),
        }
      : {
          title: t('callbacks.col.due'),
          key: 'due',
          width: 220,
          render: (_value, task) => <DueCell task={task} />,
        },
    {
      title: t('callbacks.col.attempts'),
      dataIndex: 'attempts',
      width: 80,
      render: (attempts: number) => <span data-testid="callback-attempts">{t('callbacks.attempts', { n: attempts })}</span>,
    },
    settled
      ? { title: t('callbacks.col.completedAt'), key: 'completedAt', width: 140, render: (_value, task) => <span className="careline-mono">{formatDateTime(task.completedAt)}</span> }
      : {
          title: '',
          key: 'actions',
          width: 110,
          fixed: 'right',
          render: (_value, task) =>
            canCall && task.ticket ? (
              <Button type="primary" size="small" onClick={() => setCalling(task)} data-testid="callback-record">
                {t('callbacks.record')}
              </Button>
            ) : null,
        },
  ];

  const outcomeText = (value: Outcome) => {
    switch (value.status) {
      case 'satisfied':
        return t('callbacks.outcome.satisfied', { number: value.number });
      case 'reopened':
        return t('callbacks.outcome.reopened', { number: value.number, party: value.party });
      case 'unreachable':
        return t('callbacks.outcome.unreachable', { number: value.number });
      case 'open':
      case 'cancelled':
        return t('callbacks.outcome.retry', { number: value.number, time: formatDateTime(value.nextAttemptAt) });
    }
  };

  if (search.get('view') === 'campaign') {
    return (
      <Card size="small" title={<CallbackViewSwitch view="campaign" onChange={(view) => update({ view })} />}>
        <CampaignCallsPanel canCall={canCall} />
      </Card>
    );
  }

  return (
    <Card
      size="small"
      data-testid="callback-queue"
      title={
        <Tabs
          activeKey={status}
          onChange={(key) => update({ status: key === 'open' ? undefined : key, dueOnly: undefined })}
          items={RESOLUTION_TASK_STATUSES.map((key) => ({ key, label: <span data-testid={`callback-tab-${key}`}>{t(`callbacks.tab.${key}`)}</span> }))}
          style={{ marginBottom: -13 }}
        />
      }
      extra={
        <Space>
          <CallbackViewSwitch view="resolution" onChange={(view) => update({ view, status: undefined, dueOnly: undefined })} />
          <Typography.Text type="secondary">{t('callbacks.live')}</Typography.Text>
        </Space>
      }
    >
      {outcome && (
        <Alert
          type={outcome.status === 'satisfied' ? 'success' : outcome.status === 'open' ? 'info' : 'warning'}
          showIcon
          closable={{ onClose: () => setOutcome(null) }}
          title={outcomeText(outcome)}
          style={{ marginBottom: 12 }}
          data-testid="callback-outcome"
          data-outcome={outcome.status}
        />
      )}
      <Space wrap size={[24, 12]} style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space size={32}>
          <div data-testid="callback-count-open">
            <Statistic title={t('callbacks.count.open')} value={counts?.open ?? '—'} />
          </div>
          <div data-testid="callback-count-overdue">
            <Statistic title={t('callbacks.count.overdue')} value={counts?.overdue ?? '—'} styles={counts?.overdue ? { content: { color: '#cf1322' } } : undefined} />
          </div>
          <div data-testid="callback-count-due">
            <Statistic title={t('callbacks.count.dueNow')} value={counts?.dueNow ?? '—'} />
          </div>
        </Space>
        <Space wrap>
          <Select
            value={kind ?? ''}
            onChange={(value: string) => update({ kind: value || undefined })}
            options={[{ value: '', label: t('callbacks.kind.all') }, ...CALLBACK_KINDS.map((value) => ({ value, label: t(`callbacks.kind.${value}`) }))]}
            style={{ width: 160 }}
            data-testid="callback-kind"
          />
          {status === 'open' && (
            <Space size={6}>
              <Switch size="small" checked={dueOnly} onChange={(checked) => update({ dueOnly: checked ? 'true' : undefined })} data-testid="callback-due-only" />
              <span>{t('callbacks.dueOnly')}</span>
            </Space>
          )}
        </Space>
      </Space>
      <Table<CallbackTask>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={items}
        columns={columns}
        scroll={{ x: 1320 }}
        pagination={false}
        locale={{ emptyText: settled ? t('callbacks.emptySettled') : t('callbacks.empty') }}
        rowClassName={(task) =>
          [task.overdue && task.status === 'open' ? 'careline-row-overdue' : '', task.ticketId && flash.has(task.ticketId) ? 'careline-row-flash' : ''].filter(Boolean).join(' ')
        }
        onRow={(task) =>
          ({
            'data-testid': 'callback-row',
            'data-task-id': task.id,
            'data-ticket-id': task.ticketId ?? '',
            'data-status': task.status,
            'data-overdue': String(task.overdue),
          }) as HTMLAttributes<HTMLElement>
        }
        footer={() => (
          <Typography.Text type="secondary">
            {t('callbacks.count', { n: items.length })}
            {items.length >= LIMIT ? ` · ${t('callbacks.limit', { n: LIMIT })}` : ''}
          </Typography.Text>
        )}
      />
      {calling && <CallbackAttemptDrawer task={calling} onClose={() => setCalling(null)} onRecorded={(answer) => onRecorded(calling, answer)} />}
    </Card>
  );
}
