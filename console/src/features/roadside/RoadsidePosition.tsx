import { roadsidePositionContract } from '@shared/contracts/roadside.contracts';
import { parseCoordinates } from '@shared/geo/coordinates';
import { useMutation } from '@tanstack/react-query';
import { Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../i18n/useLocale';
import { callApi } from '../../lib/api';
import { formatDateTime } from '../../lib/format';

type Point = { lat: number; lng: number };
type Outcome = { kind: 'sent'; point: Point; at: Date } | { kind: 'failed'; text: string } | null;

/** Where the phone is, once: a denied permission, no fix in time or no geolocation at all each say so. */
function currentPosition(): Promise<Point> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lng: position.coords.longitude }),
      (error) => reject(new Error(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  });
}

/**
 * The provider's "send my position" (phone page, after acceptance): the browser's position posted to the job, told
 * live to the hotline and the customer's tracking page. Without a position (permission denied, no fix) the truck's
 * coordinates can be typed or pasted instead, "lat, lng" or "lng, lat", read as the roadside intake reads them.
 */
export function RoadsidePosition({ jobId }: { jobId: string }) {
  const { t } = useLocale();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [manual, setManual] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: async (point: Point) => {
      await callApi(roadsidePositionContract, { params: { id: jobId }, body: point });
      return point;
    },
    onSuccess: (point) => {
      setOutcome({ kind: 'sent', point, at: new Date() });
      setManual(null);
    },
    onError: (error: Error) => setOutcome({ kind: 'failed', text: error.message }),
  });
  const locate = useMutation({
    mutationFn: currentPosition,
    onSuccess: (point) => send.mutate(point),
    onError: (error: Error) => {
      setOutcome({ kind: 'failed', text: t(`roadside.position.${error.message as 'denied' | 'unavailable' | 'unsupported'}`) });
      setManual((text) => text ?? '');
    },
  });
  const parsed = manual?.trim() ? parseCoordinates(manual) : null;
  return (
    <Space direction="vertical" size={6} style={{ width: '100%' }} data-testid="roadside-position">
      <Space wrap size={8}>
        <Button size="large" loading={locate.isPending || send.isPending} onClick={() => locate.mutate()} data-testid="roadside-send-position">
          {t('roadside.position.send')}
        </Button>
        {manual === null && (
          <Typography.Link onClick={() => setManual('')} data-testid="roadside-position-type">
            {t('roadside.position.type')}
          </Typography.Link>
        )}
      </Space>
      {manual !== null && (
        <Space wrap size={8}>
          <Input
            size="large"
            value={manual}
            onChange={(event) => setManual(event.target.value)}
            placeholder="30.2741, 120.1551"
            inputMode="decimal"
            style={{ width: 220 }}
            aria-label={t('roadside.position.manual')}
            status={parsed && !parsed.ok ? 'error' : undefined}
            data-testid="roadside-position-manual"
          />
          <Button size="large" type="primary" disabled={!parsed?.ok} loading={send.isPending} onClick={() => parsed?.ok && send.mutate({ lat: parsed.lat, lng: parsed.lng })} data-testid="roadside-position-manual-send">
            {t('roadside.position.manualSend')}
          </Button>
        </Space>
      )}
      {parsed && !parsed.ok && <Typography.Text type="danger">{t(`roadside.position.${parsed.reason}`)}</Typography.Text>}
      {outcome && (
        <Typography.Text type={outcome.kind === 'sent' ? 'success' : 'danger'} data-testid="roadside-position-outcome" data-outcome={outcome.kind}>
          {outcome.kind === 'sent'
            ? t('roadside.position.sent', { lat: outcome.point.lat.toFixed(5), lng: outcome.point.lng.toFixed(5), time: formatDateTime(outcome.at) })
            : outcome.text}
        </Typography.Text>
      )}
    </Space>
  );
}
