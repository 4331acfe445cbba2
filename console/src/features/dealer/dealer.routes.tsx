import { defineFeature, restrictTo } from '../../app/feature-registry';

export const dealerFeature = defineFeature({
  id: 'dealer',
  routes: [{ path: 'dealer', ...restrictTo('dealer_user', 'dealer_manager'), lazy: async () => ({ Component: (await import('./DealerPortalPage')).DealerPortalPage }) }],
  menu: [{ path: '/dealer', labelKey: 'dealer.menu', roles: ['dealer_user', 'dealer_manager'], order: 10 }],
});
