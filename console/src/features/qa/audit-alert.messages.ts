import { defineMessages } from '../../i18n/messages';

// With the entry: the live audit alert can arrive on any page, and the QA tab and admin section that lead to the audit
// pages are drawn before those load. The audit pages' own words load with them (audit/audit.messages.ts).
export const auditAlertMessages = defineMessages({
  'zh-CN': {
    'audit.alert.title': '审计告警：审计链校验发现 {count} 个问题',
    'audit.alert.titleCheckpoint': '审计告警：校验未通过（检查点与其签名不符）',
    'audit.alert.detail': '工单历史或统计数据可能被改动（{time}）。请立即查看校验结果。',
    'audit.alert.more': '另有 {count} 次校验也发现问题',
    'audit.alert.open': '查看校验结果',
    'qa.tab.audit': '审计校验',
    'admin.section.audit': '审计校验',
  },
  en: {
    'audit.alert.title': 'Audit alert: verification found {count} problems in the audit chain',
    'audit.alert.titleCheckpoint': 'Audit alert: verification failed (a checkpoint does not match its signature)',
    'audit.alert.detail': 'Ticket history or figures may have been altered ({time}). Look at the verification now.',
    'audit.alert.more': '{count} more verifications found problems too',
    'audit.alert.open': 'Open the verification',
    'qa.tab.audit': 'Audit',
    'admin.section.audit': 'Audit',
  },
});
