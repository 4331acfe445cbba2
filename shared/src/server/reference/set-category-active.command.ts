import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import { AppError } from '../../errors/app-error';
import { recordConfigChange } from '../audit/config-changes';
import type { Database } from '../db/client';
import { categories } from '../db/schema';
import { lockCategory, lockCategoryTree } from './category-admin';
import { type CategoryRow, forgetCategories } from './category-cache';
import { subtreeOf } from './category-subtree';

/**
 * Deactivates a category and everything below it (no new ticket may take any of them; tickets that have one keep it),
 * or reactivates it: alone, or with its subtree (`subtree`). An active category never sits under an inactive one, so
 * reactivating below a deactivated parent is refused (422 CATEGORY_PARENT_INACTIVE). Each category whose state
 * changed gets its own entry in the configuration history.
 */
export async function setCategoryActive(db: Database, actor: Actor, id: string, active: boolean, options: { subtree?: boolean } = {}): Promise<CategoryRow> {
  requireAccess(actor, access.admin);
  const result = await db.transaction(async (tx) => {
    await lockCategoryTree(tx);
    const category = await lockCategory(tx, id);
    if (active && category.parentId) {
      const [parent] = await tx.select({ active: categories.active }).from(categories).where(eq(categories.id, category.parentId));
      if (parent && !parent.active) throw new AppError('CATEGORY_PARENT_INACTIVE', { parentId: category.parentId });
    }
    // Deactivating always takes the subtree along: what stays offered is a connected tree.
    const scope = !active || options.subtree ? subtreeOf(category.path) : eq(categories.id, id);
    const changed = await tx
      .update(categories)
      .set({ active })
      .where(and(scope, eq(categories.active, !active)))
      .returning({ id: categories.id, code: categories.code });
    const action = active ? 'reactivate' : 'deactivate';
    for (const row of changed) {
      await recordConfigChange(tx, actor, { entity: 'category', entityId: row.id, action, before: { code: row.code, active: !active }, after: { code: row.code, active } });
    }
    const [after] = await tx.select().from(categories).where(eq(categories.id, id));
    return after;
  });
  forgetCategories();
  return result;
}
