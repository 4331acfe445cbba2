/** The words of a ticket, shared by API, workers and console. Values are stored in the database: renaming one needs a migration. */

export const TICKET_TYPES = ['enquiry', 'complaint', 'roadside', 'suggestion', 'praise', 'lead'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** Prefix of the ticket number per type (pinyin initials, as hotline staff read them out). */
export const TICKET_NUMBER_PREFIX: Record<TicketType, string> = {
  enquiry: 'ZX', // 咨询
  complaint: 'TS', // 投诉
  roadside: 'JY', // 救援
  suggestion: 'JI', // 建议
  praise: 'BY', // 表扬
  lead: 'XS', // 线索
};

export const TICKET_STATUSES = [
  'new',
  'dispatched',
  'acknowledged',
  'in_progress',
  'pending_customer',
  'rerouted',
  'resolved',
  'reopened',
  'closed',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Where a ticket's work is over; every other status is open (ticket-lifecycle.ts). */
export const FINISHED_STATUSES: readonly TicketStatus[] = ['resolved', 'closed', 'cancelled'];

/** Roadside help not yet resolved, closed or cancelled: it heads every list (someone waits by the road). */
export function isOpenRoadside(ticket: { type: TicketType; status: TicketStatus }): boolean {
  return ticket.type === 'roadside' && !FINISHED_STATUSES.includes(ticket.status);
}

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNELS = ['phone', 'web', 'email', 'dealer', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A lead's purchase timing, as the hotline asks it. */
export const PURCHASE_TIMINGS = ['now', 'within_3_months', 'within_6_months', 'within_1_year'] as const;
export type PurchaseTiming = (typeof PURCHASE_TIMINGS)[number];

export const DEALER_CAPABILITIES = ['sales', 'service', 'rescue'] as const;
export type DealerCapability = (typeof DEALER_CAPABILITIES)[number];

export const ROLES = ['agent', 'supervisor', 'dealer_user', 'dealer_manager', 'dept_user', 'qa', 'admin', 'editor'] as const;
export type Role = (typeof ROLES)[number];

export const REJECT_REASONS = ['not_our_customer', 'wrong_region', 'lacks_capability', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const NOTE_VISIBILITIES = ['internal', 'dealer'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

/** What the dealer reports back about a lead (the OEM asks for the follow-up result). */
export const LEAD_OUTCOMES = ['contacted', 'test_drive', 'order', 'lost'] as const;
export type LeadOutcome = (typeof LEAD_OUTCOMES)[number];

/** The outcome of a call or message to the customer; `reached` is the first customer contact the SLA measures. */
export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'busy', 'wrong_number', 'message_left'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
