import { Tag } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import type { KbAudience, KbStatus } from '../kb-api';

const STATUS_COLORS: Record<KbStatus, string> = { draft: 'gold', published: 'green', archived: 'default' };

export function KbStatusTag({ status }: { status: KbStatus }) {
  const { t } = useLocale();
  return (
    <Tag color={STATUS_COLORS[status]} bordered={false} data-testid="kb-status" data-status={status}>
      {t(`kb.status.${status}`)}
    </Tag>
  );
}

export function KbAudienceTag({ audience }: { audience: KbAudience }) {
  const { t } = useLocale();
  return (
    <Tag color={audience === 'everyone' ? 'blue' : 'purple'} bordered={false} data-testid="kb-audience" data-audience={audience}>
      {t(`kb.audience.${audience}`)}
    </Tag>
  );
}

/** "2019–2023", "2019–", "–2023", or every year. */
export function yearRange(article: { yearFrom: number | null; yearTo: number | null }, all: string): string {
  if (article.yearFrom === null && article.yearTo === null) return all;
  if (article.yearFrom === article.yearTo) return String(article.yearFrom);
  return `${article.yearFrom ?? ''}–${article.yearTo ?? ''}`;
}
