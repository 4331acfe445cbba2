import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type { Database } from '../db/client';
import { sessions, users } from '../db/schema';
import { findDirectoryUser } from './directory-queries';
import { recordConfigChange } from '../audit/config-changes';
import { access, requireAccess } from '../../auth/access';

/**
 * Deactivates or reactivates a user. Deactivating ends every session of theirs in the same transaction (sign-in
 * refuses inactive users already; ending the sessions also closes their sockets at the next session check).
 */
export async function setUserActive(db: Database, actor: Actor, id: string, active: boolean) {
  requireAccess(actor, access.admin);
  if (!active && id === actor.id) throw new AppError('FORBIDDEN', { reason: 'own_account' });
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ active: users.active }).from(users).where(eq(users.id, id)).for('update');
    const [updated] = await tx.update(users).set({ active }).where(eq(users.id, id)).returning({ id: users.id });
    if (!updated || !before) throw new AppError('NOT_FOUND');
    await recordConfigChange(tx, actor, { entity: 'user', entityId: id, action: active ? 'reactivate' : 'deactivate', before, after: { active } });
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, id));
  });
  return (await findDirectoryUser(db, id))!;
}
