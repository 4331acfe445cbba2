/**
 * The mail QA auditors and admins get when a verification finds the audit chain or the figures derived from it broken.
 * zh-CN and en; pure, like the ticket mails.
 */
import type { Locale } from '../errors/app-error';

export interface AuditAlertMailData {
  runId: string;
  at: Date;
  problemCount: number;
  /** A few problems, one line each (ticket number, what broke). */
  lines: string[];
  checkpointError: string | null;
  link: string;
}

const chinaTime = (date: Date) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);

export function renderAuditAlertMail(locale: Locale, data: AuditAlertMailData): { subject: string; text: string } {
  const more = data.problemCount - data.lines.length;
  if (locale === 'en') {
    return {
      subject: `[careline] Audit verification failed: ${data.problemCount} problem${data.problemCount === 1 ? '' : 's'}`,
      text: [
        `The audit verification of ${chinaTime(data.at)} (China time) found the ticket history or figures derived from it altered outside careline.`,
        ...(data.checkpointError ? [`Checkpoint: ${data.checkpointError}`] : []),
        '',
        ...data.lines.map((line) => `- ${line}`),
        ...(more > 0 ? [`… and ${more} more`] : []),
        '',
        `Verification run: ${data.runId}`,
        `Details: ${data.link}`,
      ].join('\n'),
    };
  }
  return {
    subject: `【careline】审计校验未通过：发现 ${data.problemCount} 处问题`,
    text: [
      `${chinaTime(data.at)}（北京时间）的审计校验发现工单历史或由其得出的统计数据在系统之外被改动。`,
      ...(data.checkpointError ? [`检查点：${data.checkpointError}`] : []),
      '',
      ...data.lines.map((line) => `- ${line}`),
      ...(more > 0 ? [`……另有 ${more} 处`] : []),
      '',
      `校验编号：${data.runId}`,
      `详情：${data.link}`,
    ].join('\n'),
  };
}
