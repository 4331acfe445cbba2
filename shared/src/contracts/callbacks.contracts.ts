import { z } from 'zod';
import { access } from '../auth/access';
import { CALLBACK_KINDS, CALLBACK_RESULTS, CALLBACK_TASK_STATUSES } from '../callbacks/callback-rules';
import {
  ZCallbackAttemptRequest,
  ZCallbackQueueQuery,
  ZCallbackReasonParams,
  ZCreateCallbackReasonRequest,
  ZUpdateCallbackReasonRequest,
} from '../callbacks/callback.schemas';
import { ZCampaignAssigneeRequest, ZCampaignQueueQuery } from '../callbacks/campaign.schemas';
import { CAMPAIGN_KINDS } from '../callbacks/campaign-rules';
import { defineContract } from './contract';
import { ZUuidParams, ZWireTimestamp } from './wire';

const tag = 'callbacks';

/** A callback task as the queue lists it, with the ticket it follows up. */
export const ZCallbackTask = z.object({
  id: z.string(),
  kind: z.enum(CALLBACK_KINDS),
  status: z.enum(CALLBACK_TASK_STATUSES),
  ticketId: z.string().nullable(),
  dueAt: ZWireTimestamp,
  /** When to call next: the due time until the first attempt, later after a failed one. */
  nextAttemptAt: ZWireTimestamp,
  attempts: z.number(),
  firstAttemptAt: ZWireTimestamp.nullable(),
  reachedAt: ZWireTimestamp.nullable(),
  satisfaction: z.number().nullable(),
  solved: z.boolean().nullable(),
  reasonCode: z.string().nullable(),
  completedAt: ZWireTimestamp.nullable(),
  createdAt: ZWireTimestamp,
  version: z.number(),
  overdue: z.boolean(),
  ticket: z
    .object({
      id: z.string(),
      number: z.string(),
      type: z.string(),
      status: z.string(),
      priority: z.string(),
      subject: z.string(),
      contactName: z.string(),
      /** In full for agents and supervisors (they dial it), masked for the rest of the hotline. */
      contactPhone: z.string().nullable(),
      resolvedAt: ZWireTimestamp.nullable(),
      escalationLevel: z.number(),
      /** The responsible dealer's or department's name in Chinese, and in English. */
      responsibleName: z.string().nullable(),
      responsibleNameEn: z.string().nullable(),
    })
    .nullable(),
});

export const ZCallbackAttempt = z.object({
  attempt: z.number(),
  result: z.enum(CALLBACK_RESULTS),
  satisfaction: z.number().nullable(),
  solved: z.boolean().nullable(),
  reasonCode: z.string().nullable(),
  comment: z.string().nullable(),
  calledAt: ZWireTimestamp,
  calledBy: z.string().nullable(),
});

export const ZCallbackReason = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  sortOrder: z.number(),
  active: z.boolean(),
  updatedAt: ZWireTimestamp,
});

export const listCallbacksContract = defineContract({
  method: 'get',
  path: '/callbacks',
  tag,
  summary: 'The callback queue (回访): open tasks most overdue first, or settled ones newest first; counts of open, overdue and due now',
  access: access.hotline,
  query: ZCallbackQueueQuery,
  success: {
    status: 200,
    body: z.object({ items: z.array(ZCallbackTask), counts: z.object({ open: z.number(), overdue: z.number(), dueNow: z.number() }) }),
  },
});

export const getCallbackContract = defineContract({
  method: 'get',
  path: '/callbacks/:id',
  tag,
  summary: 'One callback task with every attempt',
  access: access.hotline,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ task: ZCallbackTask.extend({ attempts: z.array(ZCallbackAttempt) }) }) },
});

export const recordCallbackAttemptContract = defineContract({
  method: 'post',
  path: '/callbacks/:id/attempts',
  tag,
  summary:
    'Record a callback call: not reached (tried again later; the third failure over two working days closes the ticket as unreachable), or reached with satisfaction 1–5 and whether it is solved (satisfied: the ticket closes; unhappy or not solved: it reopens to the same party, escalation level +1)',
  access: access.frontline,
  params: ZUuidParams,
  body: ZCallbackAttemptRequest,
  success: { status: 201, body: z.object({ task: ZCallbackTask.omit({ ticket: true, overdue: true }), ticket: z.object({ id: z.string(), number: z.string(), status: z.string(), version: z.number() }).nullable() }) },
});

export const listCallbackReasonsContract = defineContract({
  method: 'get',
  path: '/callback-reasons',
  tag,
  summary: 'The unhappy-reason taxonomy the callback form offers (active reasons, in order)',
  access: access.hotline,
  success: { status: 200, body: z.object({ items: z.array(ZCallbackReason) }) },
});

