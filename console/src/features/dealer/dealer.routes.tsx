import { defineFeature, restrictTo } from '../../app/feature-registry';
import { registerMessages } from '../../i18n/registry';

export const dealerFeature = defineFeature({
  id: 'dealer',
  routes: [
    {
      path: 'dealer',
      ...restrictTo('dealer_user', 'dealer_manager'),
      lazy: async () => {
        // The portal's new-vehicle calls tab uses the callback pages' words.
        // The rescue offers' words too (their card's title and alerts, before the offers' chunk loads).
        const [{ DealerPortalPage }, messages, { roadsidePanelMessages }, { dealerPageMessages }] = await Promise.all([
          import('./DealerPortalPage'),
          import('../callbacks/callback-messages'),
          import('../roadside/roadside-panel-words'),
          import('./dealer-page-words'),
        ]);
        registerMessages(roadsidePanelMessages);
        registerMessages(dealerPageMessages);
        messages.registerCallbackMessages();
        return { Component: DealerPortalPage };
      },
    },
  ],
  menu: [{ path: '/dealer', labelKey: 'dealer.menu', roles: ['dealer_user', 'dealer_manager'], order: 10 }],
});
