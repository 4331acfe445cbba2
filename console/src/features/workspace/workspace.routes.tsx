import { registerMessages } from '../../i18n/registry';
import { defineFeature, restrictTo } from '../../app/feature-registry';

export const workspaceFeature = defineFeature({
  id: 'workspace',
  routes: [
    {
      path: 'workspace',
      ...restrictTo('agent', 'supervisor'),
      lazy: async () => {
        const [{ WorkspacePage }, { workspacePageMessages }] = await Promise.all([import('./WorkspacePage'), import('./workspace-page-words')]);
        registerMessages(workspacePageMessages);
        return { Component: WorkspacePage };
      },
    },
  ],
  menu: [{ path: '/workspace', labelKey: 'workspace.menu', roles: ['agent', 'supervisor'], order: 10 }],
});
