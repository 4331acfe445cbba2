import { defineFeature, restrictTo } from '../../app/feature-registry';
import { loadImportsPage } from './load-imports-page';

// Data import (issue 13): one lazy page, its words registered with it. The hotline's data team finds it in the menu;
// a dealer's staff in the portal's import tab (the same page's chunk, see dealer/lazy-dealer-tabs.tsx).
export const importsFeature = defineFeature({
  id: 'imports',
  routes: [
    {
      path: 'imports',
      ...restrictTo('supervisor', 'admin', 'dealer_user', 'dealer_manager'),
      lazy: async () => ({ Component: await loadImportsPage() }),
    },
  ],
  menu: [{ path: '/imports', labelKey: 'imports.menu', roles: ['supervisor', 'admin'], order: 80 }],
});
