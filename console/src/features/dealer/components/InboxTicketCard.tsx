import { Button, Card, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import { ActivityComposer, LeadFollowUpForm } from '../../tickets/components/ActivityComposer';
import { SlaBadge } from '../../tickets/components/SlaBadge';
import { TicketActions } from '../../tickets/components/TicketActions';
import { PriorityTag, StatusTag, TicketTypeTag } from '../../tickets/components/TicketTags';
import type { Ticket } from '../../tickets/ticket.types';

/** One ticket in the dealer's lists: what it is, how much time is left, and the actions at hand. */
export function InboxTicketCard({ ticket, flash, showLeadFollowUp = false }: { ticket: Ticket; flash: boolean; showLeadFollowUp?: boolean }) {
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const [noting, setNoting] = useState(false);
  const purchaseTiming = typeof ticket.details.purchaseTiming === 'string' ? ticket.details.purchaseTiming : null;
  return (
    <Card
      size="small"
      className={flash ? 'careline-flash' : undefined}
      hoverable
      onClick={() => navigate(`/tickets/${ticket.id}`)}
      style={{ borderInlineStart: `4px solid ${ticket.priority === 'P1' ? '#ff4d4f' : ticket.priority === 'P2' ? '#fa8c16' : '#d9d9d9'}` }}
      data-testid="inbox-row"
      data-ticket-id={ticket.id}
      data-status={ticket.status}
    >
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Space wrap size={[6, 4]} style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap size={[6, 4]}>
            <Typography.Text strong className="careline-mono">
              {ticket.number}
            </Typography.Text>
            <TicketTypeTag type={ticket.type} />
            <PriorityTag priority={ticket.priority} short />
            <StatusTag status={ticket.status} />
          </Space>
          <SlaBadge ticket={ticket} />
        </Space>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {ticket.subject}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[
            ticket.customer?.name ?? ticket.contactName,
            ticket.contactPhone,
            ticket.vehicle ? `${ticket.vehicle.model}${ticket.vehicle.plate ? ` ${ticket.vehicle.plate}` : ''}` : null,
            ticket.category ? nameOf(ticket.category, locale) : null,
            purchaseTiming ? t(`purchaseTiming.${purchaseTiming}`) : null,
            t('dealer.dispatchedAt', { time: formatDateTime(ticket.dispatchedAt) }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
        {ticket.location && <Typography.Text type="warning">{t('tickets.header.location')}: {ticket.location.address}</Typography.Text>}
        <Space wrap size={[8, 8]} onClick={(event) => event.stopPropagation()}>
          <TicketActions ticket={ticket} only={['acknowledge', 'reject', 'start', 'resume', 'resolve']} />
          {(ticket.abilities.noteDealer || ticket.abilities.recordContact) && (
            <Button onClick={() => setNoting(true)} data-testid="note-button">
              {t('dealer.note')}
            </Button>
          )}
        </Space>
        {showLeadFollowUp && ticket.abilities.leadFollowUp && (
          <div onClick={(event) => event.stopPropagation()} style={{ borderTop: '1px dashed #eee', paddingTop: 8 }}>
            <Typography.Text type="secondary">{t('dealer.leads.followUp')}</Typography.Text>
            <LeadFollowUpForm ticket={ticket} />
          </div>
        )}
      </Space>
      <Modal open={noting} title={ticket.number} footer={null} onCancel={() => setNoting(false)} destroyOnHidden>
        <div onClick={(event) => event.stopPropagation()}>
          <ActivityComposer ticket={ticket} />
        </div>
      </Modal>
    </Card>
  );
}
