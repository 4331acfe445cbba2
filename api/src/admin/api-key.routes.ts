import { AppError } from '@careline/shared';
import { createApiKey, listApiKeys, revokeApiKey, schema } from '@careline/shared/server';
import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

export const ZCreateApiKeyRequest = z.strictObject({
  dealerId: z.uuid(),
  name: z.string().trim().min(2).max(60),
});
export const ZApiKeyListQuery = z.strictObject({ dealerId: z.uuid().optional() });

/** Admins issue and revoke the keys dealer systems (DMS) call the API with. */
export function apiKeyRoutes(context: AppContext): Router {
  const router = Router();
  const admin = requireActor(context, ['admin']);

  router.get('/admin/api-keys', admin, async (request, response) => {
    const { dealerId } = parse(ZApiKeyListQuery, request.query);
    response.json({ items: await listApiKeys(context.db, dealerId) });
  });

  router.post('/admin/api-keys', admin, async (request, response) => {
    const body = parse(ZCreateApiKeyRequest, request.body);
    const [dealer] = await context.db.select({ id: schema.dealers.id }).from(schema.dealers).where(eq(schema.dealers.id, body.dealerId));
    if (!dealer) throw new AppError('UNKNOWN_REFERENCE', { field: 'dealerId' });
    const created = await createApiKey(context.db, { dealerId: body.dealerId, name: body.name, createdBy: actorOf(request).id, actor: actorOf(request) });
    // The only time the secret is shown.
    response.status(201).json({ id: created.id, prefix: created.prefix, key: created.key, dealerId: body.dealerId, name: body.name });
  });

  router.post('/admin/api-keys/:id/revoke', admin, async (request, response) => {
    const { id } = parse(z.strictObject({ id: z.uuid() }), request.params);
    if (!(await revokeApiKey(context.db, id, actorOf(request)))) throw new AppError('NOT_FOUND');
    response.status(204).end();
  });

  return router;
}
