import { eq } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { hashPassword } from '../auth/password';
import type { Database } from '../db/client';
import { sessions, users } from '../db/schema';

/** Sets a new password chosen by an admin and ends the user's sessions, so whoever knew the old one is signed out. */
export async function resetUserPassword(db: Database, id: string, password: string) {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [updated] = await tx.update(users).set({ passwordHash }).where(eq(users.id, id)).returning({ id: users.id });
    if (!updated) throw new AppError('NOT_FOUND');
    await tx.delete(sessions).where(eq(sessions.userId, id));
  });
}
