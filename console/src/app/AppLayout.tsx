import { Badge, Button, Dropdown, Grid, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Outlet, useLocation, useMatches, useNavigate, useNavigation } from 'react-router';
import type { SessionUser } from '../features/auth/useSession';
import { useSignOut } from '../features/auth/useSession';
import { AuditAlertBanner, hearsAuditAlerts } from '../features/qa/audit/AuditAlertBanner';
import { useLocale } from '../i18n/useLocale';
import { useRealtimeStatus } from '../lib/realtime';
import { Problem } from './ErrorPage';
import { allowedRoles, menuFor } from './feature-registry';
import { LanguageSwitch } from './LanguageSwitch';
import { PageLoading } from './PageLoading';

function RealtimeIndicator({ compact }: { compact: boolean }) {
  const { t } = useLocale();
  const connected = useRealtimeStatus();
  return (
    <Tooltip title={connected ? t('realtime.connected') : t('realtime.disconnected')}>
      <span data-testid="realtime-status" data-connected={connected} style={{ whiteSpace: 'nowrap' }}>
        <Badge
          status={connected ? 'success' : 'default'}
          text={compact ? undefined : <span style={{ color: 'rgba(255,255,255,0.85)' }}>{connected ? t('realtime.connected') : t('realtime.offline')}</span>}
        />
      </span>
    </Tooltip>
  );
}

/** The signed-in frame: side menu from the role, header with live status, language and the user. */
export function AppLayout({ user }: { user: SessionUser }) {
  const { t } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const signOut = useSignOut();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [collapsed, setCollapsed] = useState(narrow);
  useEffect(() => setCollapsed(narrow), [narrow]);

  const entries = menuFor(user.role);
  const allowed = allowedRoles(useMatches());
  const mayUse = allowed === null || allowed.includes(user.role);
  const selected = entries
    .filter((entry) => location.pathname === entry.path || location.pathname.startsWith(`${entry.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: narrow ? 12 : 24, background: '#0f2747', position: 'sticky', top: 0, zIndex: 20 }}>
        {narrow && (
          <Button type="text" aria-label="menu" onClick={() => setCollapsed((value) => !value)} style={{ color: '#fff', fontSize: 18 }} data-testid="menu-toggle">
            ☰
          </Button>
        )}
        <Typography.Text strong style={{ color: '#fff', fontSize: 17, whiteSpace: 'nowrap' }}>
          {narrow ? t('app.shortName') : t('app.name')}
        </Typography.Text>
        <div style={{ flex: 1, minWidth: 0 }} />
        <Space size={narrow ? 8 : 16}>
          <RealtimeIndicator compact={narrow} />
          <LanguageSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'role', label: t(`role.${user.role}`), disabled: true },
                { type: 'divider' },
                { key: 'account', label: t('auth.account.menu') },
                { key: 'sign-out', label: t('auth.signOut'), danger: true },
              ],
              onClick: ({ key }) => {
                if (key === 'account') navigate('/account');
                if (key === 'sign-out') signOut.mutate(undefined, { onSuccess: () => navigate('/login', { replace: true }) });
              },
            }}
          >
            <Button type="text" style={{ color: '#fff', maxWidth: narrow ? 96 : 320, paddingInline: narrow ? 4 : undefined }} data-testid="user-menu" title={user.name}>
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{user.name}</span>
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          theme="light"
          width={200}
          collapsible
          collapsed={collapsed}
          collapsedWidth={0}
          trigger={null}
          style={narrow ? { position: 'fixed', top: 64, bottom: 0, left: 0, zIndex: 19, boxShadow: collapsed ? 'none' : '2px 0 8px rgba(0,0,0,0.15)' } : // Stays in view while a long page (the workspace form, a timeline) scrolls under the sticky header.
                { borderRight: '1px solid #f0f0f0', position: 'sticky', top: 64, height: 'calc(100vh - 64px)', overflow: 'auto', alignSelf: 'flex-start' }}
        >
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            style={{ borderInlineEnd: 'none', paddingTop: 8 }}
            items={entries.map((entry) => ({ key: entry.path, label: t(entry.labelKey), 'data-testid': `menu-${entry.path.slice(1).replace(/\//g, '-')}` }))}
            onClick={({ key }) => {
              navigate(key);
              if (narrow) setCollapsed(true);
            }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: narrow ? 8 : 20, minWidth: 0 }}>
          {navigation.state === 'loading' && <div className="careline-loading-bar" role="progressbar" aria-busy="true" />}
          {hearsAuditAlerts(user.role) && <AuditAlertBanner />}
          <Suspense fallback={<PageLoading />}>
            {mayUse ? <Outlet /> : <Problem title={t('common.noAccess')} detail={t('common.noAccessDetail')} />}
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
