import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import type { TUpdateUserRequest } from '../../directory/directory.schemas';
import { AppError } from '../../errors/app-error';
import type { Role } from '../../tickets/ticket-vocabulary';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { findDirectoryUser } from './directory-queries';
import { checkedUserScope } from './user-scope';
import { recordConfigChange } from '../audit/config-changes';
import { access, requireAccess } from '../../auth/access';

/**
 * Changes a user's display name, e-mail, role or scope. A role change that leaves the scope unsaid drops the scope
 * the new role does not have (an agent made dealer_user must be given a dealer). Admins cannot demote themselves, so
 * the last admin cannot lock everyone out by accident.
 */
export async function updateUser(db: Database, actor: Actor, id: string, changes: TUpdateUserRequest) {
  requireAccess(actor, access.admin);
  const current = await findDirectoryUser(db, id);
  if (!current) throw new AppError('NOT_FOUND');
  const role = (changes.role ?? current.role) as Role;
  if (id === actor.id && role !== 'admin') throw new AppError('FORBIDDEN', { reason: 'own_role' });
  const roleChanged = changes.role !== undefined && changes.role !== current.role;
  const scope = await checkedUserScope(db, {
    role,
    dealerId: changes.dealerId !== undefined ? changes.dealerId : roleChanged ? null : current.dealerId,
    departmentId: changes.departmentId !== undefined ? changes.departmentId : roleChanged ? null : current.departmentId,
  });
  await db.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({
        ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
        ...(changes.email !== undefined ? { email: changes.email } : {}),
        role,
        ...scope,
      })
      .where(eq(users.id, id))
      .returning({ displayName: users.displayName, email: users.email, role: users.role, dealerId: users.dealerId, departmentId: users.departmentId });
    const before = { displayName: current.displayName, email: current.email, role: current.role, dealerId: current.dealerId, departmentId: current.departmentId };
    await recordConfigChange(tx, actor, { entity: 'user', entityId: id, action: 'update', before, after });
  });
  return (await findDirectoryUser(db, id))!;
}