export const listAllCallbackReasonsContract = defineContract({
  method: 'get',
  path: '/admin/callback-reasons',
  tag,
  summary: 'Every unhappy reason, retired ones too (admins edit the taxonomy)',
  access: access.admin,
  success: { status: 200, body: z.object({ items: z.array(ZCallbackReason) }) },
});

export const createCallbackReasonContract = defineContract({
  method: 'post',
  path: '/admin/callback-reasons',
  tag,
  summary: 'Add an unhappy reason (its code never changes; recorded in the configuration history)',
  access: access.admin,
  body: ZCreateCallbackReasonRequest,
  success: { status: 201, body: z.object({ reason: ZCallbackReason }) },
});

export const updateCallbackReasonContract = defineContract({
  method: 'patch',
  path: '/admin/callback-reasons/:code',
  tag,
  summary: 'Rename, reorder or retire an unhappy reason (recorded in the configuration history)',
  access: access.admin,
  params: ZCallbackReasonParams,
  body: ZUpdateCallbackReasonRequest,
  success: { status: 200, body: z.object({ reason: ZCallbackReason }) },
});

/** A new-vehicle campaign call (新车回访) with the car, its owner and the selling dealer instead of a ticket. */
export const ZCampaignTask = ZCallbackTask.omit({ ticket: true, kind: true }).extend({
  kind: z.enum(CAMPAIGN_KINDS),
  /** Who calls: the selling dealer, or the hotline (dealer set so by an admin, no or an inactive selling dealer). */
  assigneeType: z.enum(['dealer', 'hotline']),
  /** The selling dealer (also on the hotline's calls, for the record). */
  dealerId: z.string().nullable(),
  dealerName: z.string().nullable(),
  dealerNameEn: z.string().nullable(),
  vehicle: z.object({ id: z.string(), vin: z.string(), model: z.string(), plate: z.string().nullable(), purchaseDate: z.string().nullable() }),
  /** The owner; the phone in full for whoever makes the call, masked for the rest. */
  customer: z.object({ name: z.string(), phone: z.string() }),
});

export const listCampaignCallbacksContract = defineContract({
  method: 'get',
  path: '/campaign-callbacks',
  tag,
  summary:
    'New-vehicle campaign calls (新车回访 3 days, 7 days, 1 month after purchase): open ones most overdue first, settled ones newest first, by kind, who calls and due time; a dealer sees only the calls it makes',
  access: access.campaignReaders,
  query: ZCampaignQueueQuery,
  success: {
    status: 200,
    body: z.object({ items: z.array(ZCampaignTask), counts: z.object({ open: z.number(), overdue: z.number(), dueNow: z.number(), followUp: z.number() }) }),
  },
});

export const getCampaignCallbackContract = defineContract({
  method: 'get',
  path: '/campaign-callbacks/:id',
  tag,
  summary: 'One campaign call with every attempt (404 for a dealer when it is not its own)',
  access: access.campaignReaders,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ task: ZCampaignTask.extend({ attempts: z.array(ZCallbackAttempt) }) }) },
});

export const recordCampaignAttemptContract = defineContract({
  method: 'post',
  path: '/campaign-callbacks/:id/attempts',
  tag,
  summary:
    "Record a campaign call, answered as a resolution callback: reached and content → done; unhappy (1–2) or a problem with the car → follow_up (flagged for the hotline); not reached → tried again, unreachable after the third failure over two working days. The selling dealer's staff record its calls, the front line the hotline's",
  access: access.campaignCallers,
  params: ZUuidParams,
  body: ZCallbackAttemptRequest,
  success: { status: 201, body: z.object({ task: ZCallbackTask.omit({ ticket: true, overdue: true }) }) },
});

export const generateCampaignCallbacksContract = defineContract({
  method: 'post',
  path: '/admin/campaign-callbacks/generate',
  tag,
  summary: 'Create the campaign calls due today now (the workers do it hourly); a re-run creates nothing twice',
  access: access.admin,
  success: { status: 200, body: z.object({ day: z.string(), total: z.number(), created: z.record(z.enum(CAMPAIGN_KINDS), z.number()) }) },
});

export const setDealerCampaignAssigneeContract = defineContract({
  method: 'put',
  path: '/admin/dealers/:id/campaign-callbacks',
  tag,
  summary: "Who makes a dealer's new-vehicle calls from now on: the dealer (default) or the hotline (in the configuration history)",
  access: access.admin,
  params: ZUuidParams,
  body: ZCampaignAssigneeRequest,
  success: { status: 200, body: z.object({ dealer: z.object({ id: z.string(), campaignCallbacks: z.enum(['dealer', 'hotline']) }) }) },
});
