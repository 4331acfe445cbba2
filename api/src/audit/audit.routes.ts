import { AppError, ZTicketParams } from '@careline/shared';
import { verifyAllAudits, verifyTicketAudit } from '@careline/shared/server';
import { Router } from 'express';
import { requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';

/** QA's proof that history was not rewritten: the hash chain of one ticket, or of all. */
export function auditRoutes(context: AppContext): Router {
  const router = Router();
  const auditors = requireActor(context, ['qa', 'supervisor', 'admin']);

  router.get('/audit/tickets/:id', auditors, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const result = await verifyTicketAudit(context.db, id);
    if (!result) throw new AppError('NOT_FOUND');
    response.json(result);
  });

  router.get('/audit/verify', auditors, async (_request, response) => {
    const report = await verifyAllAudits(context.db);
    response.json({ ok: report.broken.length === 0, ...report });
  });

  return router;
}
