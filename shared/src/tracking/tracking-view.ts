/**
 * What the customer's tracking page says (issue 12), worked out from the ticket and its events: the status in words a
 * customer understands, the next step with its promised time (the SLA due times mirrored on the ticket), and a
 * customer-facing timeline. Pure and browser-safe. It reads only what it names: no contact data, no notes, no agent or
 * dealer staff names, no routing; dispatches read "passed to your dealer" whichever dealer it was.
 */
import type { TicketStatus, TicketType } from '../tickets/ticket-vocabulary';

export interface LocalizedText {
  zh: string;
  en: string;
}

/** The stage of a ticket as the customer sees it. */
export const TRACKING_STAGES = ['received', 'assigned', 'in_progress', 'waiting_for_you', 'resolved', 'closed', 'cancelled'] as const;
export type TrackingStage = (typeof TRACKING_STAGES)[number];

export const TRACKING_NEXT_STEPS = ['assign_dealer', 'dealer_confirms', 'dealer_contacts_you', 'resolve', 'your_reply', 'callback'] as const;
export type TrackingNextStep = (typeof TRACKING_NEXT_STEPS)[number];

export const TRACKING_TIMELINE_KINDS = ['created', 'dispatched', 'acknowledged', 'contacted', 'waiting_for_you', 'resolved', 'reopened', 'closed', 'cancelled'] as const;
export type TrackingTimelineKind = (typeof TRACKING_TIMELINE_KINDS)[number];

const STAGE_OF_STATUS: Record<TicketStatus, TrackingStage> = {
  new: 'received',
  rerouted: 'received',
  dispatched: 'assigned',
  acknowledged: 'in_progress',
  in_progress: 'in_progress',
  reopened: 'in_progress',
  pending_customer: 'waiting_for_you',
  resolved: 'resolved',
  closed: 'closed',
  cancelled: 'cancelled',
};

/**
 * Who holds the case, as the customer is told: a dealer ("your dealer"), or one of the carmaker's departments ("our
 * specialist team"); never which one beyond the current dealer's name.
 */
export type TrackingHolder = 'dealer' | 'team';

const byHolder = (dealer: LocalizedText, team: LocalizedText): Record<TrackingHolder, LocalizedText> => ({ dealer, team });
const same = (text: LocalizedText) => byHolder(text, text);

export const TRACKING_STAGE_WORDS: Record<TrackingStage, Record<TrackingHolder, LocalizedText>> = {
  received: same({ zh: '已受理，正在为您安排处理', en: 'Received: we are arranging who handles your case' }),
  assigned: byHolder(
    { zh: '已转交给您的经销商，等待经销商确认', en: 'Passed to your dealer, waiting for them to confirm' },
    { zh: '已转交给厂家专业团队，等待确认', en: 'Passed to our specialist team, waiting for them to confirm' },
  ),
  in_progress: byHolder({ zh: '经销商正在为您处理', en: 'Your dealer is working on it' }, { zh: '专业团队正在为您处理', en: 'Our specialist team is working on it' }),
  waiting_for_you: same({ zh: '等待您的回复', en: 'Waiting for your reply' }),
  resolved: same({ zh: '已处理完毕，我们将回访确认', en: 'Resolved: we will call you to confirm' }),
  closed: same({ zh: '已结案', en: 'Closed' }),
  cancelled: same({ zh: '已取消', en: 'Cancelled' }),
};

export const TRACKING_NEXT_STEP_WORDS: Record<TrackingNextStep, Record<TrackingHolder, LocalizedText>> = {
  assign_dealer: same({ zh: '安排经销商或专业团队处理', en: 'A dealer or our specialist team takes on your case' }),
  dealer_confirms: byHolder(
    { zh: '经销商确认受理', en: 'Your dealer confirms they have taken it on' },
    { zh: '专业团队确认受理', en: 'Our specialist team confirms they have taken it on' },
  ),
  dealer_contacts_you: byHolder({ zh: '经销商与您联系', en: 'Your dealer contacts you' }, { zh: '专业团队与您联系', en: 'Our specialist team contacts you' }),
  resolve: same({ zh: '解决您的问题', en: 'Your issue is resolved' }),
  your_reply: same({ zh: '请回复我们的询问', en: 'Please answer our question' }),
  callback: same({ zh: '客服回访，确认您是否满意', en: 'We call you to check you are satisfied' }),
};

export const TRACKING_TIMELINE_WORDS: Record<TrackingTimelineKind, Record<TrackingHolder, LocalizedText>> = {
  created: same({ zh: '您的诉求已登记', en: 'Your request was registered' }),
  dispatched: byHolder({ zh: '已转交给您的经销商', en: 'Passed to your dealer' }, { zh: '已转交给厂家专业团队', en: 'Passed to our specialist team' }),
  acknowledged: byHolder({ zh: '经销商已确认受理', en: 'Your dealer confirmed' }, { zh: '专业团队已确认受理', en: 'Our specialist team confirmed' }),
  contacted: byHolder({ zh: '经销商已与您联系', en: 'Your dealer contacted you' }, { zh: '专业团队已与您联系', en: 'Our specialist team contacted you' }),
  waiting_for_you: same({ zh: '等待您的回复', en: 'Waiting for your reply' }),
  resolved: same({ zh: '已处理完毕', en: 'Resolved' }),
  reopened: same({ zh: '重新处理中', en: 'Reopened' }),
  closed: same({ zh: '已结案', en: 'Closed' }),
  cancelled: same({ zh: '已取消', en: 'Cancelled' }),
};

