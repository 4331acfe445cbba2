import { defineMessages } from '../../i18n/messages';

/** The department words the first bundle needs (its menu entry); the page's own in department-page-words.ts, loaded with it. */
export const departmentMessages = defineMessages({
  'zh-CN': {
    'department.menu': '部门工单',
  },
  en: {
    'department.menu': 'Department',
  },
});
