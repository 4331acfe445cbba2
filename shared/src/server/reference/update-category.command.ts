import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import type { TUpdateCategoryRequest } from '../../reference/category.schemas';
import { recordConfigChange } from '../audit/config-changes';
import type { Database } from '../db/client';
import { categories } from '../db/schema';
import { checkDepartments, lockCategory, lockCategoryTree } from './category-admin';
import { type CategoryRow, forgetCategories } from './category-cache';

/**
 * Renames a category (zh, en) or changes its default priority, departments to copy, keywords or position. New tickets
 * take the new values; tickets keep what they were created with (their category id does not change).
 */
export async function updateCategory(db: Database, actor: Actor, id: string, changes: TUpdateCategoryRequest): Promise<CategoryRow> {
  requireAccess(actor, access.admin);
  const updated = await db.transaction(async (tx) => {
    await lockCategoryTree(tx);
    const before = await lockCategory(tx, id);
    // Only departments added are checked: one deactivated since it was chosen does not block renaming the category.
    await checkDepartments(tx, changes.ccDepartmentIds?.filter((department) => !before.ccDepartmentIds.includes(department)));
    const [after] = await tx.update(categories).set(changes).where(eq(categories.id, id)).returning();
    await recordConfigChange(tx, actor, { entity: 'category', entityId: id, action: 'update', before, after });
    return after;
  });
  forgetCategories();
  return updated;
}
