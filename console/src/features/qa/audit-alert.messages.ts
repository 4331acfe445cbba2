import { defineMessages } from '../../i18n/messages';

// With the entry: the live audit alert can arrive on any page, and the QA tab and admin section that lead to the audit
// pages are drawn before those load. The audit pages' own words load with them (audit/audit.messages.ts).
export const auditAlertMessages = defineMessages({
  'zh-CN': {
    'audit.alert.title': '审计告警：校验发现 {count} 个问题，工单历史或数据可能被改动',
    'audit.alert.titleCheckpoint': '审计告警：校验未通过（检查点签名不符）',
    'audit.alert.open': '查看校验结果',
    'qa.tab.audit': '审计校验',
    'admin.section.audit': '审计校验',
  },
  en: {
    'audit.alert.title': 'Audit alert: verification found problems ({count}); history or figures may have been altered',
    'audit.alert.titleCheckpoint': 'Audit alert: verification failed (a checkpoint’s signature does not match)',
    'audit.alert.open': 'Open the verification',
    'qa.tab.audit': 'Audit',
    'admin.section.audit': 'Audit',
  },
});
