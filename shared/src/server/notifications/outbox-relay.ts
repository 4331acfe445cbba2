/**
 * The outbox relay: turns committed outbox rows into jobs, at least once. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several workers relay side by side without taking the same row; a row whose enqueue
 * fails stays pending with its error and a later `available_at` (backoff) and is tried again.
 */
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { outbox } from '../db/schema';
import { OUTBOX_TOPICS, type OutboxTopic } from '../tickets/ticket-events';

export type OutboxRow = typeof outbox.$inferSelect;

/** Every topic is handed to the relay's callback (a job, or a socket.io emit for 'ticket.changed'). */
export const RELAYED_TOPICS: readonly OutboxTopic[] = OUTBOX_TOPICS;

const backoffSeconds = (attempts: number) => Math.min(300, 2 ** attempts);

export async function relayOutboxBatch(db: Database, enqueue: (row: OutboxRow) => Promise<void>, limit = 100): Promise<{ relayed: number; failed: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(and(isNull(outbox.processedAt), lte(outbox.availableAt, new Date())))
      .orderBy(asc(outbox.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    let relayed = 0;
    let failed = 0;
    for (const row of rows) {
      try {
        if (RELAYED_TOPICS.includes(row.topic as OutboxTopic)) await enqueue(row);
        await tx.update(outbox).set({ processedAt: new Date(), attempts: row.attempts + 1 }).where(eq(outbox.id, row.id));
        relayed += 1;
      } catch (error) {
        failed += 1;
        await tx
          .update(outbox)
          .set({
            attempts: row.attempts + 1,
            lastError: String((error as Error).message ?? error).slice(0, 500),
            availableAt: sql`now() + make_interval(secs => ${backoffSeconds(row.attempts + 1)})`,
          })
          .where(eq(outbox.id, row.id));
      }
    }
    return { relayed, failed };
  });
}

/** Rows that failed at least once and are still pending: what an admin looks at when mail stops flowing. */
export async function listStuckOutbox(db: Database) {
  return db.select().from(outbox).where(and(isNull(outbox.processedAt), sql`${outbox.attempts} > 0`)).orderBy(asc(outbox.id)).limit(500);
}

/** Makes a stuck row due now (the relay takes it on its next pass). */
export async function retryOutboxRow(db: Database, id: number): Promise<boolean> {
  const rows = await db.update(outbox).set({ availableAt: new Date() }).where(and(eq(outbox.id, id), isNull(outbox.processedAt))).returning({ id: outbox.id });
  return rows.length > 0;
}
