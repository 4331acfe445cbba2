import { DEALER_CAPABILITIES } from '@careline/shared';
import { schema } from '@careline/shared/server';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

const { categories, dealers, departments, regions } = schema;

export const ZDealerListQuery = z.strictObject({
  regionId: z.uuid().optional(),
  province: z.string().trim().min(1).max(20).optional(),
  city: z.string().trim().min(1).max(20).optional(),
  capability: z.enum(DEALER_CAPABILITIES).optional(),
  active: z.enum(['true', 'false']).optional(),
});

/** Regions, dealers, departments and categories: what every form needs to offer choices. */
export function referenceRoutes(context: AppContext): Router {
  const router = Router();
  const auth = requireActor(context);

  router.get('/regions', auth, async (_request, response) => {
    response.json({ items: await context.db.select().from(regions).orderBy(asc(regions.code)) });
  });

  router.get('/dealers', auth, async (request, response) => {
    const query = parse(ZDealerListQuery, request.query);
    const conditions: SQL[] = [];
    if (query.regionId) conditions.push(eq(dealers.regionId, query.regionId));
    if (query.province) conditions.push(eq(dealers.province, query.province));
    if (query.city) conditions.push(eq(dealers.city, query.city));
    if (query.capability) conditions.push(sql`${dealers.capabilities} @> array[${query.capability}]::text[]`);
    if (query.active) conditions.push(eq(dealers.active, query.active === 'true'));
    const rows = await context.db
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
      })
      .from(dealers)
      .where(and(...conditions))
      .orderBy(asc(dealers.code));
    response.json({ items: rows });
  });

  router.get('/departments', auth, async (_request, response) => {
    const rows = await context.db
      .select({ id: departments.id, code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn, active: departments.active })
      .from(departments)
      .orderBy(asc(departments.code));
    response.json({ items: rows });
  });

  router.get('/categories', auth, async (_request, response) => {
    const rows = await context.db.select().from(categories).orderBy(asc(categories.path), asc(categories.position));
    response.json({ items: rows });
  });

  return router;
}
