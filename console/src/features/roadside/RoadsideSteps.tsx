import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Space } from 'antd';
import { useState } from 'react';
import type { RoadsideProgressStatus } from '@shared/roadside/roadside-vocabulary';
import { roadsideProgressContract } from '@shared/contracts/roadside.contracts';
import { useLocale } from '../../i18n/useLocale';
import { callApi } from '../../lib/api';

/** The provider's next-step buttons (big, for a phone): en route asks the ETA; the server enforces the order. */
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
    <Space wrap size={8} data-testid="roadside-steps">
      {steps.includes('en_route') && (
        <Input
          type="number"
          min={1}
          max={1440}
          value={eta ?? ''}
          onChange={(event) => setEta(event.target.value === '' ? null : Number(event.target.value))}
          suffix="min"
          size="large"
          style={{ width: 130 }}
          aria-label={t('roadside.offers.eta')}
          data-testid="roadside-step-eta"
        />
      )}
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
  );
}
