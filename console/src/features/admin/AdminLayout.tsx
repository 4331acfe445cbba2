import { Card, Tabs } from 'antd';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useSession } from '../auth/useSession';
import { ADMIN_SECTIONS } from './admin-sections';


/** Whether the signed-in user may change things here (supervisors read only). */
export function useCanEdit(): boolean {
  return useSession().user?.role === 'admin';
}

export function AdminLayout() {
  const { t } = useLocale();
  const { user } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const sections = ADMIN_SECTIONS.filter((section) => user && section.roles.includes(user.role));
  const active = location.pathname.split('/')[2] ?? '';
  return (
    <Card size="small" title={t('admin.menu')} styles={{ body: { paddingTop: 0 } }}>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/admin/${key}`)}
        items={sections.map((section) => ({ key: section.key, label: <span data-testid={`admin-tab-${section.key}`}>{t(`admin.section.${section.key}`)}</span> }))}
      />
      {sections.some((section) => section.key === active) || active === '' ? <Outlet /> : <Navigate to="/admin" replace />}
    </Card>
  );
}

/** The first section the user may open (routing for admins and supervisors, the history for QA). */
export function AdminHome() {
  const { user } = useSession();
  const first = ADMIN_SECTIONS.find((section) => user && section.roles.includes(user.role));
  return <Navigate to={`/admin/${first?.key ?? 'routing'}`} replace />;
}
