import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Spin, Tag, Timeline, Typography } from 'antd';
import type { Socket } from 'socket.io-client';
import { trackTicketContract } from '@shared/contracts/tracking.contracts';
import type { TRACKING_CHANGED_EVENT, TRACKING_NAMESPACE } from '@shared/realtime/realtime-events';
import { type ReactNode, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { LanguageSwitch } from '../../../app/LanguageSwitch';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';

const STAGE_COLORS: Record<string, string> = {
  received: 'default',
  assigned: 'processing',
  in_progress: 'processing',
  waiting_for_you: 'warning',
  resolved: 'success',
  closed: 'success',
  cancelled: 'default',
};

const trackingKey = (token: string) => ['tracking', token] as const;

// The realtime contract's names, checked against it by type: a value import from that module brings zod to the page.
const NAMESPACE: typeof TRACKING_NAMESPACE = '/tracking';
const CHANGED: typeof TRACKING_CHANGED_EVENT = 'tracking.changed';

/**
 * The tracking room: told that the ticket changed (nothing more), the page refetches. socket.io-client loads with
 * this page only. A token the server refuses (unknown, expired) stops the reconnecting.
 */
function useTrackingRoom(token: string): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let socket: Socket | null = null;
    let cancelled = false;
    const refetch = () => void queryClient.invalidateQueries({ queryKey: trackingKey(token) });
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      socket = io(NAMESPACE, { auth: { token }, reconnectionDelayMax: 10_000 });
      socket.on('connect', () => {
        setConnected(true);
        // Whatever changed while the connection was down.
        refetch();
      });
      socket.on('disconnect', () => setConnected(false));
      socket.on('connect_error', (error) => {
        setConnected(false);
        if (error.message === 'TRACKING_LINK_NOT_FOUND') {
          socket?.close();
          refetch();
        }
      });
      socket.on(CHANGED, refetch);
    });
    return () => {
      cancelled = true;
      socket?.close();
    };
  }, [token, queryClient]);
  return connected;
}

function Frame({ children }: { children: ReactNode }) {
  const { t } = useLocale();
  return (
    <div style={{ minHeight: '100%', background: '#f3f5f9' }}>
      <div style={{ background: '#1f4e8c', color: '#fff', padding: '12px 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        <div style={{ minWidth: 0 }}>
          <div style={{ fontSize: 12, opacity: 0.8 }}>{t('tracking.brand')}</div>
          <div style={{ fontSize: 18, fontWeight: 600 }}>{t('tracking.title')}</div>
        </div>
        <LanguageSwitch />
      </div>
      <div style={{ maxWidth: 560, margin: '0 auto', padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>{children}</div>
    </div>
  );
}

/** The customer's page: no sign-in, the token in the address is the key. Works at 375 px. */
export function TrackingPage() {
  const { token = '' } = useParams();
  const { t, locale } = useLocale();
  const connected = useTrackingRoom(token);
  const view = useQuery({
    queryKey: trackingKey(token),
    queryFn: () => callApi(trackTicketContract, { params: { token } }),
    retry: (count, error) => !isApiError(error, 'TRACKING_LINK_NOT_FOUND') && !isApiError(error, 'RATE_LIMITED') && count < 2,
  });
  const text = (label: { zh: string; en: string }) => (locale === 'en' ? label.en : label.zh);

  useEffect(() => {
    document.title = t('tracking.title');
  }, [t]);

  if (view.isPending) {
    return (
      <Frame>
        <Spin style={{ margin: 48 }} />
      </Frame>
    );
  }
  if (view.isError) {
    const notFound = isApiError(view.error, 'TRACKING_LINK_NOT_FOUND');
    return (
      <Frame>
        <Card data-testid="tracking-problem" data-code={notFound ? 'TRACKING_LINK_NOT_FOUND' : 'error'}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {notFound ? t('tracking.notFound') : t('tracking.error')}
          </Typography.Title>
          {notFound && <Typography.Text type="secondary">{t('tracking.notFoundHint')}</Typography.Text>}
        </Card>
      </Frame>
    );
  }
  const data = view.data;
  const finished = data.status.code === 'closed' || data.status.code === 'cancelled';
  return (
    <Frame>
      <Card data-testid="tracking-page" styles={{ body: { padding: 16 } }}>
        <Typography.Text type="secondary">
          {t('tracking.ticket')} <span data-testid="tracking-number">{data.number}</span> · {text(data.type.label)}
        </Typography.Text>
        <div style={{ marginTop: 8 }}>
          <Tag color={STAGE_COLORS[data.status.code]} style={{ fontSize: 16, padding: '4px 10px', whiteSpace: 'normal', marginInlineEnd: 0 }} data-testid="tracking-status" data-stage={data.status.code}>
            {text(data.status.label)}
          </Tag>
        </div>
        {data.dealer && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('tracking.dealer')}</Typography.Text>
            <Typography.Text data-testid="tracking-dealer">{text(data.dealer.name)}</Typography.Text>
          </div>
        )}
      </Card>
      {data.nextStep ? (
        <Card size="small" title={t('tracking.nextStep')} data-testid="tracking-next-step" data-step={data.nextStep.code}>
          <Typography.Text strong>{text(data.nextStep.label)}</Typography.Text>
          {data.nextStep.dueAt && (
            <div>
              <Typography.Text type="secondary" data-testid="tracking-promised">
                {t('tracking.promisedBy', { time: formatDateTime(data.nextStep.dueAt) })}
              </Typography.Text>
            </div>
          )}
        </Card>
      ) : (
        finished && <Alert type="success" showIcon title={t('tracking.done')} />
      )}
      <Card size="small" title={t('tracking.timeline')}>
        <Timeline
          reverse
          items={data.timeline.map((entry, index) => ({
            key: `${entry.kind}-${index}`,
            content: (
              <div data-testid="tracking-event" data-kind={entry.kind}>
                <div>{text(entry.label)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(entry.at)}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }} data-testid="tracking-live" data-connected={connected ? 'true' : 'false'}>
        {finished ? t('tracking.updatedAt', { time: formatDateTime(data.updatedAt) }) : connected ? t('tracking.live') : t('tracking.offline')}
      </Typography.Text>
    </Frame>
  );
}
