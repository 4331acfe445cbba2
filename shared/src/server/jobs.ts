import { z } from 'zod';

/**
 * The one registry of BullMQ queues and their job payloads. Queue names live in Redis keys: renaming one strands the
 * jobs already queued under the old name, so add a new name and drain the old one instead.
 */
export const QUEUES = {
  housekeeping: 'housekeeping',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOB_PAYLOADS = {
  housekeeping: z.strictObject({ task: z.enum(['purge-expired']) }),
} satisfies Record<QueueName, z.ZodType>;

export type JobPayload<Q extends QueueName> = z.infer<(typeof JOB_PAYLOADS)[Q]>;

/** BullMQ's key prefix under the deployment's Redis prefix, so test runs and deployments sharing a Redis stay apart. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}
