import { Space, Tag, Tooltip, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { useTicket } from '../../tickets/hooks/useTicket';
import type { SlaMilestone } from '../../tickets/ticket.types';

/** The department's own clocks on a ticket: `internal` milestones owned by the department. */
export function internalClocksOf(milestones: SlaMilestone[] | undefined, departmentId: string): SlaMilestone[] {
  return (milestones ?? []).filter((milestone) => milestone.clock === 'internal' && milestone.ownerId === departmentId);
}

const STATE_COLORS: Record<string, string> = { running: 'blue', warning: 'orange', breached: 'red', paused: 'default', met: 'green', cancelled: 'default' };

/**
 * Due or overdue for the department's internal clock on one ticket. The list carries no milestones, so each row
 * reads its ticket (cached per ticket and refreshed by `ticket.changed`).
 */
export function InternalClock({ ticketId, departmentId }: { ticketId: string; departmentId: string }) {
  const { t, locale } = useLocale();
  const now = useNow();
  const ticket = useTicket(ticketId);
  if (ticket.isLoading) return <Typography.Text type="secondary">…</Typography.Text>;
  const clocks = internalClocksOf(ticket.data?.sla.milestones, departmentId);
  if (clocks.length === 0) return <Typography.Text type="secondary" data-testid="internal-clock" data-state="none">{t('department.clock.none')}</Typography.Text>;
  return (
    <Space direction="vertical" size={2}>
      {clocks.map((clock) => {
        const open = !clock.metAt && !clock.cancelledAt;
        const remaining = new Date(clock.dueAt).getTime() - now;
        const state = open && remaining < 0 ? 'breached' : clock.state;
        const late = clock.metAt !== null && new Date(clock.metAt).getTime() > new Date(clock.dueAt).getTime();
        const text = !open
          ? t(late ? 'department.clock.metLate' : `department.clock.${clock.state}`)
          : remaining < 0
            ? t('department.clock.overdue', { time: formatDuration(remaining, locale) })
            : t('department.clock.due', { time: formatDuration(remaining, locale) });
        return (
          <Tooltip key={clock.id} title={`${t('department.clock.dueAt')} ${formatDateTime(clock.dueAt)}${clock.metAt ? ` · ${t('department.clock.metAt')} ${formatDateTime(clock.metAt)}` : ''}`}>
            <Tag color={late ? 'volcano' : STATE_COLORS[state]} data-testid="internal-clock" data-state={state} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {text}
            </Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}
