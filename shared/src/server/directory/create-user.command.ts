import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { TCreateUserRequest } from '../../directory/directory.schemas';
import { AppError } from '../../errors/app-error';
import { hashPassword } from '../auth/password';
import { assertPasswordAllowed } from '../auth/password-rules';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { findDirectoryUser } from './directory-queries';
import { checkedUserScope } from './user-scope';
import type { Actor } from '../../auth/actor';
import { recordConfigChange } from '../audit/config-changes';
import { access, requireAccess } from '../../auth/access';

/**
 * Creates a user with an initial password (scrypt-hashed; WEAK_PASSWORD when it breaks a password rule). A taken
 * username is a DUPLICATE naming the existing user.
 */
export async function createUser(db: Database, actor: Actor, input: TCreateUserRequest, options: { production: boolean }) {
  requireAccess(actor, access.admin);
  assertPasswordAllowed({ password: input.password, username: input.username, production: options.production });
  const scope = await checkedUserScope(db, { role: input.role, dealerId: input.dealerId ?? null, departmentId: input.departmentId ?? null });
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (existing) throw new AppError('DUPLICATE', { field: 'username', existingId: existing.id });
    // The unique index settles a race between two admins; the check above names the existing user.
    const inserted = await tx
      .insert(users)
      .values({
        id,
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        role: input.role,
        ...scope,
        locale: input.locale ?? 'zh-CN',
        passwordHash,
        passwordChangedAt: new Date(),
      })
      .onConflictDoNothing({ target: users.username })
      .returning({ id: users.id });
    if (inserted.length === 0) throw new AppError('DUPLICATE', { field: 'username' });
    const after = { username: input.username, displayName: input.displayName, email: input.email ?? null, role: input.role, ...scope, locale: input.locale ?? 'zh-CN' };
    await recordConfigChange(tx, actor, { entity: 'user', entityId: id, action: 'create', before: null, after });
  });
  return (await findDirectoryUser(db, id))!;
}
