import { eq } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { hashPassword, verifyPassword } from './password';
import { assertPasswordAllowed } from './password-rules';
import { endSessionsOfUser } from './sessions';

/**
 * A user changes their own password: INVALID_CREDENTIALS when the current one is wrong, WEAK_PASSWORD when the new one
 * breaks a rule. Every other session of theirs ends (whoever knew the old password is signed out); `keepSessionToken`'s
 * stays.
 */
export async function changeOwnPassword(
  db: Database,
  options: { userId: string; currentPassword: string; newPassword: string; keepSessionToken?: string; production: boolean },
): Promise<void> {
  const [user] = await db.select({ username: users.username, passwordHash: users.passwordHash }).from(users).where(eq(users.id, options.userId));
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(options.currentPassword, user.passwordHash))) throw new AppError('INVALID_CREDENTIALS');
  assertPasswordAllowed({ password: options.newPassword, username: user.username, production: options.production });
  const passwordHash = await hashPassword(options.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, options.userId));
    await endSessionsOfUser(tx, options.userId, options.keepSessionToken);
  });
}
