import { sql } from 'drizzle-orm';
import { TICKET_NUMBER_PREFIX, type TicketType } from '../../tickets/ticket-vocabulary';
import type { Executor } from '../db/client';
import { ticketNumberCounters } from '../db/schema';

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The next ticket number, e.g. TS20261122-00042: type prefix, the day in China, a per-type per-day sequence. */
export async function nextTicketNumber(tx: Executor, type: TicketType, at: Date): Promise<string> {
  const day = shanghaiDate.format(at).replaceAll('-', '');
  const key = `${TICKET_NUMBER_PREFIX[type]}${day}`;
  const [counter] = await tx
    .insert(ticketNumberCounters)
    .values({ key, lastValue: 1 })
    .onConflictDoUpdate({ target: ticketNumberCounters.key, set: { lastValue: sql`${ticketNumberCounters.lastValue} + 1` } })
    .returning({ lastValue: ticketNumberCounters.lastValue });
  return `${key}-${String(counter.lastValue).padStart(5, '0')}`;
}
