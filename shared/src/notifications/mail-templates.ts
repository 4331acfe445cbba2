/**
 * Mail texts in zh-CN and en. Pure: the worker fills them from the ticket and sends them; tests read them back.
 * Every mail names the ticket number and links back to the ticket.
 */
import type { Locale } from '../errors/app-error';

export const MAIL_KINDS = ['dispatched', 'rerouted', 'sla_warning', 'sla_breached', 'escalated', 'resolved', 'reopened'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface TicketMailData {
  number: string;
  type: string;
  priority: string;
  subject: string;
  partyName: string;
  acknowledgeDueAt: Date | null;
  link: string;
  /** For SLA mail: which clock and when it is (was) due. */
  clock?: string;
  dueAt?: Date | null;
  /** For escalation mail: the level reached and who is responsible now. */
  level?: number;
  ownerName?: string | null;
  /** For resolution mail: what the responsible party wrote. */
  resolution?: string | null;
  /** For a ticket reopened at its callback: what the customer said. */
  callback?: {
    satisfaction: number | null;
    solved: boolean | null;
    reason: { code: string; nameZh: string; nameEn: string } | null;
    comment: string | null;
  };
}

const CLOCK_NAMES: Record<string, { zh: string; en: string }> = {
  acknowledge: { zh: '接单', en: 'acknowledge' },
  first_contact: { zh: '首次联系客户', en: 'first customer contact' },
  resolve: { zh: '处理完毕', en: 'resolve' },
  internal: { zh: '部门内部处理', en: 'department finding' },
  rescue_accept: { zh: '救援接单', en: 'rescue accepted by a provider' },
  rescue_arrive: { zh: '救援到达现场', en: 'rescue on scene' },
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

type TypeName = { zh: string; en: string };

/**
 * The lines every ticket mail ends with: the type and priority, the subject (unless the mail's own subject line
 * carries it), any lines the kind adds, and the link back to the ticket.
 */
function closingLines(locale: Locale, data: TicketMailData, type: TypeName, options: { number?: boolean; subject?: boolean; extra?: string[] } = {}): string[] {
  const { number = false, subject = true, extra = [] } = options;
  if (locale === 'en') {
    return [
      '',
      ...(number ? [`Ticket: ${data.number}`] : []),
      `Type: ${type.en}   Priority: ${data.priority}`,
      ...(subject ? [`Subject: ${data.subject}`] : []),
      ...extra,
      '',
      `Open the ticket: ${data.link}`,
    ];
  }
  return [
    '',
    ...(number ? [`工单号：${data.number}`] : []),
    `类型：${type.zh}　优先级：${data.priority}`,
    ...(subject ? [`主题：${data.subject}`] : []),
    ...extra,
    '',
    `查看工单：${data.link}`,
  ];
}

export function renderTicketMail(kind: MailKind, locale: Locale, data: TicketMailData): { subject: string; text: string } {
  const type = TYPE_NAMES[data.type] ?? { zh: data.type, en: data.type };
  if (kind === 'sla_warning' || kind === 'sla_breached') return renderSlaMail(kind, locale, data, type);
  if (kind === 'escalated') return renderEscalationMail(locale, data, type);
  if (kind === 'resolved') return renderResolutionMail(locale, data, type);
  if (kind === 'reopened') return renderReopenedMail(locale, data, type);
  const due = data.acknowledgeDueAt ? chinaTime(data.acknowledgeDueAt) : null;
  // A rerouted ticket's mail says that another party refused it, never who or why: that is the other party's data.
  if (locale === 'en') {
    const lines =
      kind === 'dispatched'
        ? [`A ${type.en.toLowerCase()} has been dispatched to ${data.partyName}.`]
        : [`A ticket was rejected by another party and has been rerouted to ${data.partyName}.`];
    return {
      subject: `[careline] ${kind === 'dispatched' ? 'New ticket' : 'Rerouted ticket'} ${data.number} (${data.priority}): ${data.subject}`,
      text: [...lines, ...closingLines(locale, data, type, { number: true, extra: due ? [`Please acknowledge by: ${due} (China time)`] : [] })].join('\n'),
    };
  }
  const lines =
    kind === 'dispatched'
      ? [`您好，${data.partyName}：有一张${type.zh}工单派发给您，请及时接单处理。`]
      : [`您好，${data.partyName}：一张工单被其他单位退回后改派给您，请及时接单处理。`];
  return {
    subject: `【careline】${kind === 'dispatched' ? '新工单派发' : '工单改派'} ${data.number}（${data.priority}）：${data.subject}`,
    text: [...lines, ...closingLines(locale, data, type, { number: true, extra: due ? [`请于 ${due}（北京时间）前接单`] : [] })].join('\n'),
  };
}

function renderSlaMail(kind: 'sla_warning' | 'sla_breached', locale: Locale, data: TicketMailData, type: TypeName) {
  const clock = CLOCK_NAMES[data.clock ?? ''] ?? { zh: data.clock ?? '', en: data.clock ?? '' };
  const due = data.dueAt ? chinaTime(data.dueAt) : '';
  if (locale === 'en') {
    return {
      subject: `[careline] ${kind === 'sla_warning' ? 'Deadline approaching' : 'Deadline missed'}: ${data.number} (${data.priority}) — ${clock.en}`,
      text: [
        kind === 'sla_warning'
          ? `${data.partyName}: the deadline to ${clock.en} ticket ${data.number} is ${due} (China time).`
          : `${data.partyName}: the deadline to ${clock.en} ticket ${data.number} passed at ${due} (China time).`,
        ...closingLines(locale, data, type),
      ].join('\n'),
    };
  }
  return {
    subject: `【careline】${kind === 'sla_warning' ? '时限预警' : '已超时'} ${data.number}（${data.priority}）：${clock.zh}`,
    text: [
      kind === 'sla_warning'
        ? `您好，${data.partyName}：工单 ${data.number} 的「${clock.zh}」时限为 ${due}（北京时间），即将到期，请尽快处理。`
        : `您好，${data.partyName}：工单 ${data.number} 的「${clock.zh}」时限 ${due}（北京时间）已过，已记录为超时。`,
      ...closingLines(locale, data, type),
    ].join('\n'),
  };
}

function renderEscalationMail(locale: Locale, data: TicketMailData, type: TypeName) {
  const clock = CLOCK_NAMES[data.clock ?? ''] ?? { zh: data.clock ?? '', en: data.clock ?? '' };
  const due = data.dueAt ? chinaTime(data.dueAt) : '';
  if (locale === 'en') {
    return {
      subject: `[careline] Escalation level ${data.level}: ${data.number} (${data.priority}) — ${clock.en} overdue`,
      text: [
        `${data.partyName}: ticket ${data.number} missed its deadline to ${clock.en} (${due}, China time) and is escalated to you (level ${data.level}).`,
        ...(data.ownerName ? [`Responsible: ${data.ownerName}`] : []),
        ...closingLines(locale, data, type),
      ].join('\n'),
    };
  }
  return {
    subject: `【careline】超时升级（第 ${data.level} 级）${data.number}（${data.priority}）：${clock.zh}已超时`,
    text: [
      `您好，${data.partyName}：工单 ${data.number} 的「${clock.zh}」时限 ${due}（北京时间）已过，现升级至您（第 ${data.level} 级），请督办。`,
      ...(data.ownerName ? [`责任单位：${data.ownerName}`] : []),
      ...closingLines(locale, data, type),
    ].join('\n'),
  };
}

function renderResolutionMail(locale: Locale, data: TicketMailData, type: TypeName) {
  if (locale === 'en') {
    return {
      subject: `[careline] Resolved: ${data.number} (${data.priority}): ${data.subject}`,
      text: [
        `${data.partyName}: ticket ${data.number} has been resolved${data.ownerName ? ` by ${data.ownerName}` : ''}. The hotline will call the customer back.`,
        ...(data.resolution ? [`Resolution: ${data.resolution}`] : []),
        ...closingLines(locale, data, type, { subject: false }),
      ].join('\n'),
    };
  }
  return {
    subject: `【careline】工单已处理完毕 ${data.number}（${data.priority}）：${data.subject}`,
    text: [
      `您好，${data.partyName}：工单 ${data.number} 已${data.ownerName ? `由${data.ownerName}` : ''}处理完毕，客服中心将回访客户。`,
      ...(data.resolution ? [`处理结果：${data.resolution}`] : []),
      ...closingLines(locale, data, type, { subject: false }),
    ].join('\n'),
  };
}

function renderReopenedMail(locale: Locale, data: TicketMailData, type: TypeName) {
  const callback = data.callback;
  if (locale === 'en') {
    return {
      subject: `[careline] Reopened after the customer callback: ${data.number} (${data.priority}): ${data.subject}`,
      text: [
        `${data.partyName}: the hotline called the customer back about ticket ${data.number}, and the customer is not satisfied. The ticket is yours again and its resolve clock has restarted.`,
        ...(callback?.satisfaction ? [`Satisfaction: ${callback.satisfaction} of 5`] : []),
        ...(callback?.solved === false ? ['The customer says the problem is not solved.'] : []),
        ...(callback?.reason ? [`Reason: ${callback.reason.nameEn}`] : []),
        ...(callback?.comment ? [`The hotline noted: ${callback.comment}`] : []),
        ...closingLines(locale, data, type, { subject: false }),
      ].join('\n'),
    };
  }
  return {
    subject: `【careline】回访不满意，工单已重开 ${data.number}（${data.priority}）：${data.subject}`,
    text: [
      `您好，${data.partyName}：客服中心就工单 ${data.number} 回访了客户，客户不满意。工单已退回贵单位重新处理，处理时限重新计时。`,
      ...(callback?.satisfaction ? [`满意度：${callback.satisfaction} / 5`] : []),
      ...(callback?.solved === false ? ['客户表示问题未解决。'] : []),
      ...(callback?.reason ? [`不满意原因：${callback.reason.nameZh}`] : []),
      ...(callback?.comment ? [`回访记录：${callback.comment}`] : []),
      ...closingLines(locale, data, type, { subject: false }),
    ].join('\n'),
  };
}

/** Non-urgent notifications bundled into one mail for a recipient who asked for a digest. */
export function renderDigestMail(locale: Locale, items: ReadonlyArray<{ subject: string; createdAt: Date; link: string | null }>): { subject: string; text: string } {
  const lines = items.flatMap((item) => [`- ${chinaTime(item.createdAt)}  ${item.subject}`, ...(item.link ? [`  ${item.link}`] : [])]);
  if (locale === 'en') {
    return {
      subject: `[careline] Digest: ${items.length} notification${items.length === 1 ? '' : 's'}`,
      text: ['Notifications since your last digest (China time):', '', ...lines].join('\n'),
    };
  }
  return {
    subject: `【careline】汇总提醒：${items.length} 条通知`,
    text: ['自上次汇总以来的通知（北京时间）：', '', ...lines].join('\n'),
  };
}
