import { lt } from 'drizzle-orm';
import type { Database } from '../db/client';
import { idempotencyKeys, sessions } from '../db/schema';

/** How long an Idempotency-Key protects against a duplicate: a day covers every client retry policy we know of. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** Deletes expired sessions and idempotency keys past their window. Safe to run on any schedule, by any worker. */
export async function purgeExpired(db: Database, now = new Date()): Promise<{ sessions: number; idempotencyKeys: number }> {
  // One transaction, so a purge is seen whole or not at all.
  return db.transaction(async (tx) => {
    const expiredSessions = await tx.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ tokenHash: sessions.tokenHash });
    const oldKeys = await tx
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS)))
      .returning({ key: idempotencyKeys.key });
    return { sessions: expiredSessions.length, idempotencyKeys: oldKeys.length };
  });
}
