import { defineFeature, restrictTo } from '../../app/feature-registry';

export const dealerFeature = defineFeature({
  id: 'dealer',
  routes: [
    {
      path: 'dealer',
      ...restrictTo('dealer_user', 'dealer_manager'),
      lazy: async () => {
        // The portal's new-vehicle calls tab uses the callback pages' words.
        const [{ DealerPortalPage }, messages] = await Promise.all([import('./DealerPortalPage'), import('../callbacks/callback-messages')]);
        messages.registerCallbackMessages();
        return { Component: DealerPortalPage };
      },
    },
  ],
  menu: [{ path: '/dealer', labelKey: 'dealer.menu', roles: ['dealer_user', 'dealer_manager'], order: 10 }],
});
