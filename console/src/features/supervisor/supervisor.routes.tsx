import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';

// The supervisor board: one lazy page (its own chunk), its words registered with it.
export const supervisorFeature = defineFeature({
  id: 'supervisor',
  routes: [
    {
      path: 'supervisor',
      ...restrictTo('supervisor', 'admin'),
      lazy: async () => {
        const [{ SupervisorPage }, { supervisorPageMessages }] = await Promise.all([import('./SupervisorPage'), import('./supervisor-page-words')]);
        registerMessages(supervisorPageMessages);
        return { Component: SupervisorPage };
      },
    },
  ],
  menu: [{ path: '/supervisor', labelKey: 'supervisor.menu', roles: ['supervisor', 'admin'], order: 30 }],
});
