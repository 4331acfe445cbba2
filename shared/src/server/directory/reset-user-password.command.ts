import { eq } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { hashPassword } from '../auth/password';
import { assertPasswordAllowed } from '../auth/password-rules';
import type { Database } from '../db/client';
import { sessions, users } from '../db/schema';
import type { Actor } from '../../auth/actor';
import { recordConfigChange } from '../audit/config-changes';
import { access, requireAccess } from '../../auth/access';

/**
 * Sets a new password chosen by an admin (WEAK_PASSWORD when it breaks a password rule) and ends the user's sessions,
 * so whoever knew the old one is signed out.
 */
export async function resetUserPassword(db: Database, actor: Actor, id: string, password: string, options: { production: boolean }) {
  requireAccess(actor, access.admin);
  const [user] = await db.select({ username: users.username }).from(users).where(eq(users.id, id));
  if (!user) throw new AppError('NOT_FOUND');
  assertPasswordAllowed({ password, username: user.username, production: options.production });
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [updated] = await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, id)).returning({ id: users.id });
    if (!updated) throw new AppError('NOT_FOUND');
    await tx.delete(sessions).where(eq(sessions.userId, id));
    // The password itself is never recorded: only that an admin set a new one.
    await recordConfigChange(tx, actor, { entity: 'user', entityId: id, action: 'reset_password', before: { password: 'previous' }, after: { password: 'set by an admin' } });
  });
}
