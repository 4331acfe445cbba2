import { z } from 'zod';
import { PRIORITIES, TICKET_TYPES } from '../tickets/ticket-vocabulary';
import { CATEGORY_KEYWORD_LIMITS, normalizeKeywords } from './category-tree';

/**
 * A category's code: upper-case letters, digits and dashes (`C-COMPLAINT-PRODUCT-ENGINE`). It is the category's name in
 * routing rules and paths, so it never changes; '/' joins paths and '_' / '%' would be LIKE wildcards in subtree
 * filters, so neither is allowed.
 */
export const ZCategoryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,59}$/, 'upper-case letters, digits and dashes; 2–60 characters');

const ZNameZh = z.string().trim().min(1).max(60);
const ZNameEn = z.string().trim().min(1).max(100);

/** Words and phrases (zh or en) that point to the category: trimmed, empty ones dropped, duplicates (any case) once. */
export const ZCategoryKeywords = z
  .array(z.string().max(200))
  .max(200)
  .transform(normalizeKeywords)
  .pipe(
    z
      .array(z.string().max(CATEGORY_KEYWORD_LIMITS.length, `at most ${CATEGORY_KEYWORD_LIMITS.length} characters`))
      .max(CATEGORY_KEYWORD_LIMITS.count, `at most ${CATEGORY_KEYWORD_LIMITS.count} keywords`),
  );

const ZCcDepartmentIds = z
  .array(z.uuid())
  .max(20)
  .transform((ids) => [...new Set(ids)]);
const ZPosition = z.number().int().min(0).max(100_000);

/**
 * A new category: under `parentId` (it takes the parent's ticket type; a `ticketType` that differs is refused), or a
 * root when `parentId` is null (then `ticketType` is required). Default priority and copied departments left out are
 * the parent's, as in the seeded tree; `null` / `[]` says none. Position left out: after its last sibling.
 */
export const ZCreateCategoryRequest = z
  .strictObject({
    code: ZCategoryCode,
    parentId: z.uuid().nullable(),
    ticketType: z.enum(TICKET_TYPES).optional(),
    nameZh: ZNameZh,
    nameEn: ZNameEn,
    defaultPriority: z.enum(PRIORITIES).nullable().optional(),
    ccDepartmentIds: ZCcDepartmentIds.optional(),
    keywords: ZCategoryKeywords.optional(),
    position: ZPosition.optional(),
  })
  .refine((value) => value.parentId !== null || value.ticketType !== undefined, { message: 'a root category needs a ticketType', path: ['ticketType'] });
export type TCreateCategoryRequest = z.infer<typeof ZCreateCategoryRequest>;

/** Names, default priority (null: none), departments to copy, keywords, position: any of them, at least one. */
export const ZUpdateCategoryRequest = z
  .strictObject({
    nameZh: ZNameZh.optional(),
    nameEn: ZNameEn.optional(),
    defaultPriority: z.enum(PRIORITIES).nullable().optional(),
    ccDepartmentIds: ZCcDepartmentIds.optional(),
    keywords: ZCategoryKeywords.optional(),
    position: ZPosition.optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'nothing to change' });
export type TUpdateCategoryRequest = z.infer<typeof ZUpdateCategoryRequest>;

/** The new parent (same ticket type, not the category itself nor below it); null makes it a root of its type. */
export const ZMoveCategoryRequest = z.strictObject({ parentId: z.uuid().nullable() });
export type TMoveCategoryRequest = z.infer<typeof ZMoveCategoryRequest>;

/** `subtree: true` reactivates the categories below it too (they were deactivated with it, or before). */
export const ZReactivateCategoryRequest = z.strictObject({ subtree: z.boolean().default(false) });
export type TReactivateCategoryRequest = z.infer<typeof ZReactivateCategoryRequest>;
