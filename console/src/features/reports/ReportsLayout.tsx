import { Tabs, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useSession } from '../auth/useSession';
import { REPORT_OVERSIGHT, ROADSIDE_FIGURE_READERS } from './reports-access';

/**
 * The reports area: a title, the report, the roadside figures (oversight and dealers) and (for oversight) the
 * checkpoints as tabs, the page below.
 */
export function ReportsLayout() {
  const { t } = useLocale();
  const { user } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const oversight = user !== null && REPORT_OVERSIGHT.includes(user.role);
  const roadside = user !== null && ROADSIDE_FIGURE_READERS.includes(user.role);
  const tabs = (['report', 'roadside', 'checkpoints'] as const).filter((key) => key === 'report' || (key === 'roadside' ? roadside : oversight));
  const active = pathname.startsWith('/reports/checkpoints') ? 'checkpoints' : pathname.startsWith('/reports/roadside') ? 'roadside' : 'report';
  return (
    <div data-testid="reports-area">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('reports.title')}
      </Typography.Title>
      {tabs.length > 1 && (
        <Tabs
          activeKey={active}
          onChange={(key) => navigate(key === 'report' ? '/reports' : `/reports/${key}`)}
          items={tabs.map((key) => ({ key, label: <span data-testid={`reports-tab-${key}`}>{t(`reports.tab.${key}`)}</span> }))}
        />
      )}
      <Outlet />
    </div>
  );
}
