import { defineMessages } from '../../i18n/messages';

/** The dealer words the first bundle needs (its menu entry); the page's own in dealer-page-words.ts, loaded with it. */
export const dealerMessages = defineMessages({
  'zh-CN': {
    'dealer.menu': '经销商工作台',
  },
  en: {
    'dealer.menu': 'Dealer portal',
  },
});
