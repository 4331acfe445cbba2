import { previewRoutingContract, routeTicketContract, type TicketStatus } from '@careline/shared';
import { previewRouting, routeTicketCommand } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';
import { presentDecision } from './routing.presenter';

/** Routing a saved ticket with the rule engine, and previewing where a draft would go. The front line. */
export function routingRoutes(context: AppContext): Implementation[] {
  return [
    implement(routeTicketContract, async ({ actor, params, body }) => {
      const { ticket, decision } = await routeTicketCommand({ db: context.db, actor, ticketId: params.id, expectedVersion: body.version });
      return { ticketId: ticket.id, version: ticket.version, status: ticket.status as TicketStatus, decision: await presentDecision(context, decision) };
    }),

    implement(previewRoutingContract, async ({ body }) => {
      const { decision, dispatch } = await previewRouting(context.db, body);
      return { decision: await presentDecision(context, decision), dispatch };
    }),
  ];
}
