import { Segmented, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { AuditCheckpointsPanel } from '../audit/AuditCheckpointsPanel';
import { AuditRunsPanel } from '../audit/AuditRunsPanel';

const VIEWS = ['runs', 'checkpoints'] as const;
type AuditView = (typeof VIEWS)[number];

/**
 * The audit page (审计校验; QA and admins, in the QA area and in Administration): the verification runs with "verify
 * now", or the signed checkpoints and the public key. The view is in the URL (`?view=checkpoints`) so either can be
 * linked and reloaded.
 */
export function AuditPage() {
  const { t } = useLocale();
  const [search, setSearch] = useSearchParams();
  const view: AuditView = search.get('view') === 'checkpoints' ? 'checkpoints' : 'runs';
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="audit-page" data-view={view}>
      <Typography.Text type="secondary">{t('audit.explained')}</Typography.Text>
      <Segmented<AuditView>
        value={view}
        onChange={(next) => setSearch(next === 'runs' ? {} : { view: next }, { replace: true })}
        options={VIEWS.map((key) => ({ value: key, label: <span data-testid={`audit-view-${key}`}>{t(`audit.view.${key}`)}</span> }))}
      />
      {view === 'runs' ? <AuditRunsPanel /> : <AuditCheckpointsPanel />}
    </Space>
  );
}
