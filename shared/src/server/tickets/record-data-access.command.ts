import { and, eq, gte } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import type { Database } from '../db/client';
import { ticketEvents, tickets } from '../db/schema';
import { lockTicket } from './ticket-command';
import { chainEvents, insertTicketEvents } from './ticket-events';

/** One record per reader, ticket and day is enough to answer "who saw this customer's number, and when". */
const RECORD_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Records on the ticket's audit chain that `actor` read the customer's personal data (`fields`, e.g. the full phone).
 * The ticket's version does not move: reading changes nothing anyone is editing, so it must not make their next write
 * a version conflict. Returns whether an event was written (false when this reader was recorded in the last day).
 */
export async function recordCustomerDataRead(db: Database, actor: Actor, ticketId: string, fields: string[], now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - RECORD_EVERY_MS);
  const recorded = (executor: Pick<Database, 'select'>) =>
    executor
      .select({ id: ticketEvents.id })
      .from(ticketEvents)
      .where(
        and(
          eq(ticketEvents.ticketId, ticketId),
          eq(ticketEvents.type, 'customer_data_viewed'),
          eq(ticketEvents.actorId, actor.id),
          gte(ticketEvents.occurredAt, since),
        ),
      )
      .limit(1);
  // Most reads were recorded already: find that out without locking the ticket.
  if ((await recorded(db)).length > 0) return false;
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, actor, ticketId);
    if ((await recorded(tx)).length > 0) return false;
    const chained = chainEvents({
      ticketId,
      actor,
      occurredAt: now,
      head: { sequence: ticket.auditEventCount, hash: ticket.auditHeadHash },
      events: [{ type: 'customer_data_viewed', payload: { fields } }],
    });
    await tx.update(tickets).set({ auditHeadHash: chained.head.hash, auditEventCount: chained.head.sequence }).where(eq(tickets.id, ticketId));
    await insertTicketEvents(tx, chained.rows);
    return true;
  });
}
