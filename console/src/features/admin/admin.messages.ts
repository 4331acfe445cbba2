import { defineMessages } from '../../i18n/messages';

// Only what shows before the admin section is opened (its menu entry); the pages' words load with the section.
export const adminMessages = defineMessages({
  'zh-CN': {
    'admin.menu': '系统管理',
  },
  en: {
    'admin.menu': 'Administration',
  },
});
