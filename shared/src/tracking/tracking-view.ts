/**
 * What the customer's tracking page says (issue 12), worked out from the ticket and its events: the status in words a
 * customer understands, the next step with its promised time (the SLA due times mirrored on the ticket), and a
 * customer-facing timeline. Pure and browser-safe. It reads only what it names: no contact data, no notes, no agent or
 * dealer staff names, no routing; dispatches read "passed to your dealer" whichever dealer it was.
 */
import type { RoadsideJobStatus } from '../roadside/roadside-vocabulary';
import type { TicketStatus, TicketType } from '../tickets/ticket-vocabulary';

export interface LocalizedText {
  zh: string;
  en: string;
}

/** The stage of a ticket as the customer sees it. */
export const TRACKING_STAGES = ['received', 'assigned', 'in_progress', 'waiting_for_you', 'resolved', 'closed', 'cancelled'] as const;
export type TrackingStage = (typeof TRACKING_STAGES)[number];

export const TRACKING_NEXT_STEPS = ['assign_dealer', 'dealer_confirms', 'dealer_contacts_you', 'rescue_provider', 'rescue_arrives', 'resolve', 'your_reply', 'callback'] as const;
export type TrackingNextStep = (typeof TRACKING_NEXT_STEPS)[number];

export const TRACKING_TIMELINE_KINDS = ['created', 'dispatched', 'acknowledged', 'contacted', 'waiting_for_you', 'rescue', 'resolved', 'reopened', 'closed', 'cancelled'] as const;
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
  rescue_provider: same({ zh: '救援服务商接单', en: 'A rescue provider takes the job' }),
  rescue_arrives: same({ zh: '救援人员到达您身边', en: 'The rescue team reaches you' }),
  resolve: same({ zh: '解决您的问题', en: 'Your issue is resolved' }),
  your_reply: same({ zh: '请回复我们的询问', en: 'Please answer our question' }),
  callback: same({ zh: '客服回访，确认您是否满意', en: 'We call you to check you are satisfied' }),
};

export const TRACKING_TIMELINE_WORDS: Record<TrackingTimelineKind, Record<TrackingHolder, LocalizedText>> = {
  created: same({ zh: '您的诉求已登记', en: 'Your request was registered' }),
  /** A rescue's step (the label is the step's own: TRACKING_ROADSIDE_WORDS); this one only if a step is unknown. */
  rescue: same({ zh: '救援进度已更新', en: 'Your rescue moved on' }),
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
  /** A roadside ticket's rescue (absent for other types): its step, the provider, the ETA and the distance left. */
  roadside?: TrackingRoadside;
}

export interface TrackingRoadside {
  step: { code: RoadsideJobStatus; label: LocalizedText };
  /** The provider that accepted (its public name), or null while offers go out. */
  provider: { name: LocalizedText } | null;
  /** When the provider promised to be there, while on the way. */
  etaAt: Date | null;
  /** Road km from the provider's last reported position to the car (great-circle × the road factor), while on the way. */
  distanceKm: number | null;
  /** When that position was reported. */
  positionAt: Date | null;
}

/** The rescue's step in a customer's words. */
export const TRACKING_ROADSIDE_WORDS: Record<RoadsideJobStatus, LocalizedText> = {
  offering: { zh: '正在为您联系救援服务商', en: 'Finding a rescue provider for you' },
  unassigned: { zh: '正在为您安排救援，客服会尽快与您联系', en: 'We are arranging your rescue; our hotline will call you shortly' },
  accepted: { zh: '救援服务商已接单，即将出发', en: 'A rescue provider has taken the job and is about to set off' },
  en_route: { zh: '救援车辆正在赶来', en: 'The rescue vehicle is on its way' },
  arrived: { zh: '救援人员已到达', en: 'The rescue team has arrived' },
  towing: { zh: '正在拖车', en: 'Your car is being towed' },
  completed: { zh: '救援已完成', en: 'The rescue is complete' },
  cancelled: { zh: '救援已取消', en: 'The rescue was cancelled' },
  gone_on_arrival: { zh: '救援人员到达时未找到车辆，请致电客服热线', en: 'The rescue team did not find the car; please call the hotline' },
};

/** The steps in which the provider is on the way: the ETA and the distance left are shown then. */
const ON_THE_WAY: readonly RoadsideJobStatus[] = ['accepted', 'en_route'];

/**
 * The next step while a rescue is under way replaces the ticket's own (a dealer confirming, contacting): a provider to
 * take the job, then the team reaching the car by the promised ETA; afterwards the ticket's own steps again.
 */
export function rescueNextStep(view: TrackingView, job: { status: RoadsideJobStatus; etaAt: Date | null }): TrackingView['nextStep'] {
  const step = (code: TrackingNextStep, dueAt: Date | null) => ({ code, label: TRACKING_NEXT_STEP_WORDS[code].dealer, dueAt });
  if (job.status === 'offering' || job.status === 'unassigned') return step('rescue_provider', null);
  if (ON_THE_WAY.includes(job.status)) return step('rescue_arrives', job.etaAt);
  return view.nextStep;
}

/**
 * The rescue block of the tracking page. `distanceKm` is the caller's measure from the last position to the car
 * (null without either); shown only while the provider is on the way.
 */
export function trackingRoadsideOf(job: { status: RoadsideJobStatus; etaAt: Date | null; positionAt: Date | null }, providerName: LocalizedText | null, distanceKm: number | null): TrackingRoadside {
  const onTheWay = ON_THE_WAY.includes(job.status);
  return {
    step: { code: job.status, label: TRACKING_ROADSIDE_WORDS[job.status] },
    provider: providerName ? { name: providerName } : null,
    etaAt: onTheWay ? job.etaAt : null,
    distanceKm: onTheWay ? distanceKm : null,
    positionAt: onTheWay && distanceKm !== null ? job.positionAt : null,
  };
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
    case 'roadside_progress':
      return 'rescue';
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
    if (!kind) continue;
    const step = kind === 'rescue' ? TRACKING_ROADSIDE_WORDS[event.payload.to as RoadsideJobStatus] : undefined;
    timeline.push({ kind, at: event.occurredAt, label: step ?? TRACKING_TIMELINE_WORDS[kind][holder] });
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
