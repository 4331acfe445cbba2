import { defineMessages } from '../../../i18n/messages';

// The live alert's words, loaded with the banner (QA and admins only); the audit pages' are in audit.messages.ts.
export const auditAlertMessages = defineMessages({
  'zh-CN': {
    'audit.alert.title': '审计告警：审计链校验发现 {count} 个问题',
    'audit.alert.titleCheckpoint': '审计告警：校验未通过（检查点与其签名不符）',
    'audit.alert.detail': '工单历史或统计数据可能被改动（{time}）。请立即查看校验结果。',
    'audit.alert.more': '另有 {count} 次校验也发现问题',
    'audit.alert.open': '查看校验结果',
  },
  en: {
    'audit.alert.title': 'Audit alert: verification found problems in the audit chain ({count})',
    'audit.alert.titleCheckpoint': 'Audit alert: verification failed (a checkpoint does not match its signature)',
    'audit.alert.detail': 'Ticket history or figures may have been altered ({time}). Look at the verification now.',
    'audit.alert.more': 'Earlier verifications that found problems too: {count}',
    'audit.alert.open': 'Open the verification',
  },
});
