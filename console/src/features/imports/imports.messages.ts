import { defineMessages } from '../../i18n/messages';

/** In the entry: the menu label only. The page's words are in import-page-words.ts, registered by its route. */
export const importsMessages = defineMessages({
  'zh-CN': { 'imports.menu': '数据导入' },
  en: { 'imports.menu': 'Data import' },
});
