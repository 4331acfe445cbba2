import { defineFeature, restrictTo } from '../../app/feature-registry';

export const workspaceFeature = defineFeature({
  id: 'workspace',
  routes: [{ path: 'workspace', ...restrictTo('agent', 'supervisor'), lazy: async () => ({ Component: (await import('./WorkspacePage')).WorkspacePage }) }],
  menu: [{ path: '/workspace', labelKey: 'workspace.menu', roles: ['agent', 'supervisor'], order: 10 }],
});
