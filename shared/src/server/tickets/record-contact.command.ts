import { AppError } from '../../errors/app-error';
import type { TContactAttemptRequest } from '../../tickets/ticket.schemas';
import { canRecordContact } from '../../tickets/ticket-policy';
import { assertVersion, type CommandContext, lockTicket, saveTicketChange, type TicketRow, toPolicyTicket } from './ticket-command';

/**
 * A call or message to the customer. The first one that reaches the customer is the first contact the SLA's
 * first-contact clock measures; every attempt is on the timeline (QA checks promised callbacks against them).
 */
export async function recordContactAttempt(ctx: CommandContext & { ticketId: string; request: TContactAttemptRequest }): Promise<TicketRow> {
  const { request } = ctx;
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.actor, ctx.ticketId);
    assertVersion(ticket, request.version);
    if (!canRecordContact(ctx.actor, toPolicyTicket(ticket))) throw new AppError('FORBIDDEN', { action: 'contact', status: ticket.status });
    const at = ctx.now ?? new Date();
    const first = request.outcome === 'reached' && ticket.firstContactAt === null;
    return saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes: first ? { firstContactAt: at } : {},
      events: [{ type: 'contact_attempt', payload: { outcome: request.outcome, note: request.note ?? null, firstContact: first } }],
      kind: 'contact_attempt',
    });
  });
}
