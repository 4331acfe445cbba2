import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import type { Database, Executor } from '../db/client';
import { notifications } from '../db/schema';
import type { NotificationRow } from './deliver-notification.command';

/** Due now, with a fresh retry window (counted from `notBefore`) and attempts counted afresh. */
const dueAgain = (now: Date) => ({ status: 'pending' as const, nextAttemptAt: now, notBefore: now, attempts: 0, sendingAt: null });

/** The notifications that went out in the given digests ride on them again. */
async function itemsRideAlong(tx: Executor, digestIds: string[]) {
  if (digestIds.length > 0) await tx.update(notifications).set({ status: 'sending', sentAt: null }).where(inArray(notifications.digestId, digestIds));
}

/**
 * An admin's resend: a failed notification (or a sent one that never arrived) becomes pending and due now, with its
 * retry window restarted; the workers' retry pass sends it, under the same Message-ID. A notification that went out
 * in a digest resends the digest. One that is waiting anyway is made due now; one being sent at this moment is left
 * to that attempt. Throws NOT_FOUND for an unknown id.
 */
export async function resendNotification(db: Database, options: { id: string; now?: Date }): Promise<NotificationRow> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [named] = await tx.select().from(notifications).where(eq(notifications.id, options.id)).for('update');
    if (!named) throw new AppError('NOT_FOUND');
    const [target] = named.digestId ? await tx.select().from(notifications).where(eq(notifications.id, named.digestId)).for('update') : [named];
    if (!target) throw new AppError('NOT_FOUND');
    const change: Record<NotificationRow['status'], Partial<NotificationRow> | null> = {
      failed: dueAgain(now),
      sent: dueAgain(now),
      pending: { nextAttemptAt: now },
      scheduled: { notBefore: now },
      sending: null,
    };
    const patch = change[target.status];
    if (!patch) return target;
    const [updated] = await tx.update(notifications).set(patch).where(eq(notifications.id, target.id)).returning();
    if (target.kind === 'digest') await itemsRideAlong(tx, [target.id]);
    return updated;
  });
}

/** Resends every failed notification (each digest once, with its items): what an admin does after an outage. */
export async function resendFailedNotifications(db: Database, options: { now?: Date } = {}): Promise<{ resent: number }> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const failedUnits: SQL = and(eq(notifications.status, 'failed'), isNull(notifications.digestId))!;
    const resent = await tx.update(notifications).set(dueAgain(now)).where(failedUnits).returning({ id: notifications.id, kind: notifications.kind });
    await itemsRideAlong(
      tx,
      resent.filter((row) => row.kind === 'digest').map((row) => row.id),
    );
    return { resent: resent.length };
  });
}
