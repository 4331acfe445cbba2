import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { type TicketChangedEvent, useRealtimeStatus, useTicketEvents } from '../../../lib/realtime';
import { SlaBadge } from '../../tickets/components/SlaBadge';
import { PriorityTag } from '../../tickets/components/TicketTags';
import type { Ticket } from '../../tickets/ticket.types';
import { getTicketContract } from '@shared/contracts/tickets.contracts';
import { callApi } from '../../../lib/api';

export const FEED_KINDS = ['sla_breached', 'escalated', 'sla_warning'] as const;
const KIND_COLORS: Record<string, string> = { sla_breached: 'red', escalated: 'volcano', sla_warning: 'orange' };
const MAX_ENTRIES = 100;

interface FeedEntry {
  key: string;
  event: TicketChangedEvent;
  ticket: Ticket | null;
}

/**
 * Breaches, escalations and warnings as they arrive on the socket, newest on top. Each event refetches its ticket
 * through the API (the socket carries only ids), so the entry shows the current level and clock.
 */
export function LiveFeed() {
  const { t, locale } = useLocale();
  const queryClient = useQueryClient();
  const connected = useRealtimeStatus();
  const [entries, setEntries] = useState<FeedEntry[]>([]);

  useTicketEvents((event) => {
    if (!(FEED_KINDS as readonly string[]).includes(event.kind)) return;
    const key = `${event.ticketId}:${event.version}:${event.kind}`;
    setEntries((current) => (current.some((entry) => entry.key === key) ? current : [{ key, event, ticket: null }, ...current].slice(0, MAX_ENTRIES)));
    void queryClient
      .fetchQuery({
        queryKey: queryKeys.ticket(event.ticketId),
        queryFn: async () => (await callApi(getTicketContract, { params: { id: event.ticketId } })).ticket,
        staleTime: 0,
      })
      .then((ticket) => setEntries((current) => current.map((entry) => (entry.event.ticketId === ticket.id ? { ...entry, ticket } : entry))))
      .catch(() => undefined);
  });

  return (
    <div data-testid="live-feed">
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        <Badge status={connected ? 'processing' : 'default'} text={connected ? t('supervisor.feed.live') : t('supervisor.feed.offline')} />
        <Button size="small" type="text" disabled={entries.length === 0} onClick={() => setEntries([])} data-testid="live-feed-clear">
          {t('supervisor.feed.clear')}
        </Button>
      </Space>
      {entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervisor.feed.empty')} />
      ) : (
        <List
          size="small"
          dataSource={entries}
          style={{ maxHeight: 420, overflow: 'auto' }}
          renderItem={(entry) => (
            <List.Item key={entry.key} data-testid="live-feed-item" data-kind={entry.event.kind}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={6}>
                  <Tag color={KIND_COLORS[entry.event.kind]}>{t(`supervisor.kind.${entry.event.kind}`)}</Tag>
                  <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatDateTime(entry.event.at)}
                  </Typography.Text>
                  {entry.ticket ? (
                    <Link to={`/tickets/${entry.ticket.id}`}>
                      <Typography.Text strong>{entry.ticket.number}</Typography.Text>
                    </Link>
                  ) : (
                    <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
                  )}
                </Space>
                {entry.ticket && (
                  <Space wrap size={6}>
                    <PriorityTag priority={entry.ticket.priority} short />
                    <Typography.Text ellipsis style={{ maxWidth: 260 }}>
                      {entry.ticket.subject}
                    </Typography.Text>
                    <Typography.Text type="secondary">{nameOf(entry.ticket.responsibleDealer ?? entry.ticket.responsibleDepartment, locale)}</Typography.Text>
                    <Tag data-testid="live-feed-level">{t('supervisor.level', { n: entry.ticket.sla.escalationLevel })}</Tag>
                    <SlaBadge ticket={entry.ticket} />
                  </Space>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
