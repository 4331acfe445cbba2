/** Regions, dealers, departments and categories: what every form needs to offer choices. */
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { TDealerListQuery } from '../../reference/reference.schemas';
import type { Executor } from '../db/client';
import { categories, dealers, departments, regions } from '../db/schema';

export async function listRegions(db: Executor) {
  return db.select().from(regions).orderBy(asc(regions.code));
}

export async function listDealers(db: Executor, query: TDealerListQuery) {
  const conditions: SQL[] = [];
  if (query.regionId) conditions.push(eq(dealers.regionId, query.regionId));
  if (query.province) conditions.push(eq(dealers.province, query.province));
  if (query.city) conditions.push(eq(dealers.city, query.city));
  if (query.capability) conditions.push(sql`${dealers.capabilities} @> array[${query.capability}]::text[]`);
  if (query.active) conditions.push(eq(dealers.active, query.active === 'true'));
  return db
    .select({
      id: dealers.id,
      code: dealers.code,
      nameZh: dealers.nameZh,
      nameEn: dealers.nameEn,
      regionId: dealers.regionId,
      province: dealers.province,
      city: dealers.city,
      address: dealers.address,
      lat: dealers.lat,
      lng: dealers.lng,
      capabilities: dealers.capabilities,
      rescue24h: dealers.rescue24h,
      businessHours: dealers.businessHours,
      capacity: dealers.capacity,
      active: dealers.active,
      campaignCallbacks: dealers.campaignCallbacks,
    })
    .from(dealers)
    .where(and(...conditions))
    .orderBy(asc(dealers.code));
}

export async function listDepartments(db: Executor) {
  return db
    .select({ id: departments.id, code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn, active: departments.active })
    .from(departments)
    .orderBy(asc(departments.code));
}

/** The category tree, flat: each category with its path of codes, in tree order. */
export async function listCategories(db: Executor) {
  return db.select().from(categories).orderBy(asc(categories.path), asc(categories.position));
}
