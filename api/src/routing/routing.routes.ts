import { ZCreateTicketRequest, ZTicketParams, ZTransitionRequest } from '@careline/shared';
import { previewRouting, routeTicketCommand } from '@careline/shared/server';
import { Router } from 'express';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse } from '../http/validate';
import { presentDecision } from './routing.presenter';

/** Routing a saved ticket with the rule engine, and previewing where a draft would go. Hotline roles. */
export function routingRoutes(context: AppContext): Router {
  const router = Router();
  const hotline = requireActor(context, ['agent', 'supervisor']);

  router.post('/tickets/:id/route', hotline, async (request, response) => {
    const { id } = parse(ZTicketParams, request.params);
    const { version } = parse(ZTransitionRequest, request.body);
    const { ticket, decision } = await routeTicketCommand({ db: context.db, actor: actorOf(request), ticketId: id, expectedVersion: version });
    response.json({ ticketId: ticket.id, version: ticket.version, status: ticket.status, decision: await presentDecision(context, decision) });
  });

  router.post('/routing/preview', hotline, async (request, response) => {
    const input = parse(ZCreateTicketRequest, request.body);
    const { decision, dispatch } = await previewRouting(context.db, input);
    response.json({ decision: await presentDecision(context, decision), dispatch });
  });

  return router;
}
