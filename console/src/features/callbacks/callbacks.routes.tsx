import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';

// The callback queue (回访): agents and supervisors call customers back after a resolution; QA and admins read it.
// After the ticket queues in the menu, so nobody's home page changes. The page's words load with it.
export const callbacksFeature = defineFeature({
  id: 'callbacks',
  routes: [
    {
      path: 'callbacks',
      ...restrictTo('agent', 'supervisor', 'qa', 'admin'),
      lazy: async () => {
        const [{ CallbackQueuePage }, messages] = await Promise.all([import('./pages/CallbackQueuePage'), import('./callback-messages')]);
        messages.registerCallbackMessages();
        return { Component: CallbackQueuePage };
      },
    },
  ],
  menu: [{ path: '/callbacks', labelKey: 'callbacks.menu', roles: ['agent', 'supervisor', 'qa', 'admin'], order: 25 }],
});
