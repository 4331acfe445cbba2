import { registerMessages } from '../../i18n/registry';
import { campaignMessages } from './campaign-words';
import { callbackQueueMessages } from './pages/callback-queue.messages';

/** The callback pages' words (queue, drawer, campaign calls), for every route that shows them: loaded with the route. */
export function registerCallbackMessages(): void {
  registerMessages(callbackQueueMessages);
  registerMessages(campaignMessages);
}
