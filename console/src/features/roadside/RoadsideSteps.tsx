import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Space } from 'antd';
import { useState } from 'react';
import type { RoadsideProgressStatus } from '@shared/roadside/roadside-vocabulary';
import { roadsideProgressContract } from '@shared/contracts/roadside.contracts';
import { useLocale } from '../../i18n/useLocale';
import { callApi } from '../../lib/api';
import { RoadsidePosition } from './RoadsidePosition';

/** An ETA in minutes, phone-sized (accepting an offer, setting off). */
export function EtaInput({ value, onChange, testId }: { value: number | null; onChange: (minutes: number | null) => void; testId: string }) {
  const { t } = useLocale();
  return (
    <Input
      type="number"
      min={1}
      max={1440}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value === '' ? null : Number(event.target.value))}
      suffix="min"
      size="large"
      style={{ width: 130 }}
      aria-label={t('roadside.offers.eta')}
      data-testid={testId}
    />
  );
}

/**
 * The provider's next-step buttons (big, for a phone): en route asks the ETA; the server enforces the order. Below them,
 * sending the truck's position between steps.
 */
export function RoadsideSteps({ jobId, steps }: { jobId: string; steps: readonly RoadsideProgressStatus[] }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [eta, setEta] = useState<number | null>(30);
  const step = useMutation({
    mutationFn: (status: RoadsideProgressStatus) =>
      callApi(roadsideProgressContract, { params: { id: jobId }, body: { status, ...(status === 'en_route' && eta ? { etaMinutes: eta } : {}) } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tickets'] }),
    onError: (error: Error) => message.error(error.message),
  });
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap size={8} data-testid="roadside-steps">
        {steps.includes('en_route') && <EtaInput value={eta} onChange={setEta} testId="roadside-step-eta" />}
        {steps.map((status) => (
          <Button
            key={status}
            size="large"
            type={status === 'cancelled' || status === 'gone_on_arrival' ? 'default' : 'primary'}
            danger={status === 'cancelled'}
            loading={step.isPending && step.variables === status}
            onClick={() => step.mutate(status)}
            data-testid={`roadside-step-${status}`}
          >
            {t(`roadside.step.${status}`)}
          </Button>
        ))}
      </Space>
      <RoadsidePosition jobId={jobId} />
    </Space>
  );
}
