import { Alert, Button, Card, Col, Row, Skeleton, Space, Typography } from 'antd';
import { Problem } from '../../app/ErrorPage';
import { Suspense, useEffect } from 'react';
import type { Role } from '@careline/shared';
import { Link, useNavigate, useParams } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { isApiError } from '../../lib/api-client';
import { useWatchTicket } from '../../lib/realtime';
import { useSession } from '../auth/useSession';
import { ActivityComposer } from './components/ActivityComposer';
import { LazyRoadsidePanel } from '../roadside/lazy-roadside';
import { LazyTicketKbPanel } from '../kb/lazy-kb';
import { RoutingExplanation } from './components/RoutingExplanation';
import { SlaClocks } from './components/SlaClocks';
import { TicketActions } from './components/TicketActions';
import { TicketHeader } from './components/TicketHeader';
import { TicketTimeline } from './components/TicketTimeline';
import { useTicket, useTicketTimeline } from './hooks/useTicket';

/** Who may open a ticket's evidence pack (the API's oversight group). */
const EVIDENCE_READERS: readonly Role[] = ['qa', 'supervisor', 'admin'];

/** One ticket: header, actions its abilities allow, SLA clocks, routing reasons, history and notes — live. */
export function TicketPage() {
  const { id } = useParams();
  const { t } = useLocale();
  const navigate = useNavigate();
  const { user } = useSession();
  const ticket = useTicket(id);
  const timeline = useTicketTimeline(id);
  useWatchTicket(id);
  const number = ticket.data?.number;
  useEffect(() => {
    if (!number) return;
    const previous = document.title;
    document.title = `${number} · careline`;
    return () => {
      document.title = previous;
    };
  }, [number]);

  if (ticket.isLoading) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;
  if (ticket.error || !ticket.data) {
    return (
      <Problem title={ticket.error?.message ?? t('common.error')} detail={isApiError(ticket.error, 'NOT_FOUND') ? t('tickets.page.notFound') : undefined} />
    );
  }
  const data = ticket.data;
  return (
    <Row gutter={[16, 16]} data-testid="ticket-page" data-version={data.version}>
      <Col xs={24} xl={16}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Button type="link" onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
                  ← {t('tickets.page.back')}
                </Button>
                <Space size={12}>
                  {user && EVIDENCE_READERS.includes(user.role) && (
                    <Link to={`/qa/evidence/${data.id}`} data-testid="evidence-link">
                      {t('qa.evidenceLink')}
                    </Link>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    v{data.version} · {t('tickets.page.live')}
                  </Typography.Text>
                </Space>
              </Space>
              <TicketHeader ticket={data} />
              <TicketActions ticket={data} />
            </Space>
          </Card>
          <Card size="small" title={t('tickets.timeline.title')}>
            <TicketTimeline events={timeline.data} loading={timeline.isLoading} />
          </Card>
        </Space>
      </Col>
      <Col xs={24} xl={8}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {data.type === 'roadside' && (
            <Card size="small" title={t('roadside.title')}>
              <Suspense fallback={<Skeleton active paragraph={{ rows: 3 }} />}>
                <LazyRoadsidePanel ticketId={data.id} />
              </Suspense>
            </Card>
          )}
          <Card size="small" title={t('tickets.sla.title')}>
            <SlaClocks ticket={data} />
          </Card>
          <Card size="small">
            <ActivityComposer ticket={data} />
          </Card>
          <Card size="small" title={t('kb.menu')}>
            <Suspense fallback={<Skeleton active paragraph={{ rows: 3 }} />}>
              <LazyTicketKbPanel ticket={data} />
            </Suspense>
          </Card>
          {data.routing.decision ? (
            <Card size="small" title={t('tickets.routing.title')}>
              <RoutingExplanation decision={data.routing.decision} />
            </Card>
          ) : (
            data.routing.ruleSetVersion !== null && <Alert type="info" title={t('tickets.routing.hidden')} />
          )}
        </Space>
      </Col>
    </Row>
  );
}
