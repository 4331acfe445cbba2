/**
 * Mail texts in zh-CN and en. Pure: the worker fills them from the ticket and sends them; tests read them back.
 * Every mail names the ticket number and links back to the ticket.
 */
import type { Locale } from '../errors/app-error';

export const MAIL_KINDS = ['dispatched', 'rerouted', 'sla_warning', 'sla_breached'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface TicketMailData {
  number: string;
  type: string;
  priority: string;
  subject: string;
  partyName: string;
  acknowledgeDueAt: Date | null;
  link: string;
  reason?: string | null;
  /** For SLA mail: which clock and when it is (was) due. */
  clock?: string;
  dueAt?: Date | null;
}

const CLOCK_NAMES: Record<string, { zh: string; en: string }> = {
  acknowledge: { zh: '接单', en: 'acknowledge' },
  first_contact: { zh: '首次联系客户', en: 'first customer contact' },
  resolve: { zh: '处理完毕', en: 'resolve' },
};

const TYPE_NAMES: Record<string, { zh: string; en: string }> = {
  enquiry: { zh: '咨询', en: 'Enquiry' },
  complaint: { zh: '投诉', en: 'Complaint' },
  roadside: { zh: '道路救援', en: 'Roadside assistance' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  praise: { zh: '表扬', en: 'Praise' },
  lead: { zh: '销售线索', en: 'Sales lead' },
};

const chinaTime = (date: Date) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);

export function renderTicketMail(kind: MailKind, locale: Locale, data: TicketMailData): { subject: string; text: string } {
  const type = TYPE_NAMES[data.type] ?? { zh: data.type, en: data.type };
  if (kind === 'sla_warning' || kind === 'sla_breached') return renderSlaMail(kind, locale, data, type);
  const due = data.acknowledgeDueAt ? chinaTime(data.acknowledgeDueAt) : null;
  if (locale === 'en') {
    const lines =
      kind === 'dispatched'
        ? [`A ${type.en.toLowerCase()} has been dispatched to ${data.partyName}.`]
        : [`A ticket was rejected by another party and has been rerouted to ${data.partyName}.`, ...(data.reason ? [`Rejection reason: ${data.reason}`] : [])];
    return {
      subject: `[careline] ${kind === 'dispatched' ? 'New ticket' : 'Rerouted ticket'} ${data.number} (${data.priority}): ${data.subject}`,
      text: [
        ...lines,
        '',
        `Ticket: ${data.number}`,
        `Type: ${type.en}   Priority: ${data.priority}`,
        `Subject: ${data.subject}`,
        ...(due ? [`Please acknowledge by: ${due} (China time)`] : []),
        '',
        `Open the ticket: ${data.link}`,
      ].join('\n'),
    };
  }
  const lines =
    kind === 'dispatched'
      ? [`您好，${data.partyName}：有一张${type.zh}工单派发给您，请及时接单处理。`]
      : [`您好，${data.partyName}：一张工单被其他单位退回后改派给您，请及时接单处理。`, ...(data.reason ? [`退单原因：${data.reason}`] : [])];
  return {
    subject: `【careline】${kind === 'dispatched' ? '新工单派发' : '工单改派'} ${data.number}（${data.priority}）：${data.subject}`,
    text: [
      ...lines,
      '',
      `工单号：${data.number}`,
      `类型：${type.zh}　优先级：${data.priority}`,
      `主题：${data.subject}`,
      ...(due ? [`请于 ${due}（北京时间）前接单`] : []),
      '',
      `查看工单：${data.link}`,
    ].join('\n'),
  };
}

function renderSlaMail(kind: 'sla_warning' | 'sla_breached', locale: Locale, data: TicketMailData, type: { zh: string; en: string }) {
  const clock = CLOCK_NAMES[data.clock ?? ''] ?? { zh: data.clock ?? '', en: data.clock ?? '' };
  const due = data.dueAt ? chinaTime(data.dueAt) : '';
  if (locale === 'en') {
    return {
      subject: `[careline] ${kind === 'sla_warning' ? 'Deadline approaching' : 'Deadline missed'}: ${data.number} (${data.priority}) — ${clock.en}`,
      text: [
        kind === 'sla_warning'
          ? `${data.partyName}: the deadline to ${clock.en} ticket ${data.number} is ${due} (China time).`
          : `${data.partyName}: the deadline to ${clock.en} ticket ${data.number} passed at ${due} (China time).`,
        '',
        `Type: ${type.en}   Priority: ${data.priority}`,
        `Subject: ${data.subject}`,
        '',
        `Open the ticket: ${data.link}`,
      ].join('\n'),
    };
  }
  return {
    subject: `【careline】${kind === 'sla_warning' ? '时限预警' : '已超时'} ${data.number}（${data.priority}）：${clock.zh}`,
    text: [
      kind === 'sla_warning'
        ? `您好，${data.partyName}：工单 ${data.number} 的「${clock.zh}」时限为 ${due}（北京时间），即将到期，请尽快处理。`
        : `您好，${data.partyName}：工单 ${data.number} 的「${clock.zh}」时限 ${due}（北京时间）已过，已记录为超时。`,
      '',
      `类型：${type.zh}　优先级：${data.priority}`,
      `主题：${data.subject}`,
      '',
      `查看工单：${data.link}`,
    ].join('\n'),
  };
}
