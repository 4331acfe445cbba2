/**
 * The vocabulary of routing rules: what a rule may look at (conditions) and what it may do (actions). Rules are
 * data, stored as jsonb and edited by admins; validateRules (server/routing/rule-sets.ts) checks them before they can be
 * published.
 */
import type { LifecycleStage } from '../customers/lifecycle-stage';
import type { Channel, DealerCapability, Priority, PurchaseTiming, TicketType } from '../tickets/ticket-vocabulary';

export type RoutingCondition =
  | { field: 'type'; op: 'in'; value: TicketType[] }
  /** The ticket's category is one of these or below one of them (a subtree). */
  | { field: 'category'; op: 'within'; value: string[] }
  | { field: 'priority'; op: 'in'; value: Priority[] }
  /** Any of these words or phrases in subject or description (case-insensitive; Chinese and English). */
  | { field: 'text'; op: 'containsAny'; value: string[] }
  | { field: 'province' | 'city' | 'region' | 'model'; op: 'in' | 'notIn'; value: string[] }
  | { field: 'vehicleAgeMonths' | 'vinComplaints90d' | 'customerTickets30d'; op: 'gte' | 'lte'; value: number }
  | { field: 'inWarranty'; op: 'eq'; value: boolean }
  | { field: 'lifecycleStage'; op: 'in'; value: LifecycleStage[] }
  | { field: 'channel'; op: 'in'; value: Channel[] }
  | { field: 'purchaseTiming'; op: 'in'; value: PurchaseTiming[] };

export type RoutingAction =
  | { kind: 'servicing_dealer' }
  | { kind: 'selling_dealer' }
  /** The dealer the customer asked for by name. */
  | { kind: 'named_dealer' }
  | { kind: 'nearest_capable'; capability: DealerCapability; from: 'customer' | 'incident' }
  /** Load is open tickets per unit of capacity, or, with `measure: 'open_leads'`, the number of open leads. */
  | { kind: 'least_loaded'; capability: DealerCapability; within: 'city' | 'region'; measure?: 'open_tickets' | 'open_leads' }
  | { kind: 'fixed_dealer'; dealerId: string }
  | { kind: 'department'; departmentId: string };

export interface RoutingRule {
  id: string;
  name: string;
  /** The name in each language (stored rules have both; `name` is their one label). */
  nameZh?: string;
  nameEn?: string;
  enabled: boolean;
  conditions: RoutingCondition[];
  action: RoutingAction;
  ccDepartmentIds: string[];
  /** Sets the priority; `raise` only makes it more urgent, never less. */
  priority?: { mode: 'set' | 'raise'; value: Priority };
  /**
   * The code of the SLA policy for the tickets this rule routes: it governs their clocks from their first dispatch,
   * ahead of the type×priority choice (shared/src/sla/sla-policy.ts, selectSlaPolicy).
   */
  slaPolicyCode?: string;
}

export interface RoutingRuleSet {
  version: number;
  rules: RoutingRule[];
}
