import { AppError, createCustomerContract, customerLookupLogContract, duplicateCustomersContract, getCustomerContract, lookUpCustomersContract, mergeCustomerContract } from '@careline/shared';
import { createCustomer, customerViews, findCustomerView, listCustomerLookups, listDuplicateCustomers, lookupByOf, lookUpCustomers, mergeCustomerRecords } from '@careline/shared/server';
import { countHit, rateLimited } from '../auth/rate-limit';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** The agent's call panel: find the caller, see everything about them. Hotline roles only. */
export function customerRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    // Personal data: each user may look up so many phones, VINs or plates a minute, and every lookup is recorded.
    implement(lookUpCustomersContract, async ({ actor, query, response }) => {
      const hit = await countHit(context.redis, `${context.config.redisPrefix}lookups:${actor.kind}:${actor.id}`, 60).catch((error: unknown) => {
        // An agent on a call must find the caller while Redis is away: the limit lapses, the record still holds.
        if (error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE') {
          context.logger.warn({ actorId: actor.id }, 'customer lookup limit unavailable (redis); lookup recorded without it');
          return null;
        }
        throw error;
      });
      if (hit && hit.count > context.config.customerLookupsPerMinute) throw rateLimited(response, hit.retryAfterSeconds);
      return { items: await lookUpCustomers(db, actor, lookupByOf(query)!) };
    }),

    implement(customerLookupLogContract, async ({ actor, query }) => ({ items: await listCustomerLookups(db, actor, query) })),

    implement(createCustomerContract, async ({ actor, body }) => {
      const { id } = await createCustomer(db, actor, body);
      const [customer] = await customerViews(db, actor, [id]);
      return { customer };
    }),

    implement(getCustomerContract, async ({ actor, params }) => ({ customer: await findCustomerView(db, actor, params.id) })),
    implement(duplicateCustomersContract, async ({ actor, query }) => ({ items: await listDuplicateCustomers(db, actor, query.limit) })),
    implement(mergeCustomerContract, async ({ actor, params, body }) => mergeCustomerRecords(db, actor, { fromId: params.id, intoId: body.intoId })),
  ];
}
