/**
 * The outbox relay: turns committed outbox rows into jobs, at least once, without holding a transaction open while
 * Redis answers (or does not). A pass:
 *   1. claims a batch in one short statement: due rows (FOR UPDATE SKIP LOCKED, so relays side by side never claim the
 *      same row) get `available_at` pushed a lease ahead, which hides them from other relays until the lease runs out;
 *   2. reads each row back through its topic's schema (the registry, shared/src/server/jobs.ts) and hands it, typed,
 *      to the callback (its relay target: a BullMQ job with a deterministic id, or a socket.io publish) outside any
 *      transaction;
 *   3. marks the rows handed over as processed, and gives a row whose hand-over failed its error and a later
 *      `available_at` (backoff); the rows of the batch not yet tried are released for the next pass.
 * A row its schema refuses (or of an unknown topic) is never handed over: it fails like a hand-over, with the reason as
 * its error, stays pending and shows among the stuck rows, and the rest of the batch goes on.
 * A relay that dies after handing a row over and before marking it leaves the row to come due again when the lease
 * runs out: it is handed over again under the same job id (BullMQ keeps one job), and the consumers are idempotent
 * (notifications by their status, timers by re-reading the clocks, live updates are only "go and refetch").
 */
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { outbox } from '../db/schema';
import { MalformedOutboxRow, parseOutboxRow, type RelayedOutboxRow } from '../jobs';

export type OutboxRow = typeof outbox.$inferSelect;

/** How long a claimed row stays hidden from other relays: far longer than a batch takes while Redis answers. */
export const OUTBOX_LEASE_SECONDS = 60;

const backoffSeconds = (attempts: number) => Math.min(300, 2 ** attempts);
const later = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

/** Claims up to `limit` due rows for this relay, oldest first (see the module comment). */
async function claimOutboxRows(db: Database, limit: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(isNull(outbox.processedAt), lte(outbox.availableAt, sql`now()`)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db.update(outbox).set({ availableAt: later(OUTBOX_LEASE_SECONDS) }).where(inArray(outbox.id, due)).returning();
  return rows.sort((a, b) => a.id - b.id);
}

const errorText = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 500);

/** Gives a failed row its error, one attempt more and a later `available_at`; it stays pending. */
async function recordFailure(db: Database, row: OutboxRow, error: unknown): Promise<void> {
  const attempts = row.attempts + 1;
  await db
    .update(outbox)
    .set({ attempts, lastError: errorText(error), availableAt: later(backoffSeconds(attempts)) })
    .where(and(eq(outbox.id, row.id), isNull(outbox.processedAt)));
}

/**
 * One relay pass (see the module comment). `failed` counts the rows that failed this pass: a refused hand-over, and
 * every malformed row (each also told to `onMalformed`, which the workers log).
 */
export async function relayOutboxBatch(
  db: Database,
  enqueue: (row: RelayedOutboxRow) => Promise<void>,
  limit = 100,
  onMalformed: (error: MalformedOutboxRow) => void = () => undefined,
): Promise<{ relayed: number; failed: number }> {
  const rows = await claimOutboxRows(db, limit);
  const handedOver: number[] = [];
  let malformed = 0;
  let failure: { row: OutboxRow; error: unknown } | null = null;
  for (const row of rows) {
    let relayed: RelayedOutboxRow;
    try {
      relayed = parseOutboxRow(row);
    } catch (error) {
      if (!(error instanceof MalformedOutboxRow)) throw error;
      // The row's own fault, not Redis's: it is recorded and the batch goes on.
      malformed += 1;
      onMalformed(error);
      await recordFailure(db, row, error);
      continue;
    }
    try {
      await enqueue(relayed);
      handedOver.push(row.id);
    } catch (error) {
      // Most failures are Redis being away: the rest of the batch would fail the same way, one timeout each.
      failure = { row, error };
      break;
    }
  }
  if (handedOver.length > 0) {
    await db
      .update(outbox)
      .set({ processedAt: sql`now()`, attempts: sql`${outbox.attempts} + 1` })
      .where(and(inArray(outbox.id, handedOver), isNull(outbox.processedAt)));
  }
  if (failure) {
    const { row, error } = failure;
    await recordFailure(db, row, error);
    const untried = rows.filter((candidate) => candidate.id > row.id).map((candidate) => candidate.id);
    // Not their fault: they keep their attempt count and come due again shortly.
    if (untried.length > 0) await db.update(outbox).set({ availableAt: later(backoffSeconds(1)) }).where(and(inArray(outbox.id, untried), isNull(outbox.processedAt)));
  }
  return { relayed: handedOver.length, failed: malformed + (failure ? 1 : 0) };
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
