import { Alert, Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { nameOf } from '../../../lib/format';
import { StatusTag, TicketTypeTag } from '../../tickets/components/TicketTags';
import { useTicket } from '../../tickets/hooks/useTicket';
import { useTicketCommand } from '../../tickets/hooks/useTicketCommand';
import type { Ticket } from '../../tickets/ticket.types';

/** After saving: the ticket number, big, to read out to the caller; where it went; the next call. */
export function CreatedTicketCard({ created, onNextCall }: { created: Ticket; onNextCall: () => void }) {
  const { t, locale } = useLocale();
  // Follows the ticket live (a dealer may acknowledge while the caller is still on the line).
  const live = useTicket(created.id);
  const ticket = live.data ?? created;
  const command = useTicketCommand();
  const owner = ticket.responsibleDealer ?? ticket.responsibleDepartment;
  // Split for reading out: prefix, date, sequence (TS20261123-00042 → TS 20261123 00042).
  const spoken = ticket.number.replace(/^([A-Z]+)(\d{8})-(\d+)$/, '$1 $2 $3');
  return (
    <Card style={{ borderColor: '#52c41a', background: '#f6ffed' }} data-testid="created-ticket">
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('workspace.created.title')} · {t('workspace.created.readOut')}
        </Typography.Text>
        <Typography.Title level={1} copyable={{ text: ticket.number }} style={{ margin: 0, letterSpacing: 2, fontVariantNumeric: 'tabular-nums' }} data-testid="ticket-number">
          {ticket.number}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 16, letterSpacing: 3 }}>
          {spoken}
        </Typography.Text>
        <Space wrap>
          <TicketTypeTag type={ticket.type} />
          <StatusTag status={ticket.status} />
          <Typography.Text>
            {owner ? `${t('workspace.created.dispatchedTo')} ${nameOf(owner, locale)}` : t('workspace.created.notDispatched')}
          </Typography.Text>
        </Space>
        {ticket.distanceUnknown && <Alert type="warning" showIcon data-testid="created-distance-unknown" title={t('tickets.routing.distanceUnknown')} />}
        <Space wrap>
          <Link to={`/tickets/${ticket.id}`}>
            <Button data-testid="created-open">{t('workspace.created.open')}</Button>
          </Link>
          {ticket.abilities.resolve && ticket.status === 'new' && (
            <Button
              loading={command.isPending}
              onClick={() => command.mutate({ ticketId: ticket.id, path: 'resolve', body: { version: ticket.version } })}
              data-testid="created-resolve"
            >
              {t('workspace.created.resolveNow')}
            </Button>
          )}
          <Button type="primary" onClick={onNextCall} autoFocus data-testid="next-call">
            {t('workspace.created.newCall')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
