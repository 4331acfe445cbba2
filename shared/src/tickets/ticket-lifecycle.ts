import { FINISHED_STATUSES, TICKET_STATUSES, type TicketStatus, type TicketType } from './ticket-vocabulary';

/**
 * The ticket lifecycle as data: the transition table. Who may take an action is decided by ticket-policy.ts;
 * this file says only which actions a state allows and where they lead.
 */
export const TICKET_ACTIONS = [
  'dispatch',
  'acknowledge',
  'reject',
  'start',
  'pend',
  'resume',
  'resolve',
  'reopen',
  'close',
  'cancel',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

const OPEN_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((status) => !FINISHED_STATUSES.includes(status));

/** Types the agent may answer on the call itself, resolving straight from `new`. */
const ANSWERABLE_ON_CALL: readonly TicketType[] = ['enquiry', 'suggestion', 'praise'];

const TRANSITIONS: Record<TicketAction, { from: readonly TicketStatus[]; to: TicketStatus }> = {
  // From an owned state a dispatch is a transfer to another party.
  dispatch: {
    from: ['new', 'rerouted', 'dispatched', 'acknowledged', 'in_progress', 'pending_customer', 'reopened'],
    to: 'dispatched',
  },
  acknowledge: { from: ['dispatched'], to: 'acknowledged' },
  reject: { from: ['dispatched'], to: 'rerouted' },
  start: { from: ['acknowledged', 'reopened'], to: 'in_progress' },
  pend: { from: ['acknowledged', 'in_progress'], to: 'pending_customer' },
  resume: { from: ['pending_customer'], to: 'in_progress' },
  resolve: { from: ['acknowledged', 'in_progress', 'pending_customer', 'reopened'], to: 'resolved' },
  reopen: { from: ['resolved'], to: 'reopened' },
  close: { from: ['resolved'], to: 'closed' },
  cancel: { from: OPEN_STATUSES, to: 'cancelled' },
};

export type TransitionResult = { ok: true; from: TicketStatus; to: TicketStatus } | { ok: false; from: TicketStatus };

/** Where `action` takes a ticket in `status`, or `ok: false` when the lifecycle forbids it. */
export function transition(ticket: { status: TicketStatus; type: TicketType }, action: TicketAction): TransitionResult {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(ticket.status)) return { ok: true, from: ticket.status, to: rule.to };
  if (action === 'resolve' && ticket.status === 'new' && ANSWERABLE_ON_CALL.includes(ticket.type)) {
    return { ok: true, from: ticket.status, to: 'resolved' };
  }
  return { ok: false, from: ticket.status };
}

/** Actions the lifecycle allows in a state, before asking who the actor is. */
export function lifecycleActions(ticket: { status: TicketStatus; type: TicketType }): TicketAction[] {
  return TICKET_ACTIONS.filter((action) => transition(ticket, action).ok);
}

export function isOpenStatus(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** SLA clocks do not run while the ticket waits for the customer. */
export function isPausedStatus(status: TicketStatus): boolean {
  return status === 'pending_customer';
}
