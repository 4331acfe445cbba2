/**
 * The one path from a ticket to what routing does to it: facts → engine decision → the ticket's resulting target,
 * copied departments and priority. The agent's preview, the save (create, reroute, explicit route) and the rule
 * set's dry run all go through decideRouting, so a preview is what the save then does and a dry run compares like
 * with like.
 */
import { type RoutingDecision, type RoutingTicket, routeTicket } from '../../routing/route-ticket';
import type { RoutingRuleSet } from '../../routing/routing-rules';
import type { Executor } from '../db/client';
import type { RoutingSnapshot } from './route-ticket.command';
import { loadTicketFacts, type TicketFactsSource } from './routing-data';

/**
 * The decision as it lands on the ticket: the departments the ticket already copies (its category's, or earlier
 * routings') joined with those the decision names, without the department made responsible.
 */
export function resolveDecision(copiedBefore: readonly string[], decision: RoutingDecision): RoutingDecision {
  const responsible = decision.target.kind === 'department' ? decision.target.departmentId : null;
  const ccDepartmentIds = [...new Set([...copiedBefore, ...decision.ccDepartmentIds])].filter((id) => id !== responsible).sort();
  return { ...decision, ccDepartmentIds };
}

/** Reads the ticket's facts and decides against `ruleSet` (the snapshot's published one unless given). */
export async function decideRouting(
  db: Executor,
  source: TicketFactsSource & { ccDepartmentIds: readonly string[] },
  snapshot: RoutingSnapshot,
  at: Date,
  ruleSet: RoutingRuleSet = snapshot.ruleSet,
): Promise<{ facts: RoutingTicket; decision: RoutingDecision }> {
  const facts = await loadTicketFacts(db, source, snapshot.environment, at);
  return { facts, decision: decideOnFacts(facts, source.ccDepartmentIds, snapshot, ruleSet) };
}

/** The pure half of decideRouting, for callers that decide one ticket's facts against two rule sets. */
export function decideOnFacts(facts: RoutingTicket, copiedBefore: readonly string[], snapshot: RoutingSnapshot, ruleSet: RoutingRuleSet = snapshot.ruleSet): RoutingDecision {
  return resolveDecision(copiedBefore, routeTicket(facts, ruleSet, snapshot.environment));
}
