import { Alert, Button, Table, Tabs, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useAdminMutation, useAdminQuery } from '../components/admin-api';

interface NotificationRow {
  id: string;
  ticketId: string | null;
  kind: string;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

interface OutboxRow {
  id: number;
  topic: string;
  ticketId: string | null;
  attempts: number;
  lastError?: string | null;
  availableAt?: string;
  createdAt: string;
}

interface CaughtMail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

function FailedNotifications() {
  const { t } = useLocale();
  const failed = useAdminQuery<{ items: NotificationRow[] }>(['notifications', 'failed'], '/api/admin/notifications?status=failed');
  return (
    <Table<NotificationRow>
      rowKey="id"
      size="small"
      loading={failed.isLoading}
      dataSource={failed.data?.items ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="failed-notifications"
      columns={[
        { title: t('admin.notifications.createdAt'), dataIndex: 'createdAt', width: 140, render: (value: string) => formatDateTime(value) },
        { title: t('admin.notifications.kind'), dataIndex: 'kind', width: 140 },
        { title: t('admin.notifications.recipient'), dataIndex: 'recipient' },
        { title: t('admin.notifications.subject'), dataIndex: 'subject', ellipsis: true },
        { title: t('admin.notifications.attempts'), dataIndex: 'attempts', width: 80 },
        { title: t('admin.notifications.error'), dataIndex: 'lastError', ellipsis: true, render: (value: string | null) => <Typography.Text type="danger">{value ?? '—'}</Typography.Text> },
      ]}
    />
  );
}

function StuckOutbox() {
  const { t } = useLocale();
  const stuck = useAdminQuery<{ items: OutboxRow[] }>(['outbox', 'stuck'], '/api/admin/outbox/stuck');
  const retry = useAdminMutation<{ id: number }>('POST', (body) => `/api/admin/outbox/${body.id}/retry`, { bodyOf: () => ({}), success: t('admin.notifications.retried') });
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
        { title: t('admin.notifications.error'), dataIndex: 'lastError', ellipsis: true, render: (value?: string | null) => <Typography.Text type="danger">{value ?? '—'}</Typography.Text> },
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
  const mails = useAdminQuery<{ items: CaughtMail[] }>(['mails'], '/api/admin/mails', { retry: false });
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

/** When mail stops flowing: failed notifications, stuck outbox rows (retry), and the mail the embedded catcher got. */
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
