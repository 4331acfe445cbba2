import { sql } from 'drizzle-orm';
import { TICKET_NUMBER_PREFIX, type TicketType } from '../../tickets/ticket-vocabulary';
import type { Database } from '../db/client';
import { ticketNumberCounters } from '../db/schema';

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The next ticket number, e.g. TS20261122-00042: type prefix, the day in China, a per-type per-day sequence.
 *
 * Every create of a type and day increments one row, so that row is the hottest lock in the system. It is drawn in
 * its own transaction with synchronous_commit off: the lock is released without waiting for the WAL flush, and the
 * increment becomes durable no later than the ticket that uses it (whose commit flushes the WAL up to itself). A
 * crash can lose only increments whose tickets were lost too; the unique index on tickets.number stays the guard.
 */
export async function nextTicketNumber(db: Database, type: TicketType, at: Date): Promise<string> {
  const day = shanghaiDate.format(at).replaceAll('-', '');
  const key = `${TICKET_NUMBER_PREFIX[type]}${day}`;
  const counter = await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    const [row] = await tx
      .insert(ticketNumberCounters)
      .values({ key, lastValue: 1 })
      .onConflictDoUpdate({ target: ticketNumberCounters.key, set: { lastValue: sql`${ticketNumberCounters.lastValue} + 1` } })
      .returning({ lastValue: ticketNumberCounters.lastValue });
    return row;
  });
  return `${key}-${String(counter.lastValue).padStart(5, '0')}`;
}
