import { satisfactionLevel } from '@shared/callbacks/callback-rules';
import { Tag } from 'antd';
import { useLocale } from '../../../i18n/useLocale';

const COLORS = { unhappy: 'red', neutral: 'default', satisfied: 'green' } as const;

/** A 1–5 satisfaction score with its words, coloured by the shared thresholds (unhappy reopens, satisfied counts). */
export function SatisfactionTag({ satisfaction }: { satisfaction: number }) {
  const { t } = useLocale();
  return (
    <Tag color={COLORS[satisfactionLevel(satisfaction)]}>
      {satisfaction}/5 {t(`satisfaction.${satisfaction}`)}
    </Tag>
  );
}
