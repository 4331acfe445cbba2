import { bullPrefix, jobIdOf, type JobRequest, jobRequest, loadInstallationId, QUEUES } from '@careline/shared/server';
import { Queue } from 'bullmq';
import type { AppContext } from '../context';

const queues = new WeakMap<AppContext, Promise<Queue>>();

/** The `reports` queue, as the API adds export and import jobs to it (one per process, on the API's Redis connection). */
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

/** Adds a job of the `reports` queue for one row (id `<installation>-<name>-<id>`: added twice, it runs once). */
async function enqueueReportsJob(context: AppContext, request: JobRequest<'export' | 'import'>, rowId: string): Promise<void> {
  const queue = await reportsQueue(context);
  const installationId = await loadInstallationId(context.db);
  await queue.add(request.name, request.data, { jobId: jobIdOf(installationId, request.name, rowId), removeOnComplete: 1000, removeOnFail: 1000 });
}

/** Adds the job that writes export `exportId`. */
export const enqueueExport = (context: AppContext, exportId: string) => enqueueReportsJob(context, jobRequest('export', { task: 'export', exportId }), exportId);

/** Adds the job that runs import `importId` (the API's start; the workers resume one left running at their start). */
export const enqueueImport = (context: AppContext, importId: string) => enqueueReportsJob(context, jobRequest('import', { task: 'import', importId }), importId);
