import type { RoutingDecision } from '../../routing/route-ticket';
import type { TCreateTicketRequest } from '../../tickets/ticket.schemas';
import type { Database } from '../db/client';
import { dispatchModeOf, initialTicketFields, resolveReferences } from '../tickets/create-ticket.command';
import { decideRouting } from './decide-routing';
import { loadRoutingSnapshot } from './route-ticket.command';

export interface RoutingPreview {
  /** What the save would decide, with the copies the ticket would then carry (its category's included). */
  decision: RoutingDecision;
  /** `hold`: the save keeps the ticket for a person (enquiries by default) and the decision is only advice. */
  dispatch: 'auto' | 'hold';
}

/**
 * Where a ticket would go if saved now ("will go to 上海XX… because …"), for the agent's form. Reads only; the same
 * snapshot, initial fields and decideRouting as createTicket, so the preview is what the save then does.
 */
export async function previewRouting(db: Database, input: TCreateTicketRequest, at = new Date()): Promise<RoutingPreview> {
  const snapshot = await loadRoutingSnapshot(db, at);
  const references = await resolveReferences(db, input, snapshot.environment.dealers);
  const { decision } = await decideRouting(db, initialTicketFields(input, references), snapshot, at);
  return { decision, dispatch: dispatchModeOf(input) };
}
