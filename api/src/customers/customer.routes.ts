import { AppError, canViewCustomerPhone, maskPhone, ZCreateCustomerRequest } from '@careline/shared';
import { createCustomer, customerProfiles, type LookupBy, lookupCustomerIds } from '@careline/shared/server';
import { Router } from 'express';
import { z } from 'zod';
import { requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

export const ZCustomerLookupQuery = z
  .strictObject({
    phone: z.string().trim().min(3).max(30).optional(),
    vin: z.string().trim().length(17).optional(),
    plate: z.string().trim().min(5).max(12).optional(),
  })
  .refine((query) => [query.phone, query.vin, query.plate].filter(Boolean).length === 1, {
    message: 'give exactly one of phone, vin or plate',
  });

type Profile = Awaited<ReturnType<typeof customerProfiles>>[number];

/** Full phone for the hotline that calls, masked for QA who audit without needing to call. */
function presentProfile(profile: Profile, fullPhone: boolean) {
  return {
    ...profile.customer,
    phone: fullPhone ? profile.customer.phone : maskPhone(profile.customer.phone),
    vehicles: profile.vehicles,
    tickets: profile.tickets,
  };
}

/** The agent's call panel: find the caller, see everything about them. Hotline roles only. */
export function customerRoutes(context: AppContext): Router {
  const router = Router();
  const hotline = requireActor(context, ['agent', 'supervisor', 'qa', 'admin']);

  router.get('/customers/lookup', hotline, async (request, response) => {
    const query = parse(ZCustomerLookupQuery, request.query);
    const by: LookupBy = query.phone ? { phone: query.phone } : query.vin ? { vin: query.vin } : { plate: query.plate! };
    const ids = await lookupCustomerIds(context.db, by);
    const profiles = await customerProfiles(context.db, ids);
    const fullPhone = canViewCustomerPhone(request.actor!);
    response.json({ items: profiles.map((profile) => presentProfile(profile, fullPhone)) });
  });

  router.post('/customers', requireActor(context, ['agent', 'supervisor']), async (request, response) => {
    const input = parse(ZCreateCustomerRequest, request.body);
    const { id } = await createCustomer(context.db, input);
    const [profile] = await customerProfiles(context.db, [id]);
    response.status(201).json({ customer: presentProfile(profile, canViewCustomerPhone(request.actor!)) });
  });

  router.get('/customers/:id', hotline, async (request, response) => {
    const { id } = parse(z.strictObject({ id: z.uuid() }), request.params);
    const [profile] = await customerProfiles(context.db, [id]);
    if (!profile) throw new AppError('NOT_FOUND');
    response.json({ customer: presentProfile(profile, canViewCustomerPhone(request.actor!)) });
  });

  return router;
}
