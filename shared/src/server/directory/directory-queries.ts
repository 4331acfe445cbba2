import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { TUserListQuery } from '../../directory/directory.schemas';
import type { Executor } from '../db/client';
import { departments, users } from '../db/schema';

/** What admins see of a user: never the password hash. */
export const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  role: users.role,
  dealerId: users.dealerId,
  departmentId: users.departmentId,
  locale: users.locale,
  active: users.active,
  createdAt: users.createdAt,
  /** When the user's TOTP second factor was confirmed; null: none (admins may reset it). */
  mfaEnabledAt: users.totpEnabledAt,
};


export async function findDirectoryUser(db: Executor, id: string) {
  const [user] = await db.select(userColumns).from(users).where(eq(users.id, id));
  return user ?? null;
}

/** LIKE pattern for free text, with the user's % and _ taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** Users filtered by role, dealer, department, state and text; one page (offset) and the total. */
export async function listDirectoryUsers(db: Executor, query: TUserListQuery) {
  const conditions: Array<SQL | undefined> = [];
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.dealerId) conditions.push(eq(users.dealerId, query.dealerId));
  if (query.departmentId) conditions.push(eq(users.departmentId, query.departmentId));
  if (query.active) conditions.push(eq(users.active, query.active === 'true'));
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(users.email, pattern)));
  }
  const where = and(...conditions);
  const [items, [{ total }]] = await Promise.all([
    db.select(userColumns).from(users).where(where).orderBy(asc(users.username)).limit(query.limit).offset(query.offset),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { items, total: Number(total) };
}

/** Every department with its mail addresses and calendar. */
export async function listDirectoryDepartments(db: Executor) {
  return db
    .select({
      id: departments.id,
      code: departments.code,
      nameZh: departments.nameZh,
      nameEn: departments.nameEn,
      notificationEmails: departments.notificationEmails,
      calendarId: departments.calendarId,
      active: departments.active,
    })
    .from(departments)
    .orderBy(asc(departments.code));
}
