import { Button, Input, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';

export type LookupBy = 'phone' | 'vin' | 'plate';
export interface LookupRequest {
  by: LookupBy;
  value: string;
}

/** Phone / VIN / plate switch and one input: Enter searches. Autofocused, it is where a call starts. */
export function CallerLookup({ onLookup, loading }: { onLookup: (request: LookupRequest) => void; loading: boolean }) {
  const { t } = useLocale();
  const [by, setBy] = useState<LookupBy>('phone');
  const [value, setValue] = useState('');
  const submit = (raw: string) => {
    const cleaned = by === 'vin' ? raw.trim().toUpperCase() : raw.trim().replace(by === 'phone' ? /[\s-]/g : /\s/g, '');
    if (cleaned) onLookup({ by, value: cleaned });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <Segmented<LookupBy>
        value={by}
        onChange={setBy}
        options={[
          { label: t('workspace.lookup.phone'), value: 'phone' },
          { label: t('workspace.lookup.vin'), value: 'vin' },
          { label: t('workspace.lookup.plate'), value: 'plate' },
        ]}
        data-testid="lookup-mode"
      />
      <Space.Compact style={{ width: '100%' }}>
        <Input
          autoFocus
          allowClear
          size="large"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          onPressEnter={() => submit(value)}
          placeholder={t(`workspace.lookup.placeholder.${by}`)}
          maxLength={by === 'vin' ? 17 : 30}
          inputMode={by === 'phone' ? 'tel' : 'text'}
          data-testid="lookup-input"
          aria-label={t(`workspace.lookup.${by}`)}
        />
        <Button type="primary" size="large" loading={loading} onClick={() => submit(value)} data-testid="lookup-submit">
          {t('common.search')}
        </Button>
      </Space.Compact>
    </Space>
  );
}
