import { isOpenRoadside } from '@shared/tickets/ticket-vocabulary';
import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, formatDuration, formatRelative, nameOf } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import type { Ticket } from '../ticket.types';
import { nearestDue, SlaBadge } from './SlaBadge';
import { PriorityTag, StatusTag, TicketTypeTag } from './TicketTags';

function UpdatedAt({ value }: { value: string }) {
  const { locale } = useLocale();
  const now = useNow();
  return <Typography.Text type="secondary">{formatRelative(value, now, locale)}</Typography.Text>;
}

/**
 * An open rescue's countdown: its SLA due time once a provider has it, else the time the caller has waited since the
 * ticket was opened (offers going round, or nobody accepted), counting up in red.
 */
function RoadsideCountdown({ ticket }: { ticket: Ticket }) {
  const { t, locale } = useLocale();
  const now = useNow();
  if (nearestDue(ticket.sla)) return <SlaBadge ticket={ticket} />;
  return (
    <Tag color="red" title={formatDateTime(ticket.createdAt)} data-testid="roadside-waiting" style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 0 }}>
      {t('roadside.waiting', { time: formatDuration(now - new Date(ticket.createdAt).getTime(), locale) })}
    </Tag>
  );
}

/**
 * The ticket list used by the queues (open rescues first, as the API orders them, tinted, with their countdown): number, type, priority, state, subject, customer, responsible party, live SLA
 * countdown. Rows named by a recent `ticket.changed` flash.
 */
export function TicketTable({
  tickets,
  loading,
  flash,
  extraColumns = [],
  footer,
  compact = false,
}: {
  tickets: Ticket[];
  loading: boolean;
  flash?: Set<string>;
  extraColumns?: ColumnsType<Ticket>;
  footer?: ReactNode;
  compact?: boolean;
}) {
  const { t, locale } = useLocale();
  const columns: ColumnsType<Ticket> = [
    {
      title: t('tickets.col.number'),
      dataIndex: 'number',
      width: 160,
      fixed: compact ? undefined : 'left',
      render: (_value, ticket) => (
        <Link to={`/tickets/${ticket.id}`} data-testid="ticket-link">
          <Typography.Text strong style={{ color: 'inherit', fontVariantNumeric: 'tabular-nums' }}>
            {ticket.number}
          </Typography.Text>
        </Link>
      ),
    },
    { title: t('tickets.col.type'), dataIndex: 'type', width: 90, render: (_value, ticket) => <TicketTypeTag type={ticket.type} /> },
    { title: t('tickets.col.priority'), dataIndex: 'priority', width: 64, render: (_value, ticket) => <PriorityTag priority={ticket.priority} short /> },
    { title: t('tickets.col.status'), dataIndex: 'status', width: 100, render: (_value, ticket) => <StatusTag status={ticket.status} /> },
    {
      title: t('tickets.col.subject'),
      dataIndex: 'subject',
      ellipsis: true,
      render: (_value, ticket) => (
        <span>
          {ticket.subject}
          {ticket.category && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
              {nameOf(ticket.category, locale)}
            </Typography.Text>
          )}
        </span>
      ),
    },
    ...(compact
      ? []
      : ([
          { title: t('tickets.col.customer'), width: 130, ellipsis: true, responsive: ['xxl'], render: (_value, ticket) => ticket.customer?.name ?? ticket.contactName },
          {
            title: t('tickets.col.responsible'),
            width: 170,
            ellipsis: true,
            render: (_value, ticket) => nameOf(ticket.responsibleDealer ?? ticket.responsibleDepartment, locale),
          },
        ] satisfies ColumnsType<Ticket>)),
    { title: t('tickets.col.sla'), width: 140, render: (_value, ticket) => (isOpenRoadside(ticket) ? <RoadsideCountdown ticket={ticket} /> : <SlaBadge ticket={ticket} />) },
    { title: t('tickets.col.updated'), dataIndex: 'updatedAt', width: 100, render: (value: string) => <UpdatedAt value={value} /> },
    ...extraColumns,
  ];
  return (
    <Table<Ticket>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={tickets}
      loading={loading}
      pagination={false}
      scroll={{ x: compact ? undefined : 1080 }}
      rowClassName={(ticket) => [isOpenRoadside(ticket) ? 'careline-row-roadside' : '', flash?.has(ticket.id) ? 'careline-row-flash' : ''].filter(Boolean).join(' ')}
      onRow={(ticket) =>
        ({
          'data-testid': 'ticket-row',
          'data-ticket-id': ticket.id,
          'data-status': ticket.status,
          'data-roadside': isOpenRoadside(ticket) ? 'open' : undefined,
        }) as React.HTMLAttributes<HTMLElement>
      }
      footer={footer ? () => footer : undefined}
    />
  );
}
