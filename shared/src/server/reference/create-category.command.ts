import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import { AppError } from '../../errors/app-error';
import type { TCreateCategoryRequest } from '../../reference/category.schemas';
import { pathUnder } from '../../reference/category-tree';
import { recordConfigChange } from '../audit/config-changes';
import type { Database } from '../db/client';
import { categories } from '../db/schema';
import { checkDepartments, lockCategoryTree, parentOf } from './category-admin';
import { type CategoryRow, forgetCategories } from './category-cache';

/**
 * Adds a category under a parent of the same ticket type (or a root of a ticket type). Refused: a taken code (409
 * DUPLICATE), an unknown parent or department (422 UNKNOWN_REFERENCE), another type than the parent's (422
 * CATEGORY_TYPE_MISMATCH), a deactivated parent (422 CATEGORY_PARENT_INACTIVE).
 */
export async function createCategory(db: Database, actor: Actor, request: TCreateCategoryRequest): Promise<CategoryRow> {
  requireAccess(actor, access.admin);
  const created = await db.transaction(async (tx) => {
    await lockCategoryTree(tx);
    const [taken] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.code, request.code));
    if (taken) throw new AppError('DUPLICATE', { field: 'code', existingId: taken.id });
    const parent = await parentOf(tx, request.parentId);
    if (parent && request.ticketType !== undefined && request.ticketType !== parent.ticketType) throw new AppError('CATEGORY_TYPE_MISMATCH', { parentTicketType: parent.ticketType });
    if (parent && !parent.active) throw new AppError('CATEGORY_PARENT_INACTIVE', { parentId: parent.id });
    await checkDepartments(tx, request.ccDepartmentIds);
    let position = request.position;
    if (position === undefined) {
      const siblings = parent ? sql`${categories.parentId} = ${parent.id}` : sql`${categories.parentId} is null and ${categories.ticketType} = ${request.ticketType!}`;
      const [last] = await tx.select({ position: sql<number | null>`max(${categories.position})` }).from(categories).where(siblings);
      position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
    }
    const [row] = await tx
      .insert(categories)
      .values({
        id: randomUUID(),
        code: request.code,
        parentId: parent?.id ?? null,
        path: pathUnder(parent?.path ?? null, request.code),
        ticketType: parent?.ticketType ?? request.ticketType!,
        nameZh: request.nameZh,
        nameEn: request.nameEn,
        // Left out: the parent's, as the seeded tree inherits them.
        defaultPriority: request.defaultPriority === undefined ? (parent?.defaultPriority ?? null) : request.defaultPriority,
        ccDepartmentIds: request.ccDepartmentIds ?? parent?.ccDepartmentIds ?? [],
        keywords: request.keywords ?? [],
        position,
        active: true,
      })
      .returning();
    await recordConfigChange(tx, actor, { entity: 'category', entityId: row.id, action: 'create', before: null, after: row });
    return row;
  });
  forgetCategories();
  return created;
}
