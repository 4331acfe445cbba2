import { List, Space, Tag, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import type { SlaMilestone, Ticket } from '../ticket.types';

const STATE_COLORS: Record<string, string> = { running: 'green', warning: 'orange', breached: 'red', paused: 'default', met: 'blue', cancelled: 'default' };

/** Each SLA clock with its state as the API computed it, and a live countdown while it is open. */
export function SlaClocks({ ticket }: { ticket: Ticket }) {
  const { t, locale } = useLocale();
  const now = useNow();
  // Open clocks first; cancelled ones (an earlier owner's, before a reroute) last and dimmed.
  const milestones = (ticket.sla.milestones ?? [])
    .filter((milestone) => milestone.clock !== 'internal')
    .sort((a, b) => Number(Boolean(a.cancelledAt)) - Number(Boolean(b.cancelledAt)));
  if (milestones.length === 0) return <Typography.Text type="secondary">{t('tickets.sla.none')}</Typography.Text>;
  const liveState = (milestone: SlaMilestone) => {
    // The API's state is as of the fetch; a running clock that passed its due time since is shown breached.
    if ((milestone.state === 'running' || milestone.state === 'warning') && now >= new Date(milestone.dueAt).getTime()) return 'breached';
    if (milestone.state === 'running' && milestone.warnAt && now >= new Date(milestone.warnAt).getTime()) return 'warning';
    return milestone.state;
  };
  return (
    <List
      size="small"
      dataSource={milestones}
      renderItem={(milestone) => {
        const state = liveState(milestone);
        const open = state === 'running' || state === 'warning' || state === 'breached';
        const remaining = new Date(milestone.dueAt).getTime() - now;
        return (
          <List.Item style={{ paddingInline: 0, opacity: state === 'cancelled' ? 0.5 : 1 }} data-testid="sla-clock" data-clock={milestone.clock} data-state={state}>
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text strong>{t(`sla.clock.${milestone.clock}`)}</Typography.Text>
                <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }}>
                  {t(`sla.${state}`)}
                </Tag>
              </Space>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {milestone.metAt ? t('tickets.sla.metAt', { time: formatDateTime(milestone.metAt) }) : t('tickets.sla.due', { time: formatDateTime(milestone.dueAt) })}
                </Typography.Text>
                {open && (
                  <Typography.Text type={remaining < 0 ? 'danger' : state === 'warning' ? 'warning' : 'success'} className="careline-mono">
                    {remaining < 0 ? t('sla.overdueBy', { time: formatDuration(remaining, locale) }) : t('sla.dueIn', { time: formatDuration(remaining, locale) })}
                  </Typography.Text>
                )}
              </Space>
            </Space>
          </List.Item>
        );
      }}
    />
  );
}
