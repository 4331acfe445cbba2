/** zod schemas of routing rules as admins send them; validateRules (server/routing/rule-sets.ts) adds the checks that need the database. */
import { z } from 'zod';
import { LIFECYCLE_STAGES } from '../customers/lifecycle-stage';
import { CHANNELS, DEALER_CAPABILITIES, PRIORITIES, PURCHASE_TIMINGS, TICKET_TYPES } from '../tickets/ticket-vocabulary';

const words = z.array(z.string().trim().min(1).max(100)).min(1).max(200);

export const ZRoutingCondition = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('type'), op: z.literal('in'), value: z.array(z.enum(TICKET_TYPES)).min(1) }),
  z.strictObject({ field: z.literal('category'), op: z.literal('within'), value: words }),
  z.strictObject({ field: z.literal('priority'), op: z.literal('in'), value: z.array(z.enum(PRIORITIES)).min(1) }),
  z.strictObject({ field: z.literal('text'), op: z.literal('containsAny'), value: words }),
  z.strictObject({ field: z.enum(['province', 'city', 'region', 'model']), op: z.enum(['in', 'notIn']), value: words }),
  z.strictObject({ field: z.enum(['vehicleAgeMonths', 'vinComplaints90d', 'customerTickets30d']), op: z.enum(['gte', 'lte']), value: z.int().min(0).max(10_000) }),
  z.strictObject({ field: z.literal('inWarranty'), op: z.literal('eq'), value: z.boolean() }),
  z.strictObject({ field: z.literal('lifecycleStage'), op: z.literal('in'), value: z.array(z.enum(LIFECYCLE_STAGES)).min(1) }),
  z.strictObject({ field: z.literal('channel'), op: z.literal('in'), value: z.array(z.enum(CHANNELS)).min(1) }),
  z.strictObject({ field: z.literal('purchaseTiming'), op: z.literal('in'), value: z.array(z.enum(PURCHASE_TIMINGS)).min(1) }),
]);

export const ZRoutingAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('servicing_dealer') }),
  z.strictObject({ kind: z.literal('selling_dealer') }),
  z.strictObject({ kind: z.literal('named_dealer') }),
  z.strictObject({ kind: z.literal('nearest_capable'), capability: z.enum(DEALER_CAPABILITIES), from: z.enum(['customer', 'incident']) }),
  z.strictObject({
    kind: z.literal('least_loaded'),
    capability: z.enum(DEALER_CAPABILITIES),
    within: z.enum(['city', 'region']),
    measure: z.enum(['open_tickets', 'open_leads']).optional(),
  }),
  z.strictObject({ kind: z.literal('fixed_dealer'), dealerId: z.uuid() }),
  z.strictObject({ kind: z.literal('department'), departmentId: z.uuid() }),
]);

/**
 * A rule names itself per language (nameZh, nameEn); a request with only `name`, as before, gives it to both.
 * validateRules refuses a rule with neither `name` nor `nameZh`/`nameEn` (not a refinement here: the schema stays
 * extendable).
 */
export const ZRoutingRuleInput = z.strictObject({
  name: z.string().trim().min(2).max(200).optional(),
  nameZh: z.string().trim().min(1).max(200).optional(),
  nameEn: z.string().trim().min(1).max(200).optional(),
  enabled: z.boolean().default(true),
  conditions: z.array(ZRoutingCondition).max(20),
  action: ZRoutingAction,
  ccDepartmentIds: z.array(z.uuid()).max(10).default([]),
  priority: z.strictObject({ mode: z.enum(['set', 'raise']), value: z.enum(PRIORITIES) }).optional(),
  /** The code of the SLA policy that governs the tickets this rule routes (validateRules checks it exists and is active). */
  slaPolicyCode: z.string().trim().min(1).max(100).nullable().optional(),
});
export type TRoutingRuleInput = z.infer<typeof ZRoutingRuleInput>;

/** The whole ordered rule list of a draft: adding, editing, reordering, enabling and disabling are all a PUT of it. */
export const ZReplaceDraftRulesRequest = z.strictObject({ rules: z.array(ZRoutingRuleInput).max(1000) });

export const ZDryRunRequest = z.strictObject({ days: z.int().min(1).max(90).default(7), limit: z.int().min(1).max(5000).default(1000) });
