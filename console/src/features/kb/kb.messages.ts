import { defineMessages } from '../../i18n/messages';

/** In the entry: the menu label only. The pages' words are in kb-page-words.ts, registered when the KB chunk loads. */
export const kbMessages = defineMessages({
  'zh-CN': { 'kb.menu': '知识库' },
  en: { 'kb.menu': 'Knowledge base' },
});
