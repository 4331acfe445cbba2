import { eq } from 'drizzle-orm';
import { scopeOfRole } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type { Role } from '../../tickets/ticket-vocabulary';
import type { Executor } from '../db/client';
import { dealers, departments } from '../db/schema';

/**
 * Checks that a user's dealer or department fits the role (dealer roles need a dealer, dept_user a department, the
 * hotline roles neither) and exists; returns the scope to store.
 */
export async function checkedUserScope(
  db: Executor,
  scope: { role: Role; dealerId: string | null; departmentId: string | null },
): Promise<{ dealerId: string | null; departmentId: string | null }> {
  const kind = scopeOfRole(scope.role);
  const issue = (path: string, message: string) => new AppError('VALIDATION_FAILED', { issues: [{ path, code: 'custom', message }] });
  if (kind === 'dealer') {
    if (!scope.dealerId) throw issue('dealerId', 'required for this role');
    if (scope.departmentId) throw issue('departmentId', 'not allowed for this role');
    const [dealer] = await db.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, scope.dealerId));
    if (!dealer) throw new AppError('UNKNOWN_REFERENCE', { field: 'dealerId' });
  } else if (kind === 'department') {
    if (!scope.departmentId) throw issue('departmentId', 'required for this role');
    if (scope.dealerId) throw issue('dealerId', 'not allowed for this role');
    const [department] = await db.select({ id: departments.id }).from(departments).where(eq(departments.id, scope.departmentId));
    if (!department) throw new AppError('UNKNOWN_REFERENCE', { field: 'departmentId' });
  } else {
    if (scope.dealerId) throw issue('dealerId', 'not allowed for this role');
    if (scope.departmentId) throw issue('departmentId', 'not allowed for this role');
  }
  return { dealerId: scope.dealerId, departmentId: scope.departmentId };
}
