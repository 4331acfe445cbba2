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
    return saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at: ctx.now ?? new Date(),
      changes: {},
      events: [{ type: 'note', payload: { visibility: request.visibility, body: request.body } }],
      kind: 'note',
    });
  });
}
