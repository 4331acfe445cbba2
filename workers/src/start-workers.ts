import { bullPrefix, type Database, QUEUES } from '@careline/shared/server';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { housekeepingProcessor } from './housekeeping/housekeeping.processor';

export interface WorkersOptions {
  db: Database;
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  /** How often housekeeping runs; an hour in production, shorter in tests. */
  housekeepingEveryMs?: number;
}

export interface RunningWorkers {
  queues: { housekeeping: Queue };
  close(): Promise<void>;
}

/**
 * Starts every BullMQ processor. Runs inside `npm start` (one process, embedded database) or alone
 * (`npm run start:workers`, several instances against PostgreSQL): each job is taken by exactly one worker.
 */
export async function startWorkers(options: WorkersOptions): Promise<RunningWorkers> {
  // BullMQ workers block on Redis: they need their own connection that retries forever.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const prefix = bullPrefix(options.redisPrefix);
  const logger = options.logger.child({ component: 'workers' });
  const housekeeping = new Queue(QUEUES.housekeeping, { connection, prefix });
  await housekeeping.upsertJobScheduler(
    'purge-expired',
    { every: options.housekeepingEveryMs ?? 60 * 60 * 1000 },
    { name: 'purge-expired', data: { task: 'purge-expired' } },
  );
  const housekeepingWorker = new Worker(QUEUES.housekeeping, housekeepingProcessor(options.db, logger), { connection, prefix, concurrency: 1 });
  housekeepingWorker.on('failed', (job, error) => logger.error({ job: job?.id, err: error }, 'housekeeping failed'));
  logger.info('workers started');
  return {
    queues: { housekeeping },
    close: async () => {
      await housekeepingWorker.close();
      await housekeeping.close();
      connection.disconnect();
    },
  };
}
