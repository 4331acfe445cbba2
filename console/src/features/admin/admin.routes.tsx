import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';
import { loadAuditPages } from '../qa/audit/load-audit-pages';
import { ADMIN_ROLES, sectionRoles } from './admin-sections';

// Administration: a layout with one lazy page per section (each its own chunk). Supervisors read the sections the
// API lets them read (routing rules, SLA policies, calendars, dealers' notification settings, the configuration
// history); QA reads the history only.
export const adminFeature = defineFeature({
  id: 'admin',
  routes: [
    {
      path: 'admin',
      ...restrictTo(...ADMIN_ROLES),
      lazy: async () => {
        const [{ AdminLayout }, { adminPageMessages }] = await Promise.all([import('./AdminLayout'), import('./pages/admin-pages.messages')]);
        registerMessages(adminPageMessages);
        return { Component: AdminLayout };
      },
      children: [
        { index: true, lazy: async () => ({ Component: (await import('./AdminLayout')).AdminHome }) },
        { path: 'routing', ...restrictTo(...sectionRoles('routing')), lazy: async () => ({ Component: (await import('./pages/RoutingRulesPage')).RoutingRulesPage }) },
        { path: 'sla', ...restrictTo(...sectionRoles('sla')), lazy: async () => ({ Component: (await import('./pages/SlaPoliciesPage')).SlaPoliciesPage }) },
        { path: 'roadside', ...restrictTo(...sectionRoles('roadside')), lazy: async () => ({ Component: (await import('./pages/SlaPoliciesPage')).RoadsideSettingsPage }) },
        { path: 'calendars', ...restrictTo(...sectionRoles('calendars')), lazy: async () => ({ Component: (await import('./pages/CalendarsPage')).CalendarsPage }) },
        { path: 'dealers', ...restrictTo(...sectionRoles('dealers')), lazy: async () => ({ Component: (await import('./pages/DealersPage')).DealersPage }) },
        { path: 'users', ...restrictTo(...sectionRoles('users')), lazy: async () => ({ Component: (await import('./pages/UsersPage')).UsersPage }) },
        { path: 'categories', ...restrictTo(...sectionRoles('categories')), lazy: async () => ({ Component: (await import('./pages/CategoriesPage')).CategoriesPage }) },
        { path: 'departments', ...restrictTo(...sectionRoles('departments')), lazy: async () => ({ Component: (await import('./pages/DepartmentsPage')).DepartmentsPage }) },
        { path: 'api-keys', ...restrictTo(...sectionRoles('api-keys')), lazy: async () => ({ Component: (await import('./pages/ApiKeysPage')).ApiKeysPage }) },
        { path: 'callback-reasons', ...restrictTo(...sectionRoles('callback-reasons')), lazy: async () => ({ Component: (await import('./pages/CallbackReasonsPage')).CallbackReasonsPage }) },
        { path: 'notifications', ...restrictTo(...sectionRoles('notifications')), lazy: async () => ({ Component: (await import('./pages/NotificationsPage')).NotificationsPage }) },
        { path: 'audit', ...restrictTo(...sectionRoles('audit')), lazy: async () => ({ Component: (await loadAuditPages()).AuditPage }) },
        // The page registers its own words when its chunk loads.
        { path: 'assist', ...restrictTo(...sectionRoles('assist')), lazy: async () => ({ Component: (await import('./pages/AssistModelsPage')).AssistModelsPage }) },
        {
          path: 'history',
          ...restrictTo(...sectionRoles('history')),
          lazy: async () => {
            const [{ ConfigHistoryPage }, { configHistoryMessages }] = await Promise.all([import('./pages/ConfigHistoryPage'), import('./pages/config-history.messages')]);
            registerMessages(configHistoryMessages);
            return { Component: ConfigHistoryPage };
          },
        },
      ],
    },
  ],
  menu: [{ path: '/admin', labelKey: 'admin.menu', roles: ADMIN_ROLES, order: 90 }],
});
