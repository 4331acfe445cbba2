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
 *
 * On a PostgreSQL server that transaction is one round trip: both statements go in one simple-protocol message, which
 * PostgreSQL runs as one implicit transaction (rolled back whole on an error). PGlite runs in process, where a round
 * trip costs nothing, and takes the plain transaction.
 */
export async function nextTicketNumber(db: Database, type: TicketType, at: Date): Promise<string> {
  const day = shanghaiDate.format(at).replaceAll('-', '');
  const key = `${TICKET_NUMBER_PREFIX[type]}${day}`;
  const pool = (db as unknown as { $client?: PgPoolLike }).$client;
  let value: number;
  if (pool && typeof pool.query === 'function' && 'totalCount' in pool) {
    // The key is two capitals and eight digits, made here: safe to write into the text (no parameters in this protocol).
    if (!/^[A-Z]{2}\d{8}$/.test(key)) throw new Error(`unexpected ticket number key ${key}`);
    const results = await pool.query(
      `set local synchronous_commit = off;
       insert into ticket_number_counters (key, last_value) values ('${key}', 1)
       on conflict (key) do update set last_value = ticket_number_counters.last_value + 1
       returning last_value`,
    );
    value = Number(results[1].rows[0].last_value);
  } else {
    const counter = await db.transaction(async (tx) => {
      await tx.execute(sql`set local synchronous_commit = off`);
      const [row] = await tx
        .insert(ticketNumberCounters)
        .values({ key, lastValue: 1 })
        .onConflictDoUpdate({ target: ticketNumberCounters.key, set: { lastValue: sql`${ticketNumberCounters.lastValue} + 1` } })
        .returning({ lastValue: ticketNumberCounters.lastValue });
      return row;
    });
    value = counter.lastValue;
  }
  return `${key}-${String(value).padStart(5, '0')}`;
}

/** The part of node-postgres' Pool used here: a query without parameters may hold several statements. */
interface PgPoolLike {
  totalCount: number;
  query(text: string): Promise<Array<{ rows: Array<Record<string, unknown>> }>>;
}
