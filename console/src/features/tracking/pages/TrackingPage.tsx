import type { Socket } from 'socket.io-client';
import type { ContractResponse } from '@shared/contracts/contract';
import { trackTicketContract } from '@shared/contracts/tracking.contracts';
import type { TRACKING_CHANGED_EVENT, TRACKING_NAMESPACE } from '@shared/realtime/realtime-events';
import { type CSSProperties, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';

// Plain markup: a customer on a phone loads the entry and this small chunk only (no antd components beyond the entry's).
const STAGE_TONES: Record<string, { color: string; background: string }> = {
  received: { color: '#555', background: '#f0f0f0' },
  assigned: { color: '#1f4e8c', background: '#e6f0fb' },
  in_progress: { color: '#1f4e8c', background: '#e6f0fb' },
  waiting_for_you: { color: '#8a5300', background: '#fff4e0' },
  resolved: { color: '#1d6b32', background: '#e8f6ec' },
  closed: { color: '#1d6b32', background: '#e8f6ec' },
  cancelled: { color: '#555', background: '#f0f0f0' },
};

const card: CSSProperties = { background: '#fff', borderRadius: 8, padding: 16, boxShadow: '0 1px 2px rgba(0,0,0,0.06)' };
const heading: CSSProperties = { fontSize: 15, fontWeight: 600, margin: '0 0 8px' };
const secondary: CSSProperties = { color: 'rgba(0,0,0,0.55)' };

// The realtime contract's names, checked against it by type: a value import from that module brings zod to the page.
const NAMESPACE: typeof TRACKING_NAMESPACE = '/tracking';
const CHANGED: typeof TRACKING_CHANGED_EVENT = 'tracking.changed';

type TrackingView = ContractResponse<typeof trackTicketContract>;

/**
 * The page's data, read again whenever asked (a change heard, a reconnect): one request at a time matters, so plain
 * state is enough. An answer older than one already shown is dropped; a failed refetch keeps the view shown unless
 * the link is gone.
 */
function useTrackingView(token: string) {
  const [state, setState] = useState<{ view: TrackingView | null; error: unknown }>({ view: null, error: null });
  const asked = useRef(0);
  const load = useCallback(async () => {
    const call = ++asked.current;
    try {
      const view = await callApi(trackTicketContract, { params: { token } });
      if (call === asked.current) setState({ view, error: null });
    } catch (error) {
      if (call !== asked.current) return;
      setState((previous) => ({ view: isApiError(error, 'TRACKING_LINK_NOT_FOUND') ? null : previous.view, error }));
    }
  }, [token]);
  useEffect(() => {
    void load();
  }, [load]);
  return { ...state, reload: load };
}

/**
 * The tracking room: told that the ticket changed (nothing more), the page reads it again. socket.io-client loads with
 * this page only. A token the server refuses (unknown, expired) stops the reconnecting.
 */
function useTrackingRoom(token: string, reload: () => Promise<void>): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let socket: Socket | null = null;
    let cancelled = false;
    const refetch = () => void reload();
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
  }, [token, reload]);
  return connected;
}

