import { defineMessages } from '../../i18n/messages';

// With the entry: the QA tab and the admin section that lead to the audit pages are drawn before those pages load.
export const auditTabMessages = defineMessages({
  'zh-CN': {
    'qa.tab.audit': '审计校验',
    'admin.section.audit': '审计校验',
  },
  en: {
    'qa.tab.audit': 'Audit',
    'admin.section.audit': 'Audit',
  },
});
