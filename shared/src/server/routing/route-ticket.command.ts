import { AppError } from '../../errors/app-error';
import { type RoutingDecision, routeTicket } from '../../routing/route-ticket';
import type { RoutingRuleSet } from '../../routing/routing-rules';
import { assertVersion, authorizeAction, type CommandContext, lockTicket, saveTicketChange, type TicketRow } from '../tickets/ticket-command';
import { loadPublishedRuleSet, loadRoutingEnvironment, loadTicketFacts } from './routing-data';

const EMPTY_RULE_SET: RoutingRuleSet = { version: 0, rules: [] };

/**
 * Routes a new or rerouted ticket with the published rule set: dispatches it to the chosen dealer or department
 * (copying the departments the decision names), or leaves it for the supervisor queue with the reason. The whole
 * decision — rule-set version, inputs, every rule tried and every candidate weighed — is stored with the ticket.
 */
export async function routeTicketCommand(
  ctx: CommandContext & { ticketId: string; expectedVersion: number },
): Promise<{ ticket: TicketRow; decision: RoutingDecision }> {
  const at = ctx.now ?? new Date();
  const [ruleSet, environment] = await Promise.all([loadPublishedRuleSet(ctx.db), loadRoutingEnvironment(ctx.db, at)]);
  return ctx.db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, ctx.actor, ctx.ticketId);
    assertVersion(ticket, ctx.expectedVersion);
    // The engine routes only what nobody owns; moving an owned ticket is a supervisor's transfer (dispatch).
    if (ticket.status !== 'new' && ticket.status !== 'rerouted') {
      throw new AppError('INVALID_TRANSITION', { action: 'route', status: ticket.status });
    }
    const to = authorizeAction(ctx.actor, ticket, 'dispatch');
    const facts = await loadTicketFacts(
      tx,
      { ...ticket, type: ticket.type as never, priority: ticket.priority as never, channel: ticket.channel as never },
      environment,
      at,
    );
    const decision = routeTicket(facts, ruleSet ?? EMPTY_RULE_SET, environment);
    const stored = { ...decision, inputs: facts };
    const ccDepartmentIds = [...new Set([...ticket.ccDepartmentIds, ...decision.ccDepartmentIds])];
    const routed = { type: 'routed' as const, payload: { target: decision.target, ruleSetVersion: decision.ruleSetVersion, matchedRuleId: decision.matchedRuleId, priority: decision.priority, ccDepartmentIds, flags: decision.flags } };
    if (decision.target.kind === 'supervisor_queue') {
      const updated = await saveTicketChange({
        tx,
        actor: ctx.actor,
        ticket,
        at,
        changes: { routingDecision: stored, routingRuleSetVersion: decision.ruleSetVersion, priority: decision.priority, ccDepartmentIds },
        events: [routed],
        kind: 'routed',
      });
      return { ticket: updated, decision };
    }
    const dealerId = decision.target.kind === 'dealer' ? decision.target.dealerId : null;
    const departmentId = decision.target.kind === 'department' ? decision.target.departmentId : null;
    const regionId = dealerId ? (environment.dealers.find((dealer) => dealer.id === dealerId)?.regionId ?? ticket.regionId) : ticket.regionId;
    const updated = await saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes: {
        status: to,
        responsibleDealerId: dealerId,
        responsibleDepartmentId: departmentId,
        regionId,
        ccDepartmentIds,
        priority: decision.priority,
        routingDecision: stored,
        routingRuleSetVersion: decision.ruleSetVersion,
        dispatchedAt: at,
        acknowledgedAt: null,
      },
      events: [
        routed,
        { type: 'dispatched', payload: { from: ticket.status, to, mode: 'routing', transfer: false, dealerId, departmentId, ccDepartmentIds, reason: null } },
      ],
      kind: 'dispatched',
      outbox: [{ topic: 'ticket.dispatched', payload: { ticketId: ticket.id, dealerId, departmentId, ccDepartmentIds } }],
    });
    return { ticket: updated, decision };
  });
}
