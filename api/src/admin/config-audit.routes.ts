import { ZConfigChangeQuery } from '@careline/shared';
import { listConfigChanges } from '@careline/shared/server';
import { Router } from 'express';
import { requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

/** Who changed the configuration, when, from what to what: for admins and QA (and supervisors, who read the settings). */
export function configAuditRoutes(context: AppContext): Router {
  const router = Router();
  router.get('/admin/audit-log', requireActor(context, ['admin', 'qa', 'supervisor']), async (request, response) => {
    const query = parse(ZConfigChangeQuery, request.query);
    const items = await listConfigChanges(context.db, query);
    const last = items.at(-1);
    response.json({ items, nextBefore: items.length === query.limit && last ? last.occurredAt.toISOString() : null });
  });
  return router;
}
