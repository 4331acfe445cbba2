import { type RoutingDecision, routeTicket } from '../../routing/route-ticket';
import type { TCreateTicketRequest } from '../../tickets/ticket.schemas';
import type { Priority } from '../../tickets/ticket-vocabulary';
import type { Database } from '../db/client';
import { DEFAULT_PRIORITY, resolveReferences } from '../tickets/create-ticket.command';
import { loadPublishedRuleSet, loadRoutingEnvironment, loadTicketFacts } from './routing-data';

/**
 * Where a ticket would go if saved now ("will go to 上海XX… because …"), for the agent's form. Reads only; the same
 * engine, rule set and facts as routeTicketCommand, so the preview and the real dispatch agree.
 */
export async function previewRouting(db: Database, input: TCreateTicketRequest, at = new Date()): Promise<RoutingDecision> {
  const references = await resolveReferences(db, input);
  const [ruleSet, environment] = await Promise.all([loadPublishedRuleSet(db), loadRoutingEnvironment(db, at)]);
  const facts = await loadTicketFacts(
    db,
    {
      type: input.type,
      priority: input.priority ?? (references.category?.defaultPriority as Priority | null) ?? DEFAULT_PRIORITY[input.type],
      categoryId: references.category?.id ?? null,
      customerId: references.customerId,
      vehicleId: references.vehicleId,
      subject: input.subject,
      description: input.description,
      channel: input.channel,
      location: input.type === 'roadside' ? input.location : null,
      details: input.type === 'praise' ? { praisedDealerId: input.praisedDealerId } : {},
      purchaseTiming: input.type === 'lead' ? input.purchaseTiming : null,
      excludedDealerIds: [],
      excludedDepartmentIds: [],
    },
    environment,
    at,
  );
  return routeTicket(facts, ruleSet ?? { version: 0, rules: [] }, environment);
}
