import { lazy } from 'react';
import { registerMessages } from '../../i18n/registry';

/**
 * The hotline queues' rescue alerts (switch, beep, notification), off the queues' first route: they ride in the
 * provider's offers chunk, with the rescue panels' words. A chunk of their own, or importing lazy-roadside.tsx from
 * the queues, regrouped the first routes' shared code (+0.4 to +2.6 KB on each).
 */
export const LazyRoadsideAlerts = lazy(async () => {
  const [module, words] = await Promise.all([import('./ProviderOffers'), import('./roadside-panel-words')]);
  registerMessages(words.roadsidePanelMessages);
  return { default: module.RoadsideAlerts };
});
