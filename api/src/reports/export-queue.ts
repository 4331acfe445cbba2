import { bullPrefix, jobIdOf, jobRequest, loadInstallationId, QUEUES } from '@careline/shared/server';
import { Queue } from 'bullmq';
import type { AppContext } from '../context';

const queues = new WeakMap<AppContext, Promise<Queue>>();

/** The `reports` queue, as the API adds export jobs to it (one per process, on the API's Redis connection). */
function reportsQueue(context: AppContext): Promise<Queue> {
  let queue = queues.get(context);
  if (!queue) {
    queue = loadInstallationId(context.db).then((installationId) => {
      const created = new Queue(QUEUES.reports, { connection: context.redis, prefix: bullPrefix(context.config.redisPrefix, installationId) });
      created.on('error', (error) => context.logger.debug({ err: error }, 'reports queue error'));
      return created;
    });
    queues.set(context, queue);
  }
  return queue;
}

/** Adds the job that writes export `exportId` (id `<installation>-export-<id>`: added twice, it runs once). */
export async function enqueueExport(context: AppContext, exportId: string): Promise<void> {
  const queue = await reportsQueue(context);
  const installationId = await loadInstallationId(context.db);
  const request = jobRequest('export', { task: 'export', exportId });
  await queue.add(request.name, request.data, { jobId: jobIdOf(installationId, 'export', exportId), removeOnComplete: 1000, removeOnFail: 1000 });
}
