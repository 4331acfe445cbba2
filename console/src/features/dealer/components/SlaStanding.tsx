import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { useNow } from '../../../lib/useNow';
import { slaTone } from '../../tickets/components/SlaBadge';
import type { Ticket } from '../../tickets/ticket.types';
import { slaStandingContract } from '@shared/contracts/stats.contracts';
import { callApi } from '../../../lib/api';

const STANDING_DAYS = 30;

/**
 * The dealer's own SLA standing: open tickets by clock state (live, from due times and the workers' states) and the
 * share of its deadlines of the last 30 days met in time (`GET /api/stats/sla-standing`, its own only).
 */
export function SlaStanding({ open, extra }: { open: Ticket[]; extra?: ReactNode }) {
  const { t } = useLocale();
  const now = useNow();
  const counts = { ok: 0, warning: 0, breached: 0, paused: 0 };
  for (const ticket of open) {
    const tone = slaTone(ticket, now);
    if (tone !== 'none') counts[tone] += 1;
  }
  // Under 'tickets', so a ticket change refreshes it like the lists beside it.
  const standing = useQuery({
    queryKey: ['tickets', 'sla-standing', STANDING_DAYS],
    queryFn: async () => (await callApi(slaStandingContract, { query: { days: STANDING_DAYS } })).standing,
  });
  const due = standing.data ? Object.values(standing.data.clocks).reduce((sum, clock) => sum + clock.due, 0) : 0;
  const rate = standing.data?.metRate === null || standing.data?.metRate === undefined ? null : Math.round(standing.data.metRate * 100);
  return (
    <Card size="small" title={t('dealer.sla.title')} extra={extra} data-testid="sla-standing">
      <Row gutter={[8, 8]}>
        <Col xs={8} sm={4}>
          <Statistic title={t('dealer.sla.running')} value={counts.ok} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col xs={8} sm={4}>
          <Statistic title={t('dealer.sla.warning')} value={counts.warning} styles={{ content: { color: '#d48806' } }} />
        </Col>
        <Col xs={8} sm={4}>
          <Statistic title={t('dealer.sla.breached')} value={counts.breached} styles={{ content: { color: '#cf1322' } }} data-testid="sla-breached-count" />
        </Col>
        <Col xs={8} sm={4}>
          <Statistic title={t('dealer.sla.paused')} value={counts.paused} />
        </Col>
        <Col xs={16} sm={8}>
          <Tooltip title={t('dealer.sla.metRateHint', { n: due, days: STANDING_DAYS })}>
            <Statistic title={t('dealer.sla.metRate')} value={rate ?? '—'} suffix={rate === null ? undefined : '%'} />
          </Tooltip>
        </Col>
      </Row>
    </Card>
  );
}
