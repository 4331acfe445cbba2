import { z } from 'zod';
import { access } from '../auth/access';
import { ZDryRunRequest, ZReplaceDraftRulesRequest, ZRoutingAction, ZRoutingCondition } from '../routing/routing-rules.schemas';
import { ZCreateTicketRequest, ZTicketParams, ZTransitionRequest } from '../tickets/ticket.schemas';
import { PRIORITIES, TICKET_STATUSES } from '../tickets/ticket-vocabulary';
import { defineContract } from './contract';
import { ZRoutingDecision } from './tickets.contracts';
import { itemsOf, ZNamedRef, ZWireTimestamp } from './wire';

/** The names of every dealer and department a decision mentions, so a person can read "why here". */
export const ZDecisionNames = z.object({ dealers: z.array(ZNamedRef), departments: z.array(ZNamedRef) });

/** A routing decision with its trace (ZRoutingDecision) and the names of the parties in it. */
export const ZNamedRoutingDecision = ZRoutingDecision.and(z.object({ names: ZDecisionNames }));

export const ZRoutingTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dealer'), dealerId: z.string() }),
  z.object({ kind: z.literal('department'), departmentId: z.string() }),
  z.object({ kind: z.literal('supervisor_queue'), reason: z.enum(['no_rule_matched', 'no_eligible_candidate', 'too_many_rejections', 'no_provider_accepted']) }),
]);

/** A rule set's version: one draft at a time, one published, the rest archived. */
export const ZRuleSetVersion = z.object({
  id: z.string(),
  version: z.number(),
  status: z.enum(['draft', 'published', 'archived']),
  createdBy: z.string().nullable(),
  createdAt: ZWireTimestamp,
  publishedAt: ZWireTimestamp.nullable(),
  publishedBy: z.string().nullable(),
});

/** A stored rule, in its place in the ordered list. */
export const ZStoredRoutingRule = z.object({
  id: z.string(),
  position: z.number(),
  name: z.string(),
  /** The name in each language (the console shows the reader's). */
  nameZh: z.string().optional(),
  nameEn: z.string().optional(),
  enabled: z.boolean(),
  conditions: z.array(ZRoutingCondition),
  action: ZRoutingAction,
  ccDepartmentIds: z.array(z.string()),
  /** Sets the priority; `raise` only makes it more urgent. */
  priority: z.object({ mode: z.enum(['set', 'raise']), value: z.enum(PRIORITIES) }).optional(),
  /** The SLA policy (its code) of the tickets this rule routes, ahead of the type × priority choice. */
  slaPolicyCode: z.string().optional(),
});

export const ZRuleSet = ZRuleSetVersion.extend({ rules: z.array(ZStoredRoutingRule) });

/** What the schema cannot check: a category, dealer or department a rule names that does not exist. */
export const ZRuleProblem = z.object({ rule: z.number(), ruleName: z.string(), path: z.string(), message: z.string() });

const ZDryRunGroup = z.enum(['live', 'held', 'cancelled', 'closed']);

/** One recent ticket under the draft: where it is, where the published rules and the draft send it, what differs. */
export const ZDryRunRow = z.object({
  ticketId: z.string(),
  number: z.string(),
  status: z.string(),
  group: ZDryRunGroup,
  before: z.union([ZRoutingTarget, z.object({ kind: z.literal('none') })]),
  published: ZRoutingTarget,
  after: ZRoutingTarget,
  matchedRuleId: z.string().nullable(),
  publishedRuleId: z.string().nullable(),
  changed: z.boolean(),
  differences: z.array(z.enum(['target', 'ccDepartmentIds', 'priority', 'flags', 'slaPolicy'])),
});

const ZDryRunApart = z.object({ tickets: z.number(), changed: z.number() });

export const ZDryRunReport = z.object({
  draftVersion: z.number(),
  publishedVersion: z.number().nullable(),
  tickets: z.number(),
  /** Live tickets the draft would treat differently from the published rules. */
  changed: z.number(),
  live: z.number(),
  apart: z.object({ held: ZDryRunApart, cancelled: ZDryRunApart, closed: ZDryRunApart }),
  results: z.array(ZDryRunRow),
  /** Per dealer (`dealer:<id>`) or department (`department:<id>`), live tickets before and after. */
  loadChanges: z.array(z.object({ party: z.string(), before: z.number(), after: z.number(), delta: z.number() })),
  /** The parties of loadChanges by key. */
  names: z.record(z.string(), z.object({ id: z.string(), code: z.string(), nameZh: z.string() })),
});

