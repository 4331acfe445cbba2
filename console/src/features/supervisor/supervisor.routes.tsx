import { defineFeature, restrictTo } from '../../app/feature-registry';

// The supervisor board: one lazy page (its own chunk).
export const supervisorFeature = defineFeature({
  id: 'supervisor',
  routes: [{ path: 'supervisor', ...restrictTo('supervisor', 'admin'), lazy: async () => ({ Component: (await import('./SupervisorPage')).SupervisorPage }) }],
  menu: [{ path: '/supervisor', labelKey: 'supervisor.menu', roles: ['supervisor', 'admin'], order: 30 }],
});
