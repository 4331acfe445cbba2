/** What every edit of the category tree shares: one writer at a time, the row locked, references checked. */
import { eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import type { Executor } from '../db/client';
import { categories, departments } from '../db/schema';
import type { CategoryRow } from './category-cache';

/** Tree edits take this transaction lock first: two moves at once could otherwise each pass the cycle check. */
const CATEGORY_TREE_LOCK = 7274320;

export async function lockCategoryTree(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CATEGORY_TREE_LOCK})`);
}

/** The category, locked for the rest of the transaction; none: 404 NOT_FOUND. */
export async function lockCategory(tx: Executor, id: string): Promise<CategoryRow> {
  const [row] = await tx.select().from(categories).where(eq(categories.id, id)).for('update');
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** A parent named in the body; none: 422 UNKNOWN_REFERENCE (the body's reference, not the URL's). */
export async function parentOf(tx: Executor, parentId: string | null): Promise<CategoryRow | null> {
  if (parentId === null) return null;
  const [row] = await tx.select().from(categories).where(eq(categories.id, parentId));
  if (!row) throw new AppError('UNKNOWN_REFERENCE', { field: 'parentId' });
  return row;
}

/** Every department to copy exists and is active; otherwise 422 UNKNOWN_REFERENCE naming the first that does not. */
export async function checkDepartments(tx: Executor, ids: readonly string[] | undefined): Promise<void> {
  if (!ids || ids.length === 0) return;
  const rows = await tx.select({ id: departments.id, active: departments.active }).from(departments).where(inArray(departments.id, [...ids]));
  const usable = new Set(rows.filter((row) => row.active).map((row) => row.id));
  const missing = ids.find((id) => !usable.has(id));
  if (missing) throw new AppError('UNKNOWN_REFERENCE', { field: 'ccDepartmentIds', id: missing });
}
