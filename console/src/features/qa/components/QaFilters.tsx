import { Select } from 'antd';
import { useMemo } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { nameOf } from '../../../lib/format';
import { useDealers } from '../../tickets/hooks/useReference';
import { recentMonths } from '../qa.types';

/** A month of the last two years, newest first (China time, as the API counts months). */
export function MonthSelect({ value, onChange, allowClear, testId }: { value?: string; onChange?: (month: string | undefined) => void; allowClear?: boolean; testId: string }) {
  const { t } = useLocale();
  const months = useMemo(() => recentMonths(24), []);
  return (
    <Select
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      placeholder={t('qa.filter.anyMonth')}
      style={{ width: 140 }}
      options={months.map((month) => ({ value: month, label: month, title: month }))}
      data-testid={testId}
    />
  );
}

/** Active dealers by name in the reader's language (searchable); one, or several with `multiple`. */
export function DealerSelect({
  value,
  onChange,
  multiple,
  testId,
}: {
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  testId: string;
}) {
  const { t, locale } = useLocale();
  const dealers = useDealers();
  return (
    <Select
      value={value}
      onChange={onChange}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('qa.filter.anyDealer')}
      loading={dealers.isLoading}
      style={{ minWidth: 220, maxWidth: 480 }}
      options={(dealers.data ?? []).map((dealer) => ({ value: dealer.id, label: `${nameOf(dealer, locale)} (${dealer.code})`, title: dealer.code }))}
      data-testid={testId}
    />
  );
}
