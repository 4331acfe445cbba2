import { CONTACT_OUTCOMES, type ContactOutcome, LEAD_OUTCOMES, type LeadOutcome } from '@shared/tickets/ticket-vocabulary';
import { Button, Input, Radio, Select, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { useTicketCommand } from '../hooks/useTicketCommand';
import type { Ticket } from '../ticket.types';

function NoteForm({ ticket }: { ticket: Ticket }) {
  const { t } = useLocale();
  const command = useTicketCommand({ successMessage: false });
  const visibilities = [...(ticket.abilities.noteInternal ? ['internal' as const] : []), ...(ticket.abilities.noteDealer ? ['dealer' as const] : [])];
  const [visibility, setVisibility] = useState<'internal' | 'dealer'>(visibilities[0] ?? 'dealer');
  const [body, setBody] = useState('');
  const send = () => {
    if (!body.trim()) return;
    command.mutate({ ticketId: ticket.id, path: 'notes', body: { visibility, body: body.trim() } }, { onSuccess: () => setBody('') });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        value={body}
        onChange={(event) => setBody(event.target.value)}
        placeholder={t('tickets.compose.placeholder')}
        autoSize={{ minRows: 3, maxRows: 10 }}
        maxLength={5000}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) send();
        }}
        data-testid="note-body"
      />
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Radio.Group value={visibility} onChange={(event) => setVisibility(event.target.value as 'internal' | 'dealer')} size="small">
          {visibilities.map((value) => (
            <Radio.Button key={value} value={value}>
              <span data-testid={`note-visibility-${value}`}>{t(`noteVisibility.${value}`)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
        <Button type="primary" onClick={send} loading={command.isPending} disabled={!body.trim()} data-testid="note-send">
          {t('tickets.compose.send')}
        </Button>
      </Space>
    </Space>
  );
}

function ContactForm({ ticket }: { ticket: Ticket }) {
  const { t } = useLocale();
  const command = useTicketCommand();
  const [outcome, setOutcome] = useState<ContactOutcome>('reached');
  const [note, setNote] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select value={outcome} onChange={setOutcome} options={CONTACT_OUTCOMES.map((value) => ({ value, label: t(`contactOutcome.${value}`) }))} style={{ width: '100%' }} data-testid="contact-outcome" />
      <Input.TextArea value={note} onChange={(event) => setNote(event.target.value)} placeholder={t('tickets.compose.contactNote')} autoSize={{ minRows: 2 }} maxLength={2000} />
      <Button
        type="primary"
        block
        loading={command.isPending}
        onClick={() => command.mutate({ ticketId: ticket.id, path: 'contacts', body: { outcome, ...(note.trim() ? { note: note.trim() } : {}) } }, { onSuccess: () => setNote('') })}
        data-testid="contact-record"
      >
        {t('tickets.compose.record')}
      </Button>
    </Space>
  );
}

/** The dealer's report on a lead: contacted, test drive, order or lost (with why). */
export function LeadFollowUpForm({ ticket, onDone }: { ticket: Ticket; onDone?: () => void }) {
  const { t } = useLocale();
  const command = useTicketCommand();
  const [outcome, setOutcome] = useState<LeadOutcome>('contacted');
  const [reason, setReason] = useState('');
  const needsReason = outcome === 'lost';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Radio.Group value={outcome} onChange={(event) => setOutcome(event.target.value as LeadOutcome)} optionType="button" buttonStyle="solid">
        {LEAD_OUTCOMES.map((value) => (
          <Radio.Button key={value} value={value}>
            <span data-testid={`lead-outcome-${value}`}>{t(`leadOutcome.${value}`)}</span>
          </Radio.Button>
        ))}
      </Radio.Group>
      {needsReason && <Input value={reason} onChange={(event) => setReason(event.target.value)} placeholder={t('tickets.compose.lostReason')} maxLength={500} data-testid="lead-lost-reason" />}
      <Button
        type="primary"
        block
        disabled={needsReason && !reason.trim()}
        loading={command.isPending}
        onClick={() =>
          command.mutate(
            { ticketId: ticket.id, path: 'lead-follow-ups', body: { outcome, ...(reason.trim() ? { reason: reason.trim() } : {}) } },
            {
              onSuccess: () => {
                setReason('');
                onDone?.();
              },
            },
          )
        }
        data-testid="lead-record"
      >
        {t('tickets.compose.record')}
      </Button>
    </Space>
  );
}

/** Notes, customer contacts and lead follow-ups, each shown only when the ticket's abilities allow it. */
export function ActivityComposer({ ticket }: { ticket: Ticket }) {
  const { t } = useLocale();
  const { abilities } = ticket;
  const items = [
    ...(abilities.noteInternal || abilities.noteDealer ? [{ key: 'note', label: t('tickets.compose.note'), children: <NoteForm ticket={ticket} /> }] : []),
    ...(abilities.recordContact ? [{ key: 'contact', label: t('tickets.compose.contact'), children: <ContactForm ticket={ticket} /> }] : []),
    ...(abilities.leadFollowUp ? [{ key: 'lead', label: t('tickets.compose.lead'), children: <LeadFollowUpForm ticket={ticket} /> }] : []),
  ];
  if (items.length === 0) return null;
  return <Tabs size="small" items={items} />;
}
