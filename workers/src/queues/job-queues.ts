/**
 * The only way jobs are added: a job name of the registry (shared/src/server/jobs.ts) picks its payload type and its
 * queue, so a payload that does not fit its job, or a job sent to another queue, does not compile.
 */
import { createHash } from 'node:crypto';
import { type JobRequest, type QueueName, queueOfJob } from '@careline/shared/server';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface JobQueues {
  /** The queues by name (processors, scheduler, tests' inspection). */
  readonly queues: Readonly<Record<QueueName, Queue>>;
  /** Adds several jobs, one round trip per queue. */
  addBulk(jobs: Array<{ request: JobRequest; options?: JobsOptions }>): Promise<void>;
  /**
   * Adds a job under `jobId` unless the same job is already there. BullMQ ignores an add under an id it still holds,
   * so a job id that some other data already occupies (a database restored from a backup reuses outbox ids; a
   * deployment misconfigured onto another's prefix) would silently swallow this one: such a job is added under an id
   * derived from its own data instead, and the collision is logged.
   */
  addOnce(request: JobRequest, jobId: string, logger: Logger): Promise<'added' | 'present' | 'added_beside'>;
  /**
   * Adds (or updates) a job scheduler: the job `request` every `everyMs` milliseconds, or at the moments of a cron
   * `pattern` in time zone `tz`, under `schedulerId`.
   */
  repeat(schedulerId: string, every: number | { pattern: string; tz: string }, request: JobRequest): Promise<void>;
}

export function jobQueues(queues: Record<QueueName, Queue>): JobQueues {
  const queueOf = (request: JobRequest) => queues[queueOfJob(request.name)];
  return {
    queues,
    addBulk: async (jobs) => {
      const byQueue = new Map<Queue, Array<{ name: string; data: unknown; opts?: JobsOptions }>>();
      for (const { request, options } of jobs) {
        const queue = queueOf(request);
        byQueue.set(queue, [...(byQueue.get(queue) ?? []), { name: request.name, data: request.data, opts: options }]);
      }
      for (const [queue, bulk] of byQueue) await queue.addBulk(bulk);
    },
    addOnce: async (request, jobId, logger) => {
      const queue = queueOf(request);
      const client = (await queue.getBackend().client) as unknown as Redis;
      const serialized = JSON.stringify(request.data);
      const existing = await client.hget(queue.toKey(jobId), 'data');
      if (existing === null) {
        await queue.add(request.name, request.data, { jobId });
        return 'added';
      }
      // The same row relayed twice (a relay died after the add, before marking the row): one job is enough.
      if (existing === serialized) return 'present';
      const beside = `${jobId}-${createHash('sha256').update(serialized).digest('hex').slice(0, 16)}`;
      logger.warn({ queue: queue.name, jobId, beside }, 'job id already taken by a different job; added under an id of its own');
      await queue.add(request.name, request.data, { jobId: beside });
      return 'added_beside';
    },
    repeat: async (schedulerId, every, request) => {
      await queueOf(request).upsertJobScheduler(schedulerId, typeof every === 'number' ? { every } : every, { name: request.name, data: request.data });
    },
  };
}
