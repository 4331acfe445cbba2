import { JOB_PAYLOADS, type Database, runExport, runImport, takeDueCheckpoints } from '@careline/shared/server';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

/** Report checkpoints, export files and imports: parse the payload, call the command. */
export function reportsProcessor(db: Database, options: { exportDir: string; publicUrl: string }, logger: Logger) {
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.reports.parse(job.data);
    if (payload.task === 'take-checkpoints') {
      const taken = await takeDueCheckpoints(db);
      if (taken.length > 0) logger.info({ job: job.id, taken }, 'report checkpoints taken');
      return { taken };
    }
    if (payload.task === 'import') {
      const run = await runImport(db, { importId: payload.importId });
      logger.info({ job: job.id, importId: run.id, status: run.status, rows: run.processedRows, rejected: run.rejectedRows }, 'import run');
      return { rows: run.processedRows, status: run.status };
    }
    const done = await runExport(db, { exportId: payload.exportId, exportDir: options.exportDir, publicUrl: options.publicUrl });
    logger.info({ job: job.id, exportId: done.id, rows: done.rowsDone, status: done.status }, 'export written');
    return { rows: done.rowsDone, status: done.status };
  };
}
