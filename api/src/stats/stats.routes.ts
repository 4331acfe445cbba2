import { AppError, isDealerRole } from '@careline/shared';
import { dealerLoad, slaStanding } from '@careline/shared/server';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

export const ZDealerLoadQuery = z.strictObject({ regionId: z.uuid().optional() });
export const ZSlaStandingQuery = z.strictObject({ dealerId: z.uuid().optional(), days: z.coerce.number().int().min(1).max(365).default(30) });

/** Figures for supervisors and QA: how loaded each dealer is right now. */
export function statsRoutes(context: AppContext): Router {
  const router = Router();
  const readers = requireActor(context, ['supervisor', 'admin', 'qa']);

  router.get('/stats/dealer-load', readers, async (request, response) => {
    const { regionId } = parse(ZDealerLoadQuery, request.query);
    response.json({ items: await dealerLoad(context.db, { regionId }), at: new Date().toISOString() });
  });

  // A dealer sees its own standing; the hotline's supervisors, admins and QA any dealer's.
  router.get('/stats/sla-standing', requireActor(context, ['dealer_user', 'dealer_manager', 'supervisor', 'admin', 'qa']), async (request, response) => {
    const query = parse(ZSlaStandingQuery, request.query);
    const actor = actorOf(request);
    let dealerId = query.dealerId;
    if (isDealerRole(actor.role)) {
      if (dealerId && dealerId !== actor.dealerId) throw new AppError('NOT_FOUND');
      dealerId = actor.dealerId ?? undefined;
    }
    if (!dealerId) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'dealerId', code: 'invalid_type', message: 'dealerId is required' }] });
    response.json({ standing: await slaStanding(context.db, { dealerId, days: query.days }), at: new Date().toISOString() });
  });

  return router;
}
