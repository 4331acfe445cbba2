import { SYSTEM_ACTOR } from '../../auth/actor';
import type { TRejectTicketRequest } from '../../tickets/ticket.schemas';
import { loadRoutingSnapshot, MAX_REJECTIONS, planRouting, saveRoutingPlan, supervisorQueuePlan } from '../routing/route-ticket.command';
import { assertVersion, authorizeAction, type CommandContext, lockTicket, type TicketRow } from './ticket-command';

/**
 * The responsible party refuses the ticket with a coded reason (退单). That dealer or department is excluded for good and the
 * ticket is routed again at once, in the same transaction; after MAX_REJECTIONS rejections it waits in the
 * supervisor queue instead of hopping on.
 */
export async function rejectTicket(ctx: CommandContext & { ticketId: string; request: TRejectTicketRequest }): Promise<TicketRow> {
  const { request } = ctx;
  const at = ctx.now ?? new Date();
  const snapshot = await loadRoutingSnapshot(ctx.db, at);
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.actor, ctx.ticketId);
    assertVersion(ticket, request.version);
    const to = authorizeAction(ctx.actor, ticket, 'reject');
    const rejected: Partial<TicketRow> = {
      status: to,
      responsibleDealerId: null,
      responsibleDepartmentId: null,
      rerouteCount: ticket.rerouteCount + 1,
      excludedDealerIds: ticket.responsibleDealerId ? [...new Set([...ticket.excludedDealerIds, ticket.responsibleDealerId])] : ticket.excludedDealerIds,
      excludedDepartmentIds: ticket.responsibleDepartmentId
        ? [...new Set([...ticket.excludedDepartmentIds, ticket.responsibleDepartmentId])]
        : ticket.excludedDepartmentIds,
    };
    const afterRejection: TicketRow = { ...ticket, ...rejected };
    const plan =
      afterRejection.rerouteCount >= MAX_REJECTIONS
        ? supervisorQueuePlan(afterRejection, snapshot, 'too_many_rejections', at)
        : await planRouting({ tx, ticket: afterRejection, snapshot, at, from: to });
    // The reject is the rejecter's; the routing that follows is careline's own, and the history says so.
    const routedBySystem = { ...plan, events: plan.events.map((event) => ({ ...event, actor: SYSTEM_ACTOR })) };
    return saveRoutingPlan(tx, ctx.actor, ticket, routedBySystem, at, {
      changes: rejected,
      events: [
        {
          type: 'rejected',
          payload: {
            from: ticket.status,
            to,
            dealerId: ticket.responsibleDealerId,
            departmentId: ticket.responsibleDepartmentId,
            reasonCode: request.reasonCode,
            reasonText: request.reasonText ?? null,
            rejections: afterRejection.rerouteCount,
          },
        },
      ],
      outbox: [{ topic: 'ticket.rejected', payload: { ticketId: ticket.id, dealerId: ticket.responsibleDealerId, reasonCode: request.reasonCode } }],
    });
  });
}
