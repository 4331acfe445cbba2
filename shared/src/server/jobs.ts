import { z } from 'zod';
import type { Executor } from './db/client';
import { installation } from './db/schema';

/**
 * The one registry of BullMQ queues and their job payloads. Queue names live in Redis keys: renaming one strands the
 * jobs already queued under the old name, so add a new name and drain the old one instead.
 */
export const QUEUES = {
  housekeeping: 'housekeeping',
  notifications: 'notifications',
  sla: 'sla',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOB_PAYLOADS = {
  housekeeping: z.strictObject({ task: z.enum(['purge-expired']) }),
  /** A clock's warning or breach moment (job id `sla-<milestone>-<kind>`), or a ticket whose clocks moved. */
  sla: z.union([
    z.strictObject({ kind: z.enum(['warning', 'breach']), milestoneId: z.uuid(), at: z.iso.datetime() }),
    z.strictObject({ kind: z.literal('escalation'), milestoneId: z.uuid(), at: z.iso.datetime(), level: z.int().min(1) }),
    z.strictObject({ kind: z.literal('reschedule'), ticketId: z.uuid() }),
  ]),
  /** One outbox row to turn into notifications. */
  notifications: z.strictObject({ outboxId: z.number().int(), topic: z.string(), ticketId: z.uuid().nullable(), payload: z.record(z.string(), z.unknown()) }),
} satisfies Record<QueueName, z.ZodType>;

export type JobPayload<Q extends QueueName> = z.infer<(typeof JOB_PAYLOADS)[Q]>;

/**
 * BullMQ's key prefix: under the deployment's Redis prefix (test runs and deployments sharing a Redis stay apart), then
 * the installation id, so that two databases behind one Redis and one prefix (a database reset or restored, a second
 * deployment configured alike) never take each other's jobs: a worker reads the outbox and the clocks of its own
 * database only.
 */
export function bullPrefix(redisPrefix: string, installationId: string): string {
  return `${redisPrefix}bull:${installationId}`;
}

/**
 * This database's installation id (one row, written by the migration that created the table): read once at start.
 * A database created afresh (a reset, a new deployment) has a new one, so job ids that start with it cannot meet the
 * jobs an earlier database left in a Redis shared under the same prefix.
 */
export async function loadInstallationId(db: Executor): Promise<string> {
  const [row] = await db.select({ id: installation.id }).from(installation).limit(1);
  if (!row) throw new Error('the installation table is empty: run the migrations (npm run db:migrate)');
  return row.id;
}

/**
 * A job id: the installation id, then the parts, joined by '-'. BullMQ refuses ':' in custom ids (it separates the
 * parts of its Redis keys) and ids that look like integers; a uuid in front rules out both.
 */
export function jobIdOf(installationId: string, ...parts: Array<string | number>): string {
  return [installationId, ...parts].join('-');
}
