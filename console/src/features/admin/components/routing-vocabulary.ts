/**
 * Option lists for the structured routing-rule editor. `@careline/shared` exports the routing vocabulary
 * (shared/src/routing/routing-rules.ts) only as types, so the fields, operators and action kinds are listed here,
 * checked against those types by the compiler (a field, operator or kind the types do not know fails `tsc`; the
 * `Record`s must name every field and kind). The value lists themselves (ticket types, priorities…) are imported as
 * values from their browser-safe shared modules.
 */
import type { RoutingAction, RoutingCondition } from '@careline/shared';
import { LIFECYCLE_STAGES } from '@shared/customers/lifecycle-stage';
import { CHANNELS, DEALER_CAPABILITIES, PRIORITIES, PURCHASE_TIMINGS, TICKET_TYPES } from '@shared/tickets/ticket-vocabulary';

export type ConditionField = RoutingCondition['field'];
export type ConditionOp = RoutingCondition['op'];
export type ActionKind = RoutingAction['kind'];

/**
 * How a field's value is entered: `enum` a multi-select of a fixed list (labels from `labelPrefix`), `category` /
 * `region` a multi-select of the reference lists, `tags` free phrases, `number` a whole number, `boolean` a switch.
 */
export type ValueInput =
  | { input: 'enum'; values: readonly string[]; labelPrefix: string }
  | { input: 'category' | 'region' | 'tags' | 'number' | 'boolean' };

/** The operators of a field (a condition type may name several fields, e.g. province | city | region | model). */
type OpsOf<F extends ConditionField> = ReadonlyArray<RoutingCondition extends infer C ? (C extends { field: infer Fields; op: infer Op } ? (F extends Fields ? Op : never) : never) : never>;

export const CONDITION_FIELDS: { [F in ConditionField]: { ops: OpsOf<F> } & ValueInput } = {
  type: { ops: ['in'], input: 'enum', values: TICKET_TYPES, labelPrefix: 'ticketType.' },
  category: { ops: ['within'], input: 'category' },
  priority: { ops: ['in'], input: 'enum', values: PRIORITIES, labelPrefix: 'priority.' },
  text: { ops: ['containsAny'], input: 'tags' },
  province: { ops: ['in', 'notIn'], input: 'tags' },
  city: { ops: ['in', 'notIn'], input: 'tags' },
  region: { ops: ['in', 'notIn'], input: 'region' },
  model: { ops: ['in', 'notIn'], input: 'tags' },
  vehicleAgeMonths: { ops: ['gte', 'lte'], input: 'number' },
  vinComplaints90d: { ops: ['gte', 'lte'], input: 'number' },
  customerTickets30d: { ops: ['gte', 'lte'], input: 'number' },
  inWarranty: { ops: ['eq'], input: 'boolean' },
  lifecycleStage: { ops: ['in'], input: 'enum', values: LIFECYCLE_STAGES, labelPrefix: 'admin.routing.stage.' },
  channel: { ops: ['in'], input: 'enum', values: CHANNELS, labelPrefix: 'channel.' },
  purchaseTiming: { ops: ['in'], input: 'enum', values: PURCHASE_TIMINGS, labelPrefix: 'purchaseTiming.' },
};
export const CONDITION_FIELD_LIST = Object.keys(CONDITION_FIELDS) as ConditionField[];

/** A new row of that field: its first operator and an empty value of the right shape. */
export function emptyCondition(field: ConditionField): RoutingCondition {
  const spec = CONDITION_FIELDS[field];
  const value = spec.input === 'number' ? 0 : spec.input === 'boolean' ? true : [];
  return { field, op: spec.ops[0], value } as RoutingCondition;
}

/** The parameters of each action kind, in the order they are shown. */
export type ActionParam = 'capability' | 'from' | 'within' | 'measure' | 'dealerId' | 'departmentId';
type ParamsOf<K extends ActionKind> = ReadonlyArray<Exclude<keyof Extract<RoutingAction, { kind: K }>, 'kind'>>;

export const ACTION_KINDS: { [K in ActionKind]: ParamsOf<K> } = {
  servicing_dealer: [],
  selling_dealer: [],
  named_dealer: [],
  nearest_capable: ['capability', 'from'],
  least_loaded: ['capability', 'within', 'measure'],
  fixed_dealer: ['dealerId'],
  department: ['departmentId'],
};
export const ACTION_KIND_LIST = Object.keys(ACTION_KINDS) as ActionKind[];

/** The choices of the enumerated action parameters. */
export const ACTION_PARAM_VALUES = {
  capability: DEALER_CAPABILITIES,
  from: ['customer', 'incident'],
  within: ['city', 'region'],
  measure: ['open_tickets', 'open_leads'],
} as const satisfies {
  capability: ReadonlyArray<Extract<RoutingAction, { kind: 'nearest_capable' }>['capability']>;
  from: ReadonlyArray<Extract<RoutingAction, { kind: 'nearest_capable' }>['from']>;
  within: ReadonlyArray<Extract<RoutingAction, { kind: 'least_loaded' }>['within']>;
  measure: ReadonlyArray<NonNullable<Extract<RoutingAction, { kind: 'least_loaded' }>['measure']>>;
};

/** A new action of that kind with the first choice of each required parameter (ids left empty to pick). */
export function emptyAction(kind: ActionKind): RoutingAction {
  switch (kind) {
    case 'nearest_capable':
      return { kind, capability: DEALER_CAPABILITIES[0], from: 'customer' };
    case 'least_loaded':
      return { kind, capability: DEALER_CAPABILITIES[0], within: 'city' };
    case 'fixed_dealer':
      return { kind, dealerId: '' };
    case 'department':
      return { kind, departmentId: '' };
    default:
      return { kind };
  }
}
