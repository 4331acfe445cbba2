import { Tabs, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useSession } from '../auth/useSession';
import { REPORT_OVERSIGHT } from './reports-access';

/** The reports area: a title, the report and (for oversight) its checkpoints as tabs, the page below. */
export function ReportsLayout() {
  const { t } = useLocale();
  const { user } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const oversight = user !== null && REPORT_OVERSIGHT.includes(user.role);
  const active = pathname.startsWith('/reports/checkpoints') ? 'checkpoints' : 'report';
  return (
    <div data-testid="reports-area">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('reports.title')}
      </Typography.Title>
      {oversight && (
        <Tabs
          activeKey={active}
          onChange={(key) => navigate(key === 'report' ? '/reports' : '/reports/checkpoints')}
          items={(['report', 'checkpoints'] as const).map((key) => ({ key, label: <span data-testid={`reports-tab-${key}`}>{t(`reports.tab.${key}`)}</span> }))}
        />
      )}
      <Outlet />
    </div>
  );
}
