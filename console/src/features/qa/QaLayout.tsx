import { Tabs, Typography } from 'antd';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { Role } from '@careline/shared';
import { useLocale } from '../../i18n/useLocale';
import { useSession } from '../auth/useSession';

/** The QA area's tabs and who sees each (the API's access: samples and reviews QA and admins; scores and cards supervisors too). */
const QA_TABS: ReadonlyArray<{ key: string; labelKey: string; roles: readonly Role[] }> = [
  { key: 'reviews', labelKey: 'qa.tab.reviews', roles: ['qa', 'admin'] },
  { key: 'sample', labelKey: 'qa.tab.sample', roles: ['qa', 'admin'] },
  { key: 'scores', labelKey: 'qa.tab.scores', roles: ['qa', 'admin', 'supervisor'] },
  { key: 'scorecards', labelKey: 'qa.tab.scorecards', roles: ['qa', 'admin', 'supervisor'] },
  { key: 'audit', labelKey: 'qa.tab.audit', roles: ['qa', 'admin'] },
];

export function qaTabsFor(role: Role) {
  return QA_TABS.filter((tab) => tab.roles.includes(role));
}

/** `/qa`: the reader's first tab. */
export function QaIndexRedirect() {
  const { user } = useSession();
  if (!user) return null;
  return <Navigate to={`/qa/${qaTabsFor(user.role)[0]?.key ?? 'scores'}`} replace />;
}

/** The QA area (质检): a title and the tabs the role may open, the page below. */
export function QaLayout() {
  const { t } = useLocale();
  const { user } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = pathname.split('/')[2] ?? '';
  const tabs = user ? qaTabsFor(user.role) : [];
  return (
    <div data-testid="qa-area">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('qa.title')}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/qa/${key}`)}
        items={tabs.map((tab) => ({ key: tab.key, label: <span data-testid={`qa-tab-${tab.key}`}>{t(tab.labelKey)}</span> }))}
      />
      <Outlet />
    </div>
  );
}
