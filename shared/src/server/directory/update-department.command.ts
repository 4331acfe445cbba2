import { eq } from 'drizzle-orm';
import type { TUpdateDepartmentRequest } from '../../directory/directory.schemas';
import { AppError } from '../../errors/app-error';
import type { Database } from '../db/client';
import { calendars, departments } from '../db/schema';
import { forgetSlaCaches } from '../sla/sla-clocks';
import { listDirectoryDepartments } from './directory-queries';
import type { Actor } from '../../auth/actor';
import { recordConfigChange } from '../audit/config-changes';
import { access, requireAccess } from '../../auth/access';

/** Renames a department, or changes where its mail goes or the calendar its internal clocks count on. */
export async function updateDepartment(db: Database, actor: Actor, id: string, changes: TUpdateDepartmentRequest) {
  requireAccess(actor, access.admin);
  if (changes.calendarId) {
    const [calendar] = await db.select({ id: calendars.id }).from(calendars).where(eq(calendars.id, changes.calendarId));
    if (!calendar) throw new AppError('UNKNOWN_REFERENCE', { field: 'calendarId' });
  }
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(departments).where(eq(departments.id, id)).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    const [after] = await tx.update(departments).set(changes).where(eq(departments.id, id)).returning();
    await recordConfigChange(tx, actor, { entity: 'department', entityId: id, action: 'update', before, after });
  });
  // Its internal clocks count on the new calendar from now on, in this process at once.
  if (changes.calendarId) forgetSlaCaches();
  return (await listDirectoryDepartments(db)).find((department) => department.id === id)!;
}
