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