/** 中文 / EN as two plain buttons, white on the page's blue header. */
function LanguageButtons() {
  const { locale, setLocale } = useLocale();
  const option = (value: 'zh-CN' | 'en', label: string) => (
    <button
      type="button"
      onClick={() => setLocale(value)}
      aria-pressed={locale === value}
      style={{
        border: 0,
        padding: '2px 10px',
        borderRadius: 4,
        cursor: 'pointer',
        font: 'inherit',
        fontSize: 13,
        background: locale === value ? '#fff' : 'transparent',
        color: locale === value ? '#1f4e8c' : '#fff',
      }}
    >
      {label}
    </button>
  );
  return (
    <div role="group" aria-label="Language / 语言" data-testid="language-switch" style={{ display: 'flex', gap: 2, padding: 2, borderRadius: 6, background: 'rgba(255,255,255,0.2)' }}>
      {option('zh-CN', '中文')}
      {option('en', 'EN')}
    </div>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const { t } = useLocale();
  return (
    <div style={{ minHeight: '100%', background: '#f3f5f9' }}>
      <div style={{ background: '#1f4e8c', color: '#fff', padding: '12px 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        <div style={{ minWidth: 0 }}>
          <div style={{ fontSize: 12, opacity: 0.8 }}>{t('tracking.brand')}</div>
          <h1 style={{ fontSize: 18, fontWeight: 600, margin: 0 }}>{t('tracking.title')}</h1>
        </div>
        <LanguageButtons />
      </div>
      <main style={{ maxWidth: 560, margin: '0 auto', padding: 12, display: 'flex', flexDirection: 'column', gap: 12, fontSize: 14, lineHeight: 1.6, overflowWrap: 'anywhere' }}>{children}</main>
    </div>
  );
}

/** The customer's page: no sign-in, the token in the address is the key. Works at 375 px. */
export function TrackingPage() {
  const { token = '' } = useParams();
  const { t, locale } = useLocale();
  const view = useTrackingView(token);
  const connected = useTrackingRoom(token, view.reload);
  const text = (label: { zh: string; en: string }) => (locale === 'en' ? label.en : label.zh);

  useEffect(() => {
    document.title = t('tracking.title');
  }, [t]);

  if (!view.view && !view.error) {
    return (
      <Frame>
        <div style={{ ...card, ...secondary, textAlign: 'center' }}>{t('common.loading')}</div>
      </Frame>
    );
  }
  if (!view.view) {
    const notFound = isApiError(view.error, 'TRACKING_LINK_NOT_FOUND');
    return (
      <Frame>
        <section style={card} data-testid="tracking-problem" data-code={notFound ? 'TRACKING_LINK_NOT_FOUND' : 'error'}>
          <h2 style={heading}>{notFound ? t('tracking.notFound') : t('tracking.error')}</h2>
          {notFound && <div style={secondary}>{t('tracking.notFoundHint')}</div>}
        </section>
      </Frame>
    );
  }
  const data = view.view;
  const finished = data.status.code === 'closed' || data.status.code === 'cancelled';
  const tone = STAGE_TONES[data.status.code];
  return (
    <Frame>
      <section style={card} data-testid="tracking-page">
        <div style={secondary}>
          {t('tracking.ticket')} <span data-testid="tracking-number">{data.number}</span> · {text(data.type.label)}
        </div>
        <div
          style={{ marginTop: 8, display: 'inline-block', padding: '4px 10px', borderRadius: 6, fontSize: 16, fontWeight: 500, ...tone }}
          data-testid="tracking-status"
          data-stage={data.status.code}
        >
          {text(data.status.label)}
        </div>
        {data.dealer && (
          <div style={{ marginTop: 12 }}>
            <span style={secondary}>{t('tracking.dealer')}</span>
            <span data-testid="tracking-dealer">{text(data.dealer.name)}</span>
          </div>
        )}
      </section>
      {data.roadside && (
        <section style={card} data-testid="tracking-rescue" data-step={data.roadside.step.code}>
          <h2 style={heading}>{t('tracking.rescue')}</h2>
          <div style={{ fontWeight: 600 }} data-testid="tracking-rescue-step">
            {text(data.roadside.step.label)}
          </div>
          {data.roadside.provider && (
            <div style={{ marginTop: 8 }}>
              <span style={secondary}>{t('tracking.provider')}</span>
              <span data-testid="tracking-rescue-provider">{text(data.roadside.provider.name)}</span>
            </div>
          )}
          {data.roadside.etaAt && (
            <div style={{ marginTop: 4 }} data-testid="tracking-rescue-eta">
              {t('tracking.eta', { time: formatDateTime(data.roadside.etaAt) })}
            </div>
          )}
          {data.roadside.distanceKm !== null && (
            <div style={{ marginTop: 4 }} data-testid="tracking-rescue-distance">
              {t('tracking.distance', { km: data.roadside.distanceKm.toFixed(1) })}
              {data.roadside.positionAt && <span style={{ ...secondary, fontSize: 12 }}> · {t('tracking.positionAt', { time: formatDateTime(data.roadside.positionAt) })}</span>}
            </div>
          )}
        </section>
      )}
      {data.nextStep ? (
        <section style={card} data-testid="tracking-next-step" data-step={data.nextStep.code}>
          <h2 style={heading}>{t('tracking.nextStep')}</h2>
          <div style={{ fontWeight: 600 }}>{text(data.nextStep.label)}</div>
          {data.nextStep.dueAt && (
            <div style={secondary} data-testid="tracking-promised">
              {t('tracking.promisedBy', { time: formatDateTime(data.nextStep.dueAt) })}
            </div>
          )}
        </section>
      ) : (
        finished && (
          <section style={{ ...card, color: '#1d6b32' }} data-testid="tracking-done">
            {t('tracking.done')}
          </section>
        )
      )}
      <section style={card}>
        <h2 style={heading}>{t('tracking.timeline')}</h2>
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {[...data.timeline].reverse().map((entry, index) => (
            <li
              key={`${entry.kind}-${index}`}
              style={{ position: 'relative', paddingLeft: 20, paddingBottom: 12, borderLeft: '2px solid #e3e8ef', marginLeft: 5 }}
              data-testid="tracking-event"
              data-kind={entry.kind}
            >
              <span style={{ position: 'absolute', left: -7, top: 5, width: 12, height: 12, borderRadius: '50%', border: '2px solid #1f4e8c', background: index === 0 ? '#1f4e8c' : '#fff' }} />
              <div>{text(entry.label)}</div>
              <div style={{ ...secondary, fontSize: 12 }}>{formatDateTime(entry.at)}</div>
            </li>
          ))}
        </ol>
      </section>
      <div style={{ ...secondary, fontSize: 12, textAlign: 'center' }} data-testid="tracking-live" data-connected={connected ? 'true' : 'false'}>
        {finished ? t('tracking.updatedAt', { time: formatDateTime(data.updatedAt) }) : connected ? t('tracking.live') : t('tracking.offline')}
      </div>
    </Frame>
  );
}

// Reaches the entry's whole module graph (loaded with the entry anyway: it costs the customer nothing). Without it the
// bundler cut the shared chunks every signed-in first page loads along this page's smaller graph: one more file and
// +0.9 KB gzip on each first route (QA's home went over its 400 KB budget). See bench/RESULTS.md.
export { App as ConsoleApp } from '../../../app/App';
