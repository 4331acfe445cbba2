import { defineFeature } from '../../app/feature-registry';

// The supervisor board: one lazy page (its own chunk).
export const supervisorFeature = defineFeature({
  id: 'supervisor',
  routes: [{ path: 'supervisor', lazy: async () => ({ Component: (await import('./SupervisorPage')).SupervisorPage }) }],
  menu: [{ path: '/supervisor', labelKey: 'supervisor.menu', roles: ['supervisor', 'admin'], order: 30 }],
});
