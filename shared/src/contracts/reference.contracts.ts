import { z } from 'zod';
import { access } from '../auth/access';
import { ZDealerListQuery } from '../reference/reference.schemas';
import { defineContract } from './contract';
import { itemsOf, ZNamedRef } from './wire';

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
