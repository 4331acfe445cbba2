import { Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import type { Ticket } from '../ticket.types';
import { SlaBadge } from './SlaBadge';
import { PriorityTag, StatusTag, TicketTypeTag } from './TicketTags';

/** Number, state, type, priority, subject, who is responsible, who is copied, customer, vehicle and key times. */
export function TicketHeader({ ticket }: { ticket: Ticket }) {
  const { t, locale } = useLocale();
  const purchaseTiming = typeof ticket.details.purchaseTiming === 'string' ? ticket.details.purchaseTiming : null;
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap size={[10, 6]} align="center">
        <Typography.Title level={3} style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }} copyable={{ text: ticket.number }} data-testid="ticket-number">
          {ticket.number}
        </Typography.Title>
        <StatusTag status={ticket.status} />
        <TicketTypeTag type={ticket.type} />
        <PriorityTag priority={ticket.priority} />
        <SlaBadge ticket={ticket} />
        {ticket.rerouteCount > 0 && <Tag color="magenta">{t('tickets.header.rerouted', { n: ticket.rerouteCount })}</Tag>}
        {ticket.reopenCount > 0 && <Tag color="volcano">{t('tickets.header.reopened', { n: ticket.reopenCount })}</Tag>}
        {ticket.sla.escalationLevel > 0 && <Tag color="red">{t('tickets.header.escalation', { n: ticket.sla.escalationLevel })}</Tag>}
      </Space>
      <Typography.Title level={5} style={{ margin: 0 }} data-testid="ticket-subject">
        {ticket.subject}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} styles={{ label: { color: '#888' } }}>
        <Descriptions.Item label={t('tickets.header.responsible')}>
          <Typography.Text strong data-testid="ticket-responsible">
            {nameOf(ticket.responsibleDealer ?? ticket.responsibleDepartment, locale)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('tickets.header.cc')}>
          {ticket.ccDepartments.length ? (
            <Space wrap size={4}>
              {ticket.ccDepartments.map((department) => (
                <Tag key={department.id} color="purple">
                  {nameOf(department, locale)}
                </Tag>
              ))}
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('tickets.header.category')}>{nameOf(ticket.category, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('tickets.header.contact')}>
          {ticket.contactName} · <Typography.Text copyable={ticket.abilities.viewFullPhone}>{ticket.contactPhone}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('tickets.header.customer')}>
          {ticket.customer ? (
            // The hotline sees every ticket of this customer; others' lists are scoped by the API anyway.
            <Link to={`/tickets?view=all&customerId=${ticket.customer.id}`} data-testid="customer-tickets-link">
              {ticket.customer.name}
              {ticket.customer.city ? ` · ${ticket.customer.city}` : ''}
            </Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('tickets.header.vehicle')}>
          {ticket.vehicle ? `${ticket.vehicle.model}${ticket.vehicle.plate ? ` · ${ticket.vehicle.plate}` : ''} · ${ticket.vehicle.vin}` : '—'}
        </Descriptions.Item>
        {ticket.location && (
          <Descriptions.Item label={t('tickets.header.location')} span={2}>
            {ticket.location.address}
            {ticket.location.lat !== undefined && ticket.location.lng !== undefined && (
              <Typography.Text type="secondary">
                {' '}
                ({ticket.location.lat}, {ticket.location.lng}
                {ticket.location.precision && ` · ${t(`tickets.location.precision.${ticket.location.precision}`)}`})
              </Typography.Text>
            )}
            {ticket.distanceUnknown && (
              <Tag color="orange" style={{ marginInlineStart: 8 }} data-testid="ticket-distance-unknown">
                {t('tickets.location.distanceUnknown')}
              </Tag>
            )}
          </Descriptions.Item>
        )}
        {purchaseTiming && <Descriptions.Item label={t('tickets.header.purchaseTiming')}>{t(`purchaseTiming.${purchaseTiming}`)}</Descriptions.Item>}
        <Descriptions.Item label={t('tickets.header.channel')}>{t(`channel.${ticket.channel}`)}</Descriptions.Item>
        <Descriptions.Item label={t('tickets.header.created')}>{formatDateTime(ticket.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('tickets.header.dispatched')}>{formatDateTime(ticket.dispatchedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('tickets.header.acknowledged')}>{formatDateTime(ticket.acknowledgedAt)}</Descriptions.Item>
        {ticket.resolvedAt && <Descriptions.Item label={t('tickets.header.resolved')}>{formatDateTime(ticket.resolvedAt)}</Descriptions.Item>}
      </Descriptions>
      <div>
        <Typography.Text type="secondary">{t('tickets.header.description')}</Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{ticket.description}</Typography.Paragraph>
      </div>
    </Space>
  );
}
