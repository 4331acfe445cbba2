import { Tag, Tooltip } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import type { Ticket } from '../ticket.types';

type Clock = 'acknowledge' | 'first_contact' | 'resolve';

/** The nearest open due time of a ticket and which clock it belongs to (due times of met clocks are null). */
export function nearestDue(sla: Ticket['sla']): { clock: Clock; dueAt: number } | null {
  const dues: Array<[Clock, string | null]> = [
    ['acknowledge', sla.acknowledgeDueAt],
    ['first_contact', sla.firstContactDueAt],
    ['resolve', sla.resolveDueAt],
  ];
  let nearest: { clock: Clock; dueAt: number } | null = null;
  for (const [clock, due] of dues) {
    if (!due) continue;
    const dueAt = new Date(due).getTime();
    if (!nearest || dueAt < nearest.dueAt) nearest = { clock, dueAt };
  }
  return nearest;
}

export type SlaTone = 'ok' | 'warning' | 'breached' | 'paused' | 'none';

export function slaTone(ticket: Pick<Ticket, 'sla' | 'status'>, now: number): SlaTone {
  const nearest = nearestDue(ticket.sla);
  if (!nearest || ticket.status === 'closed' || ticket.status === 'cancelled') return 'none';
  if (ticket.status === 'pending_customer' || ticket.sla.pausedAt) return 'paused';
  if (now >= nearest.dueAt || ticket.sla.state === 'breached') return 'breached';
  if (ticket.sla.state === 'warning') return 'warning';
  return 'ok';
}

const TONE_COLORS: Record<SlaTone, string> = { ok: 'green', warning: 'orange', breached: 'red', paused: 'default', none: 'default' };

/**
 * A live countdown to the nearest open deadline: green while running, amber once the workers recorded a warning,
 * red once a clock is breached (then counting the overdue time). Paused while waiting for the customer.
 */
export function SlaBadge({ ticket }: { ticket: Pick<Ticket, 'sla' | 'status'> }) {
  const { t, locale } = useLocale();
  const now = useNow();
  const nearest = nearestDue(ticket.sla);
  const tone = slaTone(ticket, now);
  if (tone === 'none' || !nearest) return <span style={{ color: '#bbb' }}>—</span>;
  const remaining = nearest.dueAt - now;
  const text =
    tone === 'paused'
      ? t('sla.paused')
      : remaining < 0
        ? t('sla.overdueBy', { time: formatDuration(remaining, locale) })
        : t('sla.dueIn', { time: formatDuration(remaining, locale) });
  return (
    <Tooltip title={`${t(`sla.clock.${nearest.clock}`)} · ${formatDateTime(new Date(nearest.dueAt))}`}>
      <Tag color={TONE_COLORS[tone]} data-testid="sla-badge" data-tone={tone} style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 0 }}>
        {text}
      </Tag>
    </Tooltip>
  );
}
