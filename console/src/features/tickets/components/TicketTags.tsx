import type { Priority, TicketStatus, TicketType } from '@careline/shared';
import { Tag } from 'antd';
import { useLocale } from '../../../i18n/useLocale';

const STATUS_COLORS: Record<TicketStatus, string> = {
  new: 'blue',
  dispatched: 'geekblue',
  acknowledged: 'cyan',
  in_progress: 'processing',
  pending_customer: 'gold',
  rerouted: 'magenta',
  resolved: 'green',
  reopened: 'volcano',
  closed: 'default',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useLocale();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="state-tag" data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}

const PRIORITY_COLORS: Record<Priority, string> = { P1: 'red', P2: 'orange', P3: 'blue', P4: 'default' };

export function PriorityTag({ priority, short = false }: { priority: Priority; short?: boolean }) {
  const { t } = useLocale();
  return (
    <Tag color={PRIORITY_COLORS[priority]} data-testid="priority-tag" style={{ marginInlineEnd: 0 }}>
      {short ? priority : t(`priority.${priority}`)}
    </Tag>
  );
}

const TYPE_COLORS: Record<TicketType, string> = {
  enquiry: 'default',
  complaint: 'red',
  roadside: 'volcano',
  suggestion: 'purple',
  praise: 'green',
  lead: 'gold',
};

export function TicketTypeTag({ type }: { type: TicketType }) {
  const { t } = useLocale();
  return (
    <Tag color={TYPE_COLORS[type]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t(`ticketType.${type}`)}
    </Tag>
  );
}
