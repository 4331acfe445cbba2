import { Alert, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import type { ContractResponse } from '@shared/contracts/contract';
import {
  listCaughtMailsContract,
  listNotificationsContract,
  listStuckOutboxContract,
  resendFailedNotificationsContract,
  resendNotificationContract,
  retryOutboxRowContract,
} from '@shared/contracts/admin.contracts';
import { useContractMutation, useContractQuery } from '../components/admin-api';

type NotificationRow = ContractResponse<typeof listNotificationsContract>['items'][number];
type OutboxRow = ContractResponse<typeof listStuckOutboxContract>['items'][number];
type CaughtMail = ContractResponse<typeof listCaughtMailsContract>['items'][number];

/**
 * Mail that did not go out: failed (its retry window is over) and, below, mail still being retried after an error,
 * with its attempts, last error and next attempt. Each can be resent now; a failed one gets a fresh retry window.
 */
function FailedNotifications() {
  const { t } = useLocale();
  const failed = useContractQuery(['notifications', 'failed'], listNotificationsContract, { query: { status: 'failed' } });
  const pending = useContractQuery(['notifications', 'pending'], listNotificationsContract, { query: { status: 'pending' } });
  const resend = useContractMutation(resendNotificationContract, (row: { id: string }) => ({ params: { id: row.id } }), { success: t('admin.notifications.resent') });
  const resendAll = useContractMutation(resendFailedNotificationsContract, () => ({}), { success: t('admin.notifications.resent') });
  const retrying = (pending.data?.items ?? []).filter((row) => row.attempts > 0);
  const rows = [...(failed.data?.items ?? []), ...retrying];
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('admin.notifications.failedHint')}</Typography.Text>
        <Button size="small" disabled={(failed.data?.items ?? []).length === 0} loading={resendAll.isPending} onClick={() => resendAll.mutate()} data-testid="notifications-resend-all">
          {t('admin.notifications.resendAll')}
        </Button>
      </Space>
      <Table<NotificationRow>
        rowKey="id"
        size="small"
        loading={failed.isLoading || pending.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="failed-notifications"
        columns={[
          { title: t('admin.notifications.createdAt'), dataIndex: 'createdAt', width: 140, render: (value: string) => formatDateTime(value) },
          { title: t('admin.notifications.kind'), dataIndex: 'kind', width: 120 },
          { title: t('admin.notifications.recipient'), dataIndex: 'recipient' },
          { title: t('admin.notifications.subject'), dataIndex: 'subject', ellipsis: true },
          { title: t('admin.notifications.attempts'), dataIndex: 'attempts', width: 80 },
          { title: t('admin.notifications.error'), dataIndex: 'lastError', ellipsis: true, render: (value: string | null) => <Typography.Text type="danger">{value ?? '—'}</Typography.Text> },
          {
            title: t('admin.notifications.nextAttempt'),
            dataIndex: 'nextAttemptAt',
            width: 140,
            render: (value: string | null, row) => (row.status === 'failed' ? <Tag color="red">{t('admin.notifications.failed')}</Tag> : formatDateTime(value)),
          },
          {
            title: '',
            width: 100,
            render: (_value, row) => (
              <Button size="small" loading={resend.isPending && resend.variables?.id === row.id} onClick={() => resend.mutate({ id: row.id })} data-testid="notification-resend">
                {t('admin.notifications.resend')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

function StuckOutbox() {
  const { t } = useLocale();
  const stuck = useContractQuery(['outbox', 'stuck'], listStuckOutboxContract, {});
  const retry = useContractMutation(retryOutboxRowContract, (row: { id: number }) => ({ params: { id: row.id } }), { success: t('admin.notifications.retried') });
  return (
    <Table<OutboxRow>
      rowKey="id"
      size="small"
      loading={stuck.isLoading}
      dataSource={stuck.data?.items ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="stuck-outbox"
      columns={[
        { title: '#', dataIndex: 'id', width: 80 },
        { title: t('admin.notifications.topic'), dataIndex: 'topic' },
        { title: t('admin.notifications.createdAt'), dataIndex: 'createdAt', width: 140, render: (value: string) => formatDateTime(value) },
        { title: t('admin.notifications.attempts'), dataIndex: 'attempts', width: 80 },
        { title: t('admin.notifications.error'), dataIndex: 'lastError', ellipsis: true, render: (value: string | null) => <Typography.Text type="danger">{value ?? '—'}</Typography.Text> },
        {
          title: '',
          width: 90,
          render: (_value, row) => (
            <Button size="small" loading={retry.isPending && retry.variables?.id === row.id} onClick={() => retry.mutate({ id: row.id })} data-testid="outbox-retry">
              {t('admin.notifications.retry')}
            </Button>
          ),
        },
      ]}
    />
  );
}

function CaughtMails() {
  const { t } = useLocale();
  const mails = useContractQuery(['mails'], listCaughtMailsContract, {}, { retry: false });
  if (isApiError(mails.error, 'NOT_FOUND')) return <Alert type="info" showIcon title={t('admin.notifications.noCatcher')} />;
  return (
    <Table<CaughtMail>
      rowKey="id"
      size="small"
      loading={mails.isLoading}
      dataSource={[...(mails.data?.items ?? [])].reverse()}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="caught-mails"
      expandable={{ expandedRowRender: (mail) => <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{mail.text}</pre> }}
      columns={[
        { title: t('admin.notifications.receivedAt'), dataIndex: 'receivedAt', width: 140, render: (value: string) => formatDateTime(value) },
        { title: t('admin.notifications.recipient'), dataIndex: 'to', render: (to: string[]) => to.join(', ') },
        { title: t('admin.notifications.subject'), dataIndex: 'subject', ellipsis: true },
      ]}
    />
  );
}

/** When mail stops flowing: failed notifications (resend), stuck outbox rows (retry), and the mail the embedded catcher got. */
export function NotificationsPage() {
  const { t } = useLocale();
  return (
    <Tabs
      type="card"
      size="small"
      items={[
        { key: 'failed', label: t('admin.notifications.failed'), children: <FailedNotifications /> },
        { key: 'stuck', label: t('admin.notifications.stuck'), children: <StuckOutbox /> },
        { key: 'mails', label: t('admin.notifications.mails'), children: <CaughtMails /> },
      ]}
    />
  );
}
