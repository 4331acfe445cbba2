import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import { AppError } from '../../errors/app-error';
import { moveProblem, pathUnder } from '../../reference/category-tree';
import { recordConfigChange } from '../audit/config-changes';
import type { Database } from '../db/client';
import { categories } from '../db/schema';
import { lockCategory, lockCategoryTree, parentOf } from './category-admin';
import { type CategoryRow, forgetCategories } from './category-cache';
import { subtreeOf } from './category-subtree';

/**
 * Moves a category, with everything below it, under another parent of the same ticket type (null: it becomes a root of
 * its type), after its new siblings. The subtree's paths are rewritten in the same transaction, so the reports' and
 * the ticket list's subtree filters follow at once; ids and codes stay, so tickets and routing rules keep theirs.
 * Refused: under itself or its subtree (422 CATEGORY_CYCLE), another ticket type (422 CATEGORY_TYPE_MISMATCH), an
 * active category under a deactivated parent (422 CATEGORY_PARENT_INACTIVE), an unknown parent (422 UNKNOWN_REFERENCE).
 */
export async function moveCategory(db: Database, actor: Actor, id: string, parentId: string | null): Promise<CategoryRow> {
  requireAccess(actor, access.admin);
  const moved = await db.transaction(async (tx) => {
    await lockCategoryTree(tx);
    const before = await lockCategory(tx, id);
    const parent = await parentOf(tx, parentId);
    const problem = moveProblem(before, parent);
    if (problem) throw new AppError(problem, { parentId });
    if (before.parentId === parentId) return before;
    const newPath = pathUnder(parent?.path ?? null, before.code);
    const siblings = parent ? eq(categories.parentId, parent.id) : and(sql`${categories.parentId} is null`, eq(categories.ticketType, before.ticketType));
    const [last] = await tx.select({ position: sql<number | null>`max(${categories.position})` }).from(categories).where(siblings);
    const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
    await tx
      .update(categories)
      .set({ path: sql`${newPath} || substr(${categories.path}, ${before.path.length + 1})` })
      .where(subtreeOf(before.path));
    const [after] = await tx.update(categories).set({ parentId, position }).where(eq(categories.id, id)).returning();
    await recordConfigChange(tx, actor, {
      entity: 'category',
      entityId: id,
      action: 'move',
      before: { parentId: before.parentId, path: before.path, position: before.position },
      after: { parentId: after.parentId, path: after.path, position: after.position },
    });
    return after;
  });
  forgetCategories();
  return moved;
}
