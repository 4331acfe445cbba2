import { JOB_PAYLOADS, type Database, generateCampaignCallbacks, pruneExports, purgeExpired, retrainAssistModel } from '@careline/shared/server';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';

/** Parse the payload, call the commands: processors hold no business rules. */
export function housekeepingProcessor(db: Database, exports: { exportDir: string; retentionMs: number }, logger: Logger) {
  return async (job: Job) => {
    const payload = JOB_PAYLOADS.housekeeping.parse(job.data);
    if (payload.task === 'generate-campaign-callbacks') {
      const generated = await generateCampaignCallbacks(db);
      if (generated.total > 0) logger.info({ job: job.id, ...generated }, 'campaign callbacks created');
      return generated;
    }
    if (payload.task === 'assist-retrain') {
      const model = await retrainAssistModel(db, { actor: null, heldOutPercent: 20 });
      logger.info({ job: job.id, modelId: model.id, top1: model.accuracy.top1, samples: model.ticketSamples + model.importedSamples, trainMs: model.trainMs }, 'category suggestions retrained');
      return { modelId: model.id };
    }
    const purged = { ...(await purgeExpired(db)), ...(await pruneExports(db, exports)) };
    logger.info({ job: job.id, task: payload.task, ...purged }, 'housekeeping done');
    return purged;
  };
}
