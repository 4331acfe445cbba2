/**
 * Default SLA targets (minutes of business time on the calendar named; the owner's calendar when none is named).
 * Roadside and P1 count around the clock; everything else counts in the dealer's or department's working hours.
 * A working day in the standard calendar is 570 minutes (08:30–18:00).
 */
import type { Priority, TicketType } from '../tickets/ticket-vocabulary';
import { DEFAULT_ESCALATION_CHAINS, type EscalationLevel } from '../sla/escalation';

export interface DefaultSlaPolicy {
  code: string;
  nameZh: string;
  nameEn: string;
  ticketType: TicketType | null;
  priority: Priority | null;
  acknowledgeMinutes: number;
  firstContactMinutes: number;
  resolveMinutes: number;
  /** Calendar code; null: the owner's calendar. */
  calendarCode: '24X7' | null;
  warningRatio: number;
  escalationChain: EscalationLevel[];
  /** Each copied department's own target (business minutes on its calendar) for its finding; null: none. */
  ccInternalMinutes: number | null;
  /** Business minutes after a resolution within which the hotline calls back; null: no callback. */
  callbackMinutes: number | null;
  /** Roadside: minutes around the clock to a provider's acceptance and, from it, to the arrival; absent: none. */
  rescueAcceptMinutes?: number;
  rescueArriveMinutes?: number;
}

const DAY = 570;

export const DEFAULT_SLA_POLICIES: DefaultSlaPolicy[] = [
  { code: 'ROADSIDE', nameZh: '道路救援', nameEn: 'Roadside', ticketType: 'roadside', priority: null, acknowledgeMinutes: 10, firstContactMinutes: 15, resolveMinutes: 240, calendarCode: '24X7', warningRatio: 0.75, escalationChain: DEFAULT_ESCALATION_CHAINS.roadside, ccInternalMinutes: null, callbackMinutes: 480, rescueAcceptMinutes: 15, rescueArriveMinutes: 60 },
  { code: 'P1', nameZh: '紧急 P1（任何类型）', nameEn: 'Urgent P1 (any type)', ticketType: null, priority: 'P1', acknowledgeMinutes: 30, firstContactMinutes: 60, resolveMinutes: 24 * 60, calendarCode: '24X7', warningRatio: 0.75, escalationChain: DEFAULT_ESCALATION_CHAINS.urgent, ccInternalMinutes: 240, callbackMinutes: 480 },
  { code: 'COMPLAINT-P2', nameZh: '投诉 P2', nameEn: 'Complaint P2', ticketType: 'complaint', priority: 'P2', acknowledgeMinutes: 120, firstContactMinutes: 240, resolveMinutes: 2 * DAY, calendarCode: null, warningRatio: 0.75, escalationChain: DEFAULT_ESCALATION_CHAINS.standard, ccInternalMinutes: DAY, callbackMinutes: 480 },
  { code: 'COMPLAINT', nameZh: '投诉', nameEn: 'Complaint', ticketType: 'complaint', priority: null, acknowledgeMinutes: 240, firstContactMinutes: 480, resolveMinutes: 5 * DAY, calendarCode: null, warningRatio: 0.75, escalationChain: DEFAULT_ESCALATION_CHAINS.standard, ccInternalMinutes: 2 * DAY, callbackMinutes: 480 },
  { code: 'LEAD-NOW', nameZh: '即时购车线索', nameEn: 'Buy-now lead', ticketType: 'lead', priority: 'P2', acknowledgeMinutes: 30, firstContactMinutes: 60, resolveMinutes: 10 * DAY, calendarCode: null, warningRatio: 0.75, escalationChain: DEFAULT_ESCALATION_CHAINS.standard, ccInternalMinutes: null, callbackMinutes: null },
  { code: 'LEAD', nameZh: '线索', nameEn: 'Lead', ticketType: 'lead', priority: null, acknowledgeMinutes: 120, firstContactMinutes: DAY, resolveMinutes: 20 * DAY, calendarCode: null, warningRatio: 0.75, escalationChain: DEFAULT_ESCALATION_CHAINS.standard, ccInternalMinutes: null, callbackMinutes: null },
  { code: 'DEFAULT', nameZh: '其他', nameEn: 'Enquiry, suggestion, praise', ticketType: null, priority: null, acknowledgeMinutes: 480, firstContactMinutes: 2 * DAY, resolveMinutes: 5 * DAY, calendarCode: null, warningRatio: 0.8, escalationChain: DEFAULT_ESCALATION_CHAINS.standard, ccInternalMinutes: null, callbackMinutes: null },
];
