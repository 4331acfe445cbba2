import { z } from 'zod';
import { access } from '../auth/access';
import { ZCreateCategoryRequest, ZMoveCategoryRequest, ZReactivateCategoryRequest, ZUpdateCategoryRequest } from '../reference/category.schemas';
import { ZDealerListQuery } from '../reference/reference.schemas';
import { defineContract } from './contract';
import { itemsOf, ZNamedRef, ZUuidParams } from './wire';

export const ZEscalationContact = z.object({ role: z.string(), name: z.string(), email: z.string(), locale: z.enum(['zh-CN', 'en']).optional() });

export const ZRegion = ZNamedRef.extend({
  /** Whom an escalation reaches by role (the regional manager): people's mail addresses, for supervisors and admins only. */
  escalationContacts: z.array(ZEscalationContact).optional(),
});

export const ZDealer = ZNamedRef.extend({
  regionId: z.string(),
  province: z.string(),
  city: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  /** sales, service, rescue */
  capabilities: z.array(z.string()),
  rescue24h: z.boolean(),
  /** ISO weekdays (1 = Monday) and local opening hours 'HH:MM'. */
  businessHours: z.object({ weekdays: z.array(z.number()), open: z.string(), close: z.string() }),
  capacity: z.number(),
  active: z.boolean(),
  /** Who makes the new-vehicle calls (新车回访) for the cars it sold: the dealer, or the hotline (admins set it). */
  campaignCallbacks: z.enum(['dealer', 'hotline']),
});

export const ZDepartment = ZNamedRef.extend({ active: z.boolean() });

export const ZCategory = ZNamedRef.extend({
  parentId: z.string().nullable(),
  /** Codes from the root down, joined by '/'. */
  path: z.string(),
  ticketType: z.string(),
  defaultPriority: z.string().nullable(),
  ccDepartmentIds: z.array(z.string()),
  position: z.number(),
  /** Offered for new tickets; a deactivated category's subtree is deactivated too. */
  active: z.boolean(),
  /** Words and phrases (zh or en) that point to the category: the category suggestions' fallback. */
  keywords: z.array(z.string()),
});

const tag = 'reference';

export const listRegionsContract = defineContract({
  method: 'get',
  path: '/regions',
  tag,
  summary: 'Sales regions',
  access: access.signedIn,
  success: { status: 200, body: itemsOf(ZRegion) },
});

export const listDealersContract = defineContract({
  method: 'get',
  path: '/dealers',
  tag,
  summary: 'Dealers',
  access: access.signedIn,
  query: ZDealerListQuery,
  success: { status: 200, body: itemsOf(ZDealer) },
});

export const listDepartmentsContract = defineContract({
  method: 'get',
  path: '/departments',
  tag,
  summary: 'Internal departments',
  access: access.signedIn,
  success: { status: 200, body: itemsOf(ZDepartment) },
});

export const listCategoriesContract = defineContract({
  method: 'get',
  path: '/categories',
  tag,
  summary: 'The category tree (flat, with paths)',
  access: access.signedIn,
  success: { status: 200, body: itemsOf(ZCategory) },
});

const categoryAnswer = { status: 200, body: z.object({ category: ZCategory }) } as const;

export const createCategoryContract = defineContract({
  method: 'post',
  path: '/categories',
  tag,
  summary:
    'Add a category under a parent of the same ticket type (or a root: parentId null and a ticketType); default priority and departments left out are the parent’s (409 DUPLICATE on a taken code; 422 UNKNOWN_REFERENCE, CATEGORY_TYPE_MISMATCH, CATEGORY_PARENT_INACTIVE)',
  access: access.admin,
  body: ZCreateCategoryRequest,
  success: { status: 201, body: z.object({ category: ZCategory }) },
});

export const updateCategoryContract = defineContract({
  method: 'patch',
  path: '/categories/:id',
  tag,
  summary: 'Rename a category (zh, en) or change its default priority, departments to copy, keywords (≤ 50, each ≤ 30 characters) or position; tickets keep their category',
  access: access.admin,
  params: ZUuidParams,
  body: ZUpdateCategoryRequest,
  success: categoryAnswer,
});

export const moveCategoryContract = defineContract({
  method: 'post',
  path: '/categories/:id/move',
  tag,
  summary:
    'Move a category and its subtree under another parent of the same ticket type (null: a root); the subtree’s paths are rewritten at once (422 CATEGORY_CYCLE into itself or its subtree, CATEGORY_TYPE_MISMATCH, CATEGORY_PARENT_INACTIVE, UNKNOWN_REFERENCE)',
  access: access.admin,
  params: ZUuidParams,
  body: ZMoveCategoryRequest,
  success: categoryAnswer,
});

export const deactivateCategoryContract = defineContract({
  method: 'post',
  path: '/categories/:id/deactivate',
  tag,
  summary: 'Deactivate a category and its whole subtree: no longer offered for new tickets; tickets keep theirs',
  access: access.admin,
  params: ZUuidParams,
  success: categoryAnswer,
});

export const reactivateCategoryContract = defineContract({
  method: 'post',
  path: '/categories/:id/reactivate',
  tag,
  summary: 'Reactivate a category (with `subtree: true`, everything below it too); under a deactivated parent: 422 CATEGORY_PARENT_INACTIVE',
  access: access.admin,
  params: ZUuidParams,
  body: ZReactivateCategoryRequest,
  success: categoryAnswer,
});
