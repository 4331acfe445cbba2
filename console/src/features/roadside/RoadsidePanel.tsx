import { useQuery } from '@tanstack/react-query';
import { Alert, List, Space, Tag, Typography } from 'antd';
import { ticketRoadsideContract } from '@shared/contracts/roadside.contracts';
import { useLocale } from '../../i18n/useLocale';
import { callApi } from '../../lib/api';
import { formatDateTime, nameOf } from '../../lib/format';
import { RoadsideSteps } from './RoadsideSteps';

/** The offered provider's line in the ranking the offer was based on. */
const basisOf = (offer: { dealer: { id: string } | null; ranking: Array<{ dealerId: string; rank: number | null; activeJobs: number; score: number }> }) =>
  offer.ranking.find((entry) => entry.dealerId === offer.dealer?.id) ?? null;

const OFFER_COLORS: Record<string, string> = { pending: 'processing', accepted: 'green', declined: 'red', expired: 'orange', withdrawn: 'default', assigned: 'green' };

/**
 * A roadside ticket's rescue on its page: the job's state and ETA, every offer (the hotline) and the providers weighed
 * with their reasons (distance, load, acceptance, closed now). Refreshed by every live change ('tickets' key prefix).
 */
export function RoadsidePanel({ ticketId }: { ticketId: string }) {
  const { t, locale } = useLocale();
  const rescue = useQuery({
    queryKey: ['tickets', 'roadside', ticketId],
    queryFn: () => callApi(ticketRoadsideContract, { params: { id: ticketId } }),
    retry: false,
  });
  if (!rescue.data) return null;
  const { job, offers, candidates } = rescue.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="roadside-panel" data-status={job.status}>
      {job.status === 'unassigned' && <Alert type="error" showIcon title={t('roadside.unassigned')} data-testid="roadside-unassigned" />}
      {!job.distanceKnown && <Alert type="warning" showIcon title={t('roadside.distanceUnknown')} data-testid="roadside-distance-unknown" />}
      <Space size={6} wrap>
        <Tag color={job.status === 'unassigned' ? 'red' : job.status === 'offering' ? 'processing' : 'green'} data-testid="roadside-status">
          {t(`roadside.status.${job.status}`)}
        </Tag>
        {job.provider && (
          <Typography.Text>
            {t('roadside.provider')}：{nameOf(job.provider, locale)}
          </Typography.Text>
        )}
        {job.etaAt && job.etaMinutes !== null && !job.finishedAt && <Typography.Text type="secondary">{t('roadside.eta', { time: formatDateTime(job.etaAt), n: job.etaMinutes })}</Typography.Text>}
      </Space>
      {job.nextSteps.length > 0 && <RoadsideSteps jobId={job.id} steps={job.nextSteps} />}
      {offers.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('roadside.offers')}</Typography.Text>}
          dataSource={offers}
          renderItem={(offer) => (
            <List.Item data-testid="roadside-offer" data-status={offer.status}>
              <Space size={6} wrap>
                <Typography.Text type="secondary">{t('roadside.round', { n: offer.round })}</Typography.Text>
                <span>{nameOf(offer.dealer, locale)}</span>
                <Tag color={OFFER_COLORS[offer.status]}>{t(`roadside.offer.${offer.status}`)}</Tag>
                {offer.etaMinutes !== null && <Typography.Text>{offer.etaMinutes} min</Typography.Text>}
                {offer.declineReason && <Typography.Text type="secondary">{t(`roadside.decline.${offer.declineReason}`)}{offer.declineText ? `：${offer.declineText}` : ''}</Typography.Text>}
                {basisOf(offer) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="roadside-offer-basis">
                    {t('roadside.basis', { n: basisOf(offer)!.rank ?? '—', load: basisOf(offer)!.activeJobs, score: basisOf(offer)!.score })}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(offer.offeredAt)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      {candidates.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('roadside.candidates')}</Typography.Text>}
          dataSource={candidates}
          renderItem={(candidate) => (
            <List.Item data-testid="roadside-candidate" data-rank={candidate.rank ?? ''}>
              <Space size={6} wrap>
                {candidate.rank !== null ? <Tag color="blue">{t('roadside.rank', { n: candidate.rank })}</Tag> : <Tag>{t(`roadside.skipped.${candidate.skipped}`)}</Tag>}
                <span>{nameOf(candidate.dealer, locale)}</span>
                <Typography.Text type="secondary">
                  {candidate.roadKm !== null ? t('roadside.km', { n: candidate.roadKm }) : t('roadside.kmUnknown')} · {t('roadside.load', { n: candidate.activeJobs })} ·{' '}
                  {candidate.acceptanceRate !== null ? t('roadside.rate', { n: Math.round(candidate.acceptanceRate * 100) }) : t('roadside.rateNone')}
                </Typography.Text>
                {candidate.open24h && <Tag color="purple">{t('roadside.open24h')}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
