import { AppError } from '../../errors/app-error';
import type { TAddNoteRequest } from '../../tickets/ticket.schemas';
import { canAddNote } from '../../tickets/ticket-policy';
import { assertVersion, type CommandContext, lockTicket, saveTicketChange, type TicketRow, toPolicyTicket } from './ticket-command';

/**
 * Adds a note to the timeline: `internal` for OEM staff, `dealer` visible to the responsible dealer too.
 * The version is optional (notes do not conflict with each other) but checked when given.
 */
export async function addNote(ctx: CommandContext & { ticketId: string; request: TAddNoteRequest }): Promise<TicketRow> {
  const { request } = ctx;
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.actor, ctx.ticketId);
    assertVersion(ticket, request.version);
    if (!canAddNote(ctx.actor, toPolicyTicket(ticket), request.visibility)) {
      throw new AppError(ticket.status === 'closed' || ticket.status === 'cancelled' ? 'INVALID_TRANSITION' : 'FORBIDDEN', {
        action: 'note',
        visibility: request.visibility,
      });
    }
    const at = ctx.now ?? new Date();
    // A copied department's first note is its finding: it meets the department's internal clock (the SLA planner's
    // rule), and the clock's timers are taken down through `sla.changed` like any other clock that stops.
    const findingByDepartmentId = ctx.actor.role === 'dept_user' ? ctx.actor.departmentId : null;
    return saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes: {},
      events: [{ type: 'note', payload: { visibility: request.visibility, body: request.body } }],
      kind: 'note',
      sla: { findingByDepartmentId },
    });
  });
}
