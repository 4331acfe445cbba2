import { TICKET_STATUSES } from '@shared/tickets/ticket-vocabulary';
import { Card, Col, Row } from 'antd';
import { Suspense } from 'react';
import { useLocale } from '../../i18n/useLocale';
import { LazyRoadsideAlerts } from '../roadside/lazy-roadside-alerts';
import { TicketActions } from '../tickets/components/TicketActions';
import { DealerLoadTable } from './components/DealerLoadTable';
import { LiveFeed } from './components/LiveFeed';
import { PagedTicketTable } from './components/PagedTicketTable';

const CLOSED = ['resolved', 'closed', 'cancelled'];
const OPEN_STATUSES = TICKET_STATUSES.filter((status) => !CLOSED.includes(status));

/**
 * The supervisor board: breaches and escalations as they happen, the tickets routing could not place (route or
 * dispatch them from here), open tickets past a deadline, and how loaded each dealer is.
 */
export function SupervisorPage() {
  const { t } = useLocale();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xxl={9}>
        <Card title={t('supervisor.feed.title')} size="small">
          <LiveFeed />
        </Card>
      </Col>
      <Col xs={24} xxl={15}>
        <Card title={t('supervisor.breached.title')} size="small">
          <PagedTicketTable testId="breached-tickets" query={{ status: OPEN_STATUSES, slaState: 'breached', sort: 'createdAt', order: 'asc' }} emptyText={t('supervisor.breached.empty')} />
        </Card>
      </Col>
      <Col span={24}>
        <Card
          title={t('supervisor.queue.title')}
          size="small"
          extra={
            <Suspense fallback={null}>
              <LazyRoadsideAlerts unassigned />
            </Suspense>
          }
        >
          <PagedTicketTable
            testId="supervisor-queue"
            query={{ queue: 'supervisor', sort: 'createdAt', order: 'asc' }}
            emptyText={t('supervisor.queue.empty')}
            extraColumns={[{ title: '', width: 190, fixed: 'right', render: (_value, ticket) => <TicketActions ticket={ticket} only={['route', 'dispatch']} size="small" /> }]}
          />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('supervisor.load.title')} size="small">
          <DealerLoadTable />
        </Card>
      </Col>
    </Row>
  );
}
