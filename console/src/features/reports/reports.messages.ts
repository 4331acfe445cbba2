import { defineMessages } from '../../i18n/messages';

// With the entry: the menu label only. The report pages' own words load with them (pages/reports-pages.messages.ts).
export const reportsMessages = defineMessages({
  'zh-CN': { 'reports.menu': '时效报表' },
  en: { 'reports.menu': 'Reports' },
});
