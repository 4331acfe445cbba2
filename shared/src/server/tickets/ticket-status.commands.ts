import type { TTransitionRequest } from '../../tickets/ticket.schemas';
import { type CommandContext, runTransition, type TicketRow } from './ticket-command';

/**
 * The status-changing commands that need nothing but the lifecycle, the policy and a timestamp. Dispatch and
 * create live in their own files because they resolve references.
 */
type TransitionCommand = CommandContext & { ticketId: string; request: TTransitionRequest };

const secondsSince = (from: Date | null, to: Date) => (from ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : 0);

/** Closes an open pause (pending_customer) and adds its length to the ticket's paused time. */
export const endPause = (ticket: TicketRow, at: Date): Partial<TicketRow> =>
  ticket.pausedAt ? { pausedAt: null, pausedSeconds: ticket.pausedSeconds + secondsSince(ticket.pausedAt, at) } : {};

const comment = (request: TTransitionRequest) => (request.comment ? { comment: request.comment } : {});

/** The responsible dealer or department accepts the ticket (接单). */
export const acknowledgeTicket = ({ request, ...ctx }: TransitionCommand) =>
  runTransition({
    ctx,
    ticketId: ctx.ticketId,
    expectedVersion: request.version,
    action: 'acknowledge',
    eventType: 'acknowledged',
    payload: comment(request),
    changes: (_ticket, at) => ({ acknowledgedAt: at }),
  });

export const startTicket = ({ request, ...ctx }: TransitionCommand) =>
  runTransition({ ctx, ticketId: ctx.ticketId, expectedVersion: request.version, action: 'start', eventType: 'started', payload: comment(request) });

/** Waiting for the customer: the SLA clocks pause until `resume`. */
export const pendTicket = ({ request, ...ctx }: TransitionCommand) =>
  runTransition({
    ctx,
    ticketId: ctx.ticketId,
    expectedVersion: request.version,
    action: 'pend',
    eventType: 'pended',
    payload: comment(request),
    changes: (_ticket, at) => ({ pausedAt: at }),
  });

export const resumeTicket = ({ request, ...ctx }: TransitionCommand) =>
  runTransition({
    ctx,
    ticketId: ctx.ticketId,
    expectedVersion: request.version,
    action: 'resume',
    eventType: 'resumed',
    payload: comment(request),
    changes: endPause,
  });

export const resolveTicket = ({ request, ...ctx }: TransitionCommand) =>
  runTransition({
    ctx,
    ticketId: ctx.ticketId,
    expectedVersion: request.version,
    action: 'resolve',
    eventType: 'resolved',
    payload: comment(request),
    changes: (ticket, at) => ({ ...endPause(ticket, at), resolvedAt: at }),
    // The copied departments and the agent who opened it hear that it is resolved (the hotline calls back).
    outbox: () => [{ topic: 'ticket.resolved', payload: { resolution: request.comment ?? null } }],
  });

/** The customer is not satisfied: the same responsible party works on it again. */
export const reopenTicket = ({ request, ...ctx }: TransitionCommand) =>
  runTransition({
    ctx,
    ticketId: ctx.ticketId,
    expectedVersion: request.version,
    action: 'reopen',
    eventType: 'reopened',
    payload: comment(request),
    changes: (ticket) => ({ reopenCount: ticket.reopenCount + 1, resolvedAt: null }),
  });

export const closeTicket = ({ request, ...ctx }: TransitionCommand) =>
  runTransition({
    ctx,
    ticketId: ctx.ticketId,
    expectedVersion: request.version,
    action: 'close',
    eventType: 'closed',
    payload: comment(request),
    changes: (_ticket, at) => ({ closedAt: at }),
  });

/** Duplicate or invalid tickets, by the hotline. */
export const cancelTicket = ({ request, ...ctx }: TransitionCommand) =>
  runTransition({
    ctx,
    ticketId: ctx.ticketId,
    expectedVersion: request.version,
    action: 'cancel',
    eventType: 'cancelled',
    payload: comment(request),
    changes: (ticket, at) => ({ ...endPause(ticket, at), cancelledAt: at }),
  });
