import { Tag } from 'antd';
import { useLocale } from '../../../i18n/useLocale';

/** A run's verdict: passed (green) or problems found (red). */
export function AuditStatusTag({ ok }: { ok: boolean }) {
  const { t } = useLocale();
  return (
    <Tag color={ok ? 'success' : 'error'} data-testid="audit-run-status" data-ok={ok}>
      {t(ok ? 'audit.status.ok' : 'audit.status.broken')}
    </Tag>
  );
}
