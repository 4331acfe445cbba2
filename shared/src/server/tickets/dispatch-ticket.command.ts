import { eq, inArray } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import type { TDispatchTicketRequest } from '../../tickets/ticket.schemas';
import type { Executor } from '../db/client';
import { dealers, departments } from '../db/schema';
import { assertVersion, authorizeAction, type CommandContext, lockTicket, saveTicketChange, type TicketRow } from './ticket-command';

async function resolveTarget(tx: Executor, ticket: TicketRow, request: TDispatchTicketRequest) {
  if (request.dealerId) {
    const [dealer] = await tx.select().from(dealers).where(eq(dealers.id, request.dealerId));
    if (!dealer || !dealer.active) throw new AppError('UNKNOWN_REFERENCE', { field: 'dealerId' });
    // A dealer that rejected this ticket is never sent it again.
    if (ticket.excludedDealerIds.includes(dealer.id)) throw new AppError('UNKNOWN_REFERENCE', { field: 'dealerId', reason: 'rejected_before' });
    return { dealerId: dealer.id, departmentId: null, regionId: dealer.regionId };
  }
  const [department] = await tx.select().from(departments).where(eq(departments.id, request.departmentId!));
  if (!department || !department.active) throw new AppError('UNKNOWN_REFERENCE', { field: 'departmentId' });
  return { dealerId: null, departmentId: department.id, regionId: ticket.regionId };
}

/**
 * Makes a dealer or a department responsible for the ticket, by hand (agents for new and rerouted tickets,
 * supervisors also as a transfer of an owned one). Extra copied departments are added to the category's.
 */
export async function dispatchTicket(
  ctx: CommandContext & { ticketId: string; request: TDispatchTicketRequest },
): Promise<TicketRow> {
  const { request } = ctx;
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.actor, ctx.ticketId);
    assertVersion(ticket, request.version);
    const to = authorizeAction(ctx.actor, ticket, 'dispatch');
    const target = await resolveTarget(tx, ticket, request);
    const extraCopies = request.ccDepartmentIds ?? [];
    if (extraCopies.length > 0) {
      const found = await tx.select({ id: departments.id }).from(departments).where(inArray(departments.id, extraCopies));
      if (found.length !== new Set(extraCopies).size) throw new AppError('UNKNOWN_REFERENCE', { field: 'ccDepartmentIds' });
    }
    const ccDepartmentIds = [...new Set([...ticket.ccDepartmentIds, ...extraCopies])];
    const at = ctx.now ?? new Date();
    const transfer = ticket.status !== 'new' && ticket.status !== 'rerouted';
    return saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes: {
        status: to,
        responsibleDealerId: target.dealerId,
        responsibleDepartmentId: target.departmentId,
        regionId: target.regionId,
        ccDepartmentIds,
        dispatchedAt: at,
        acknowledgedAt: null,
      },
      events: [
        {
          type: 'dispatched',
          payload: {
            from: ticket.status,
            to,
            mode: 'manual',
            transfer,
            dealerId: target.dealerId,
            departmentId: target.departmentId,
            previousDealerId: ticket.responsibleDealerId,
            previousDepartmentId: ticket.responsibleDepartmentId,
            ccDepartmentIds,
            reason: request.reason ?? null,
          },
        },
      ],
      kind: 'dispatched',
      outbox: [
        {
          topic: 'ticket.dispatched',
          payload: { ticketId: ticket.id, dealerId: target.dealerId, departmentId: target.departmentId, ccDepartmentIds },
        },
      ],
    });
  });
}
