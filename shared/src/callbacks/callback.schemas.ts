import { z } from 'zod';
import { CALLBACK_KINDS, CALLBACK_RESULTS, CALLBACK_TASK_STATUSES, isUnhappy } from './callback-rules';

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

/**
 * One callback attempt as the agent records it. Reached: satisfaction (1–5) and whether the problem is really solved
 * are required, and an unhappy answer needs a reason from the taxonomy. Not reached: none of those.
 */
export const ZCallbackAttemptRequest = z
  .strictObject({
    /** The task's version as read (optimistic lock: two agents calling the same customer). */
    version: z.int().positive(),
    result: z.enum(CALLBACK_RESULTS),
    satisfaction: z.int().min(1).max(5).optional(),
    solved: z.boolean().optional(),
    reasonCode: trimmed(1, 50).optional(),
    comment: trimmed(1, 2000).optional(),
  })
  .superRefine((body, context) => {
    if (body.result === 'reached') {
      if (body.satisfaction === undefined) context.addIssue({ code: 'custom', path: ['satisfaction'], message: 'a reached customer gives a satisfaction score (1–5)' });
      if (body.solved === undefined) context.addIssue({ code: 'custom', path: ['solved'], message: 'a reached customer says whether the problem is solved' });
      if (body.satisfaction !== undefined && body.solved !== undefined && isUnhappy(body) && body.reasonCode === undefined) {
        context.addIssue({ code: 'custom', path: ['reasonCode'], message: 'an unhappy customer needs a reason from the list' });
      }
    } else {
      for (const field of ['satisfaction', 'solved', 'reasonCode'] as const) {
        if (body[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: 'only a reached customer gives this' });
      }
    }
  });
export type TCallbackAttemptRequest = z.infer<typeof ZCallbackAttemptRequest>;

/** A queue's "call now" switch (only tasks whose next attempt is due by now) and its page size. */
export const queuePaging = {
  dueOnly: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const ZCallbackQueueQuery = z.strictObject({
  status: z.enum(CALLBACK_TASK_STATUSES).default('open'),
  kind: z.enum(CALLBACK_KINDS).optional(),
  ...queuePaging,
});
export type TCallbackQueueQuery = z.infer<typeof ZCallbackQueueQuery>;

const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,48}$/, 'lower-case letters, digits and _, starting with a letter');

export const ZCreateCallbackReasonRequest = z.strictObject({
  code,
  nameZh: trimmed(1, 50),
  nameEn: trimmed(1, 80),
  sortOrder: z.int().min(0).max(10_000).default(100),
});
export type TCreateCallbackReasonRequest = z.infer<typeof ZCreateCallbackReasonRequest>;

export const ZUpdateCallbackReasonRequest = z
  .strictObject({
    nameZh: trimmed(1, 50).optional(),
    nameEn: trimmed(1, 80).optional(),
    sortOrder: z.int().min(0).max(10_000).optional(),
    /** A retired reason stays on past attempts but is no longer offered. */
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type TUpdateCallbackReasonRequest = z.infer<typeof ZUpdateCallbackReasonRequest>;

export const ZCallbackReasonParams = z.strictObject({ code });
