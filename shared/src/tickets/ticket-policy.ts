import { type Actor, isDealerRole, isHotlineRole } from '../auth/actor';
import { TICKET_ACTIONS, type TicketAction, transition } from './ticket-lifecycle';
import type { NoteVisibility, TicketStatus, TicketType } from './ticket-vocabulary';

/** What the policy needs to know about a ticket. */
export interface PolicyTicket {
  status: TicketStatus;
  type: TicketType;
  responsibleDealerId: string | null;
  responsibleDepartmentId: string | null;
  ccDepartmentIds: readonly string[];
}

export type TicketAbilities = Record<TicketAction | 'route' | 'noteInternal' | 'noteDealer' | 'viewFullPhone' | 'leadFollowUp' | 'recordContact', boolean>;

/** Who opens tickets: the hotline that takes the calls (agents, supervisors), and careline itself (demo data, imports). */
export function canCreateTicket(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.kind === 'user' && (actor.role === 'agent' || actor.role === 'supervisor'));
}

/**
 * May the actor see the ticket at all? Dealers see what is dispatched to their dealer; departments what is assigned
 * to or copies them; the hotline sees everything. A ticket that fails this check is answered with 404, never 403.
 */
export function canViewTicket(actor: Actor, ticket: PolicyTicket): boolean {
  if (isHotlineRole(actor.role) || actor.kind === 'system') return true;
  if (isDealerRole(actor.role)) return actor.dealerId !== null && ticket.responsibleDealerId === actor.dealerId;
  if (actor.role === 'dept_user') {
    if (actor.departmentId === null) return false;
    return ticket.responsibleDepartmentId === actor.departmentId || ticket.ccDepartmentIds.includes(actor.departmentId);
  }
  return false;
}

/** The actor is the party the ticket is dispatched to (its dealer, or its responsible department). */
function isResponsible(actor: Actor, ticket: PolicyTicket): boolean {
  if (isDealerRole(actor.role)) return actor.dealerId !== null && ticket.responsibleDealerId === actor.dealerId;
  if (actor.role === 'dept_user') {
    return actor.departmentId !== null && ticket.responsibleDepartmentId === actor.departmentId;
  }
  return false;
}

function roleMayTake(actor: Actor, ticket: PolicyTicket, action: TicketAction): boolean {
  const role = actor.role;
  const hotline = role === 'agent' || role === 'supervisor' || actor.kind === 'system';
  switch (action) {
    case 'dispatch':
      // Agents dispatch what nobody owns yet; moving an owned ticket elsewhere is a supervisor's transfer.
      if (role === 'supervisor' || actor.kind === 'system') return true;
      return role === 'agent' && (ticket.status === 'new' || ticket.status === 'rerouted');
    case 'acknowledge':
    case 'reject':
      return isResponsible(actor, ticket);
    case 'start':
    case 'pend':
    case 'resume':
    case 'resolve':
      return hotline || isResponsible(actor, ticket);
    case 'reopen':
    case 'close':
    case 'cancel':
      return hotline;
  }
}

/** May the actor take `action` now (role, scope and lifecycle together)? */
export function canTakeAction(actor: Actor, ticket: PolicyTicket, action: TicketAction): boolean {
  return canViewTicket(actor, ticket) && transition(ticket, action).ok && roleMayTake(actor, ticket, action);
}

/** May the actor write a note of this visibility? Internal notes are for OEM staff only. */
export function canAddNote(actor: Actor, ticket: PolicyTicket, visibility: NoteVisibility): boolean {
  if (!canViewTicket(actor, ticket)) return false;
  if (ticket.status === 'closed' || ticket.status === 'cancelled') return false;
  if (visibility === 'internal') return !isDealerRole(actor.role);
  return true;
}

/** Dealer-visible notes are shown to dealers; internal ones only to OEM staff. */
export function canReadNote(actor: Actor, visibility: NoteVisibility): boolean {
  return visibility === 'dealer' || !isDealerRole(actor.role);
}

/**
 * Who needs the customer's full phone number: the hotline that calls back, and the dealer once it has acknowledged
 * the ticket it must act on. Everyone else (departments, QA, a dealer that has not accepted yet) sees it masked.
 */
export function canViewFullPhone(actor: Actor, ticket: PolicyTicket): boolean {
  if (actor.role === 'agent' || actor.role === 'supervisor' || actor.role === 'admin' || actor.kind === 'system') {
    return true;
  }
  if (isDealerRole(actor.role) && isResponsible(actor, ticket)) {
    return ticket.status !== 'dispatched' && ticket.status !== 'rerouted';
  }
  return false;
}

/**
 * Who records a call or message to the customer: the responsible dealer or department once it has acknowledged, and
 * the hotline (agents and supervisors) at any open moment.
 */
export function canRecordContact(actor: Actor, ticket: PolicyTicket): boolean {
  const open = ['acknowledged', 'in_progress', 'pending_customer', 'reopened', 'dispatched', 'new', 'rerouted'].includes(ticket.status);
  if (actor.role === 'agent' || actor.role === 'supervisor') return canViewTicket(actor, ticket) && open;
  return isResponsible(actor, ticket) && ['acknowledged', 'in_progress', 'pending_customer', 'reopened'].includes(ticket.status);
}

/** The dealer responsible for a lead reports its follow-up once it has accepted the lead. */
export function canRecordLeadFollowUp(actor: Actor, ticket: PolicyTicket): boolean {
  return (
    ticket.type === 'lead' &&
    isDealerRole(actor.role) &&
    isResponsible(actor, ticket) &&
    ['acknowledged', 'in_progress', 'pending_customer', 'resolved'].includes(ticket.status)
  );
}

/** Full customer records (the 360° view) show the phone to the hotline that calls; QA audits with it masked. */
export function canViewCustomerPhone(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'supervisor' || actor.role === 'admin';
}

/** Every ability of the actor on the ticket, returned with each ticket so the console never re-derives them. */
/** Routing by the rules: the hotline's, for a held new ticket or one its owner rejected (the supervisor queue). */
export function canRoute(actor: Actor, ticket: PolicyTicket): boolean {
  return (actor.role === 'agent' || actor.role === 'supervisor') && (ticket.status === 'new' || ticket.status === 'rerouted');
}

export function ticketAbilities(actor: Actor, ticket: PolicyTicket): TicketAbilities {
  const abilities = {} as TicketAbilities;
  for (const action of TICKET_ACTIONS) abilities[action] = canTakeAction(actor, ticket, action);
  abilities.route = canRoute(actor, ticket);
  abilities.noteInternal = canAddNote(actor, ticket, 'internal');
  abilities.noteDealer = canAddNote(actor, ticket, 'dealer');
  abilities.viewFullPhone = canViewFullPhone(actor, ticket);
  abilities.leadFollowUp = canRecordLeadFollowUp(actor, ticket);
  abilities.recordContact = canRecordContact(actor, ticket);
  return abilities;
}
