import { createHash } from 'node:crypto';
import { AppError, canViewCustomerPhone, maskPhone, ZCreateCustomerRequest } from '@careline/shared';
import {
  createCustomer,
  customerProfiles,
  describeLookup,
  listCustomerLookups,
  type LookupBy,
  lookupCustomerIds,
  recordCustomerLookup,
} from '@careline/shared/server';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import { countHit, rateLimited } from '../auth/rate-limit';
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

/** The lookup record's filters: who, when, and optionally which value (matched by its hash, never stored in clear). */
export const ZCustomerLookupLogQuery = z
  .strictObject({
    actorId: z.uuid().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    phone: z.string().trim().min(3).max(30).optional(),
    vin: z.string().trim().length(17).optional(),
    plate: z.string().trim().min(5).max(12).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .refine((query) => [query.phone, query.vin, query.plate].filter(Boolean).length <= 1, { message: 'give at most one of phone, vin or plate' });

const lookupByOf = (query: { phone?: string; vin?: string; plate?: string }): LookupBy | null =>
  query.phone ? { phone: query.phone } : query.vin ? { vin: query.vin } : query.plate ? { plate: query.plate } : null;

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

  // Personal data: each user may look up so many phones, VINs or plates a minute, and every lookup is recorded.
  router.get('/customers/lookup', hotline, async (request, response) => {
    const query = parse(ZCustomerLookupQuery, request.query);
    const by = lookupByOf(query)!;
    const actor = actorOf(request);
    const hit = await countHit(context.redis, `${context.config.redisPrefix}lookups:${actor.kind}:${actor.id}`, 60).catch((error: unknown) => {
      // An agent on a call must find the caller while Redis is away: the limit lapses, the record below still holds.
      if (error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE') {
        context.logger.warn({ actorId: actor.id }, 'customer lookup limit unavailable (redis); lookup recorded without it');
        return null;
      }
      throw error;
    });
    if (hit && hit.count > context.config.customerLookupsPerMinute) throw rateLimited(response, hit.retryAfterSeconds);
    const ids = await lookupCustomerIds(context.db, by);
    await recordCustomerLookup(context.db, { actor, by, customerIds: ids });
    const profiles = await customerProfiles(context.db, ids);
    const fullPhone = canViewCustomerPhone(actor);
    response.json({ items: profiles.map((profile) => presentProfile(profile, fullPhone)) });
  });

  router.get('/customers/lookups', requireActor(context, ['supervisor', 'qa', 'admin']), async (request, response) => {
    const query = parse(ZCustomerLookupLogQuery, request.query);
    const by = lookupByOf(query);
    const rows = await listCustomerLookups(context.db, {
      actorId: query.actorId,
      valueHash: by ? createHash('sha256').update(describeLookup(by).normalized).digest('hex') : undefined,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      limit: query.limit,
      offset: query.offset,
    });
    response.json({
      items: rows.map((row) => ({
        id: row.id,
        actorId: row.actorId,
        actorRole: row.actorRole,
        by: row.by,
        valueMasked: row.valueMasked,
        customerIds: row.customerIds,
        occurredAt: row.occurredAt,
      })),
    });
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
