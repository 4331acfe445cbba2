import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useProviderOffers } from './offers-query';
import { App, Button, Card, Empty, Input, Radio, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ROADSIDE_DECLINE_REASONS, type RoadsideDeclineReason } from '@shared/roadside/roadside-vocabulary';
import { acceptRoadsideOfferContract, declineRoadsideOfferContract, listRoadsideOffersContract } from '@shared/contracts/roadside.contracts';
import { useLocale } from '../../i18n/useLocale';
import { callApi } from '../../lib/api';
import { formatDuration } from '../../lib/format';
import { EtaInput, RoadsideSteps } from './RoadsideSteps';

type Offer = Awaited<ReturnType<typeof callApi<typeof listRoadsideOffersContract>>>['items'][number];

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function OfferCard({ offer, now }: { offer: Offer; now: number }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [eta, setEta] = useState<number | null>(30);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<RoadsideDeclineReason>('no_truck_available');
  const [text, setText] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['tickets'] });
  const accept = useMutation({
    mutationFn: () => callApi(acceptRoadsideOfferContract, { params: { id: offer.id }, body: { etaMinutes: eta ?? 0 } }),
    onSuccess: refresh,
    onError: (error: Error) => message.error(error.message),
  });
  const decline = useMutation({
    mutationFn: () => callApi(declineRoadsideOfferContract, { params: { id: offer.id }, body: { reason, ...(text.trim() ? { text: text.trim() } : {}) } }),
    onSuccess: refresh,
    onError: (error: Error) => message.error(error.message),
  });
  const left = new Date(offer.dueAt).getTime() - now;
  const pending = offer.status === 'pending';
  const ticket = offer.ticket;
  return (
    <Card size="small" data-testid="roadside-offer-card" data-status={offer.status} data-offer-id={offer.id} style={pending ? { borderColor: '#cf1322' } : undefined}>
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Space wrap size={6} style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap size={6}>
            <Tag color="red">{ticket.priority}</Tag>
            <Typography.Text strong>{ticket.number}</Typography.Text>
            {ticket.roadsideType && <Tag>{t(`roadside.kind.${ticket.roadsideType}`)}</Tag>}
            {ticket.motorway && <Tag color="orange">{t('roadside.offers.motorway')}</Tag>}
            {ticket.injured && <Tag color="red">{t('roadside.offers.injured')}</Tag>}
            {ticket.peopleOnBoard !== null && <Tag>{t('roadside.offers.people', { n: ticket.peopleOnBoard })}</Tag>}
          </Space>
          {pending ? (
            <Typography.Text type={left > 60_000 ? 'warning' : 'danger'} strong data-testid="roadside-countdown">
              {left > 0 ? t('roadside.offers.left', { time: formatDuration(left, locale) }) : t('roadside.offers.expired')}
            </Typography.Text>
          ) : (
            <Tag>{offer.job ? t(`roadside.status.${offer.job.status}`) : t(`roadside.offer.${offer.status}`)}</Tag>
          )}
        </Space>
        <Typography.Text>{ticket.subject}</Typography.Text>
        <Typography.Text type="secondary">
          {ticket.address ?? '—'} · {offer.roadKm !== null ? t('roadside.km', { n: offer.roadKm }) : t('roadside.kmUnknown')}
        </Typography.Text>
        {pending && left > 0 && !declining && (
          <Space wrap size={8}>
            <EtaInput value={eta} onChange={setEta} testId="roadside-eta" />
            <Button type="primary" size="large" disabled={!eta || eta < 1 || eta > 1440 || !Number.isInteger(eta)} loading={accept.isPending} onClick={() => accept.mutate()} data-testid="roadside-accept">
              {t('roadside.offers.accept')}
            </Button>
            <Button size="large" onClick={() => setDeclining(true)} data-testid="roadside-decline">
              {t('roadside.offers.decline')}
            </Button>
          </Space>
        )}
        {pending && declining && (
          <Space wrap size={8}>
            <Radio.Group
              value={reason}
              onChange={(event) => setReason(event.target.value as RoadsideDeclineReason)}
              optionType="button"
              aria-label={t('roadside.offers.reason')}
              options={ROADSIDE_DECLINE_REASONS.map((value) => ({ value, label: t(`roadside.decline.${value}`) }))}
              data-testid="roadside-decline-reason"
            />
            <Input value={text} onChange={(event) => setText(event.target.value)} placeholder={t('roadside.offers.text')} maxLength={500} size="large" style={{ width: 200 }} />
            <Button danger size="large" disabled={reason === 'other' && !text.trim()} loading={decline.isPending} onClick={() => decline.mutate()} data-testid="roadside-decline-confirm">
              {t('roadside.offers.decline')}
            </Button>
            <Button type="text" onClick={() => setDeclining(false)}>
              ✕
            </Button>
          </Space>
        )}
        {offer.job && offer.job.nextSteps.length > 0 && <RoadsideSteps jobId={offer.job.id} steps={offer.job.nextSteps} />}
        {offer.job && (
          <Link to={`/tickets/${ticket.id}`} data-testid="roadside-ticket-link">
            {t('roadside.offers.open')}
          </Link>
        )}
      </Space>
    </Card>
  );
}

/** The provider's rescue offers on a phone: countdown, accept with an ETA, decline with a reason, then the steps. */
export function ProviderOffers({ onlyUrgent = false }: { onlyUrgent?: boolean }) {
  const { t } = useLocale();
  const offers = useProviderOffers();
  const now = useNow();
  // Above the tabs: only what needs the provider now (an offer to answer, a job with a next step).
  const items = (offers.data?.items ?? []).filter((offer) => !onlyUrgent || offer.status === 'pending' || (offer.job !== null && offer.job.nextSteps.length > 0));
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="roadside-offers">
      {items.length === 0 && !offers.isLoading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('roadside.offers.empty')} />}
      {items.map((offer) => (
        <OfferCard key={offer.id} offer={offer} now={now} />
      ))}
    </Space>
  );
}

// The hotline's rescue alerts ride in this chunk (lazy-roadside-alerts.tsx).
export { RoadsideAlerts } from './RoadsideAlerts';
