import { defineFeature } from '../../app/feature-registry';

export const workspaceFeature = defineFeature({
  id: 'workspace',
  routes: [{ path: 'workspace', lazy: async () => ({ Component: (await import('./WorkspacePage')).WorkspacePage }) }],
  menu: [{ path: '/workspace', labelKey: 'workspace.menu', roles: ['agent', 'supervisor'], order: 10 }],
});