export const TRACKING_TYPE_WORDS: Record<TicketType, LocalizedText> = {
  enquiry: { zh: '咨询', en: 'Enquiry' },
  complaint: { zh: '投诉', en: 'Complaint' },
  roadside: { zh: '道路救援', en: 'Roadside assistance' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  praise: { zh: '表扬', en: 'Praise' },
  lead: { zh: '购车意向', en: 'Purchase interest' },
};

/** The ticket fields the tracking view reads (and nothing else). */
export interface TrackedTicket {
  number: string;
  /** Who holds the case now: a dealer, or a department of the carmaker (null: nobody yet). */
  holder: TrackingHolder | null;
  type: TicketType;
  status: TicketStatus;
  firstContactAt: Date | null;
  acknowledgeDueAt: Date | null;
  firstContactDueAt: Date | null;
  resolveDueAt: Date | null;
  updatedAt: Date;
}

/** An event of the ticket's chain: its type, time, and the payload fields the view reads (a contact's outcome, a dispatch's party kind). */
export interface TrackedEvent {
  type: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

export interface TrackingView {
  number: string;
  type: { code: TicketType; label: LocalizedText };
  status: { code: TrackingStage; label: LocalizedText };
  nextStep: { code: TrackingNextStep; label: LocalizedText; dueAt: Date | null } | null;
  /** The dealer responsible now (its public name); null while nobody or an OEM department holds the case. */
  dealer: { name: LocalizedText } | null;
  timeline: Array<{ kind: TrackingTimelineKind; at: Date; label: LocalizedText }>;
  updatedAt: Date;
}

/** The next step and its promised time: the due time of the clock the customer is waiting on. */
export function nextStepOf(ticket: TrackedTicket): TrackingView['nextStep'] {
  const step = (code: TrackingNextStep, dueAt: Date | null) => ({ code, label: TRACKING_NEXT_STEP_WORDS[code][ticket.holder ?? 'dealer'], dueAt });
  switch (STAGE_OF_STATUS[ticket.status]) {
    case 'received':
      return step('assign_dealer', null);
    case 'assigned':
      return step('dealer_confirms', ticket.acknowledgeDueAt);
    case 'in_progress':
      return ticket.firstContactAt === null ? step('dealer_contacts_you', ticket.firstContactDueAt) : step('resolve', ticket.resolveDueAt);
    case 'waiting_for_you':
      return step('your_reply', null);
    case 'resolved':
      return step('callback', null);
    case 'closed':
    case 'cancelled':
      return null;
  }
}

/** The timeline entry an event makes, or null for everything the customer does not see (notes, routing, SLA, QA…). */
export function timelineKindOf(event: TrackedEvent): TrackingTimelineKind | null {
  switch (event.type) {
    case 'created':
    case 'dispatched':
    case 'acknowledged':
    case 'resolved':
    case 'reopened':
    case 'closed':
    case 'cancelled':
      return event.type;
    case 'pended':
      return 'waiting_for_you';
    case 'contact_attempt':
      return event.payload.outcome === 'reached' ? 'contacted' : null;
    default:
      return null;
  }
}

/** The whole view. `dealerName` is the responsible dealer's name now, or null. */
export function buildTrackingView(ticket: TrackedTicket, events: readonly TrackedEvent[], dealerName: LocalizedText | null): TrackingView {
  const stage = STAGE_OF_STATUS[ticket.status];
  const timeline: TrackingView['timeline'] = [];
  // Acknowledgements and contacts are by whoever the last dispatch named.
  let holder: TrackingHolder = 'dealer';
  for (const event of events) {
    const kind = timelineKindOf(event);
    if (kind === 'dispatched') holder = event.payload.dealerId ? 'dealer' : event.payload.departmentId ? 'team' : holder;
    if (kind) timeline.push({ kind, at: event.occurredAt, label: TRACKING_TIMELINE_WORDS[kind][holder] });
  }
  return {
    number: ticket.number,
    type: { code: ticket.type, label: TRACKING_TYPE_WORDS[ticket.type] },
    status: { code: stage, label: TRACKING_STAGE_WORDS[stage][ticket.holder ?? 'dealer'] },
    nextStep: nextStepOf(ticket),
    dealer: dealerName ? { name: dealerName } : null,
    timeline,
    updatedAt: ticket.updatedAt,
  };
}

/** The Chinese SMS with the link (customers get Chinese; the page has an English switch). */
export function trackingSmsText(options: { number: string; link: string; reason: 'dispatched' | 'provider_accepted' }): string {
  const what = options.reason === 'provider_accepted' ? '救援服务商已接单' : '已转交给您的经销商处理';
  return `【careline 客户服务】您的工单 ${options.number} ${what}。查看进度：${options.link}`;
}