export const ZRuleSetParams = z.strictObject({ version: z.coerce.number().int().positive() });

const tag = 'routing';

export const routeTicketContract = defineContract({
  method: 'post',
  path: '/tickets/:id/route',
  tag,
  summary: 'Route a new or rerouted ticket with the published rules; stores the decision',
  access: access.frontline,
  params: ZTicketParams,
  body: ZTransitionRequest,
  success: {
    status: 200,
    body: z.object({ ticketId: z.string(), version: z.number(), status: z.enum(TICKET_STATUSES), decision: ZNamedRoutingDecision }),
  },
});

export const previewRoutingContract = defineContract({
  method: 'post',
  path: '/routing/preview',
  tag,
  summary: 'Where a draft ticket would go, and why (nothing is saved)',
  access: access.frontline,
  body: ZCreateTicketRequest,
  success: {
    status: 200,
    body: z.object({
      decision: ZNamedRoutingDecision,
      /** `hold`: the save keeps the ticket for a person and the decision is only advice. */
      dispatch: z.enum(['auto', 'hold']),
    }),
  },
});

export const listRuleSetsContract = defineContract({
  method: 'get',
  path: '/routing/rule-sets',
  tag,
  summary: 'Rule-set versions (draft, published, archived)',
  access: access.configReaders,
  success: { status: 200, body: itemsOf(ZRuleSetVersion) },
});

export const getDraftRuleSetContract = defineContract({
  method: 'get',
  path: '/routing/rule-sets/draft',
  tag,
  summary: 'The draft rule set with its ordered rules',
  access: access.configReaders,
  success: { status: 200, body: z.object({ ruleSet: ZRuleSet }) },
});

export const openDraftRuleSetContract = defineContract({
  method: 'post',
  path: '/routing/rule-sets/draft',
  tag,
  summary: 'Open a draft (a copy of the published set) if none is open',
  access: access.admin,
  success: { status: 201, body: z.object({ ruleSet: ZRuleSet }) },
});

export const replaceDraftRulesContract = defineContract({
  method: 'put',
  path: '/routing/rule-sets/draft/rules',
  tag,
  summary: 'Replace the draft’s ordered rules (add, edit, reorder, enable, disable)',
  access: access.admin,
  body: ZReplaceDraftRulesRequest,
  // null: the draft was published meanwhile.
  success: { status: 200, body: z.object({ ruleSet: ZRuleSet.nullable() }) },
});

export const validateDraftRuleSetContract = defineContract({
  method: 'post',
  path: '/routing/rule-sets/draft/validate',
  tag,
  summary: 'Problems of the draft, each naming its rule',
  access: access.admin,
  success: { status: 200, body: z.object({ valid: z.boolean(), problems: z.array(ZRuleProblem) }) },
});

export const dryRunDraftRuleSetContract = defineContract({
  method: 'post',
  path: '/routing/rule-sets/draft/dry-run',
  tag,
  summary: 'Where recent tickets would go under the draft, and the load change per dealer/department',
  access: access.admin,
  // No body: the defaults (7 days, 1000 tickets).
  body: ZDryRunRequest.prefault({}),
  success: { status: 200, body: ZDryRunReport },
});

export const publishDraftRuleSetContract = defineContract({
  method: 'post',
  path: '/routing/rule-sets/draft/publish',
  tag,
  summary: 'Publish the draft as the new routing version',
  access: access.admin,
  success: { status: 200, body: z.object({ ruleSet: ZRuleSet }) },
});

export const getRuleSetContract = defineContract({
  method: 'get',
  path: '/routing/rule-sets/:version',
  tag,
  summary: 'One rule-set version',
  access: access.configReaders,
  params: ZRuleSetParams,
  success: { status: 200, body: z.object({ ruleSet: ZRuleSet }) },
});
