import { type Actor, type Channel, isDealerRole, type Priority, type RoutingDecision, type TicketStatus, type TicketType, maskPhone, milestoneStateOf, seesWholeHistory, ticketAbilities, visibleEvents, visibleMilestones } from '@careline/shared';
import { type Database, distanceUnknown, type listMilestones, recordCustomerDataRead, type TicketEventView, type TicketView, toPolicyTicket } from '@careline/shared/server';

/**
 * The only place a ticket becomes JSON. Phones are masked for viewers who do not need them, and the actor's
 * abilities come along so clients never re-derive permissions.
 */
export function presentTicket(view: TicketView, actor: Actor, options: { dealerReadRecorded?: boolean } = {}) {
  const { ticket } = view;
  const abilities = ticketAbilities(actor, toPolicyTicket(ticket));
  const dealerView = isDealerRole(actor.role);
  const wholeHistory = seesWholeHistory(actor);
  // A dealer's read of the full number is a ticket event (recordCustomerDataRead): lists show it masked, and one
  // ticket shows it in full only once the read is on its audit chain.
  const fullPhone = abilities.viewFullPhone && (!dealerView || options.dealerReadRecorded === true);
  const phone = (value: string) => (fullPhone ? value : maskPhone(value));
  return {
    id: ticket.id,
    number: ticket.number,
    type: ticket.type as TicketType,
    channel: ticket.channel as Channel,
    status: ticket.status as TicketStatus,
    priority: ticket.priority as Priority,
    subject: ticket.subject,
    description: ticket.description,
    contactName: ticket.contactName,
    contactPhone: phone(ticket.contactPhone),
    location: ticket.location,
    distanceUnknown: distanceUnknown(ticket.location),
    details: ticket.details,
    category: view.category,
    customer: view.customer ? { ...view.customer, phone: phone(view.customer.phone) } : null,
    vehicle: view.vehicle,
    responsibleDealer: view.dealer,
    responsibleDepartment: view.department,
    ccDepartments: view.ccDepartments,
    regionId: ticket.regionId,
    // The decision weighs other dealers (their distance and load) and names those that refused the ticket: other
    // parties' data, for the hotline only (scoping by era, shared/src/tickets/ticket-eras.ts).
    excludedDealerIds: wholeHistory ? ticket.excludedDealerIds : [],
    excludedDepartmentIds: wholeHistory ? ticket.excludedDepartmentIds : [],
    routing: { ruleSetVersion: ticket.routingRuleSetVersion, decision: wholeHistory ? (ticket.routingDecision as RoutingDecision | null) : null },
    sla: {
      policyId: ticket.slaPolicyId,
      state: ticket.slaState,
      acknowledgeDueAt: ticket.acknowledgeDueAt,
      firstContactDueAt: ticket.firstContactDueAt,
      resolveDueAt: ticket.resolveDueAt,
      pausedAt: ticket.pausedAt,
      pausedSeconds: ticket.pausedSeconds,
      breachedClocks: ticket.breachedClocks,
      escalationLevel: ticket.escalationLevel,
    },
    dispatchedAt: ticket.dispatchedAt,
    acknowledgedAt: ticket.acknowledgedAt,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    cancelledAt: ticket.cancelledAt,
    rerouteCount: ticket.rerouteCount,
    reopenCount: ticket.reopenCount,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    version: ticket.version,
    abilities,
  };
}

type MilestoneRow = Awaited<ReturnType<typeof listMilestones>>[number];

/** One ticket as the actor may read it, recording a dealer's read of the customer's full phone first. */
export async function presentTicketRecordingRead(db: Database, view: TicketView, actor: Actor) {
  const dealerReadsPhone = isDealerRole(actor.role) && ticketAbilities(actor, toPolicyTicket(view.ticket)).viewFullPhone;
  if (dealerReadsPhone) await recordCustomerDataRead(db, actor, view.ticket.id, ['contactPhone', 'customer.phone']);
  return presentTicket(view, actor, { dealerReadRecorded: dealerReadsPhone });
}

/** A ticket's SLA clocks with where each stands now (running, warning, breached, paused, met, cancelled). */
export function presentMilestones(
  milestones: MilestoneRow[],
  ticket: { status: string; ccDepartmentIds: readonly string[] },
  actor: Actor,
  now = new Date(),
) {
  // Scoping by era (shared/src/tickets/ticket-eras.ts): a dealer never reads a former owner's or a department's clock.
  return visibleMilestones(actor, milestones, ticket).map((milestone) => ({
    id: milestone.id,
    clock: milestone.clock,
    ownerType: milestone.ownerType,
    ownerId: milestone.ownerId,
    startedAt: milestone.startedAt,
    dueAt: milestone.dueAt,
    warnAt: milestone.warnAt,
    metAt: milestone.metAt,
    cancelledAt: milestone.cancelledAt,
    pausedSeconds: milestone.pausedSeconds,
    warnedAt: milestone.warnedAt,
    breachedAt: milestone.breachedAt,
    escalationLevel: milestone.escalationLevel,
    nextEscalationAt: milestone.nextEscalationAt,
    state: milestoneStateOf(milestone, ticket, now),
  }));
}

/**
 * Timeline entries the actor may read, by era (shared/src/tickets/ticket-eras.ts): a dealer or department sees what
 * happened while it was responsible and what the hotline addressed to it; hashes are kept for auditors.
 */
export function presentEvents(events: TicketEventView[], actor: Actor) {
  return visibleEvents(actor, events)
    .map((event) => ({
      id: event.id,
      sequence: event.sequence,
      type: event.type,
      actor: { id: event.actorId, role: event.actorRole, name: event.actorName },
      occurredAt: event.occurredAt,
      payload: event.payload,
      hash: event.hash,
    }));
}
