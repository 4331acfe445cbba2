/**
 * `npm run start:workers`: the BullMQ processors alone, for deployments that scale API and workers separately.
 * Needs DATABASE_URL (a server: embedded PGlite belongs to the one `npm start` process) and REDIS_URL.
 */
import { AuditKeyError, configureAuditKeys, createLogger, loadAuditKeys, loadConfig, openDatabase, upgradeLegacyChains } from '@careline/shared/server';
import { startWorkers } from './start-workers';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'careline-workers');
  if (!config.databaseUrl || !config.redisUrl || !config.smtpUrl) {
    logger.error('start:workers needs DATABASE_URL, REDIS_URL and SMTP_URL; for a single-process setup use `npm start`');
    process.exit(1);
  }
  let auditKeys;
  try {
    auditKeys = loadAuditKeys(config);
  } catch (error) {
    if (error instanceof AuditKeyError) {
      logger.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  configureAuditKeys(auditKeys);
  const database = await openDatabase({
    url: config.databaseUrl,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
  });
  await database.migrate();
  const upgraded = await upgradeLegacyChains(database.db, auditKeys);
  if (upgraded) logger.warn({ rekeyed: upgraded.rekeyed, refused: upgraded.refused.length }, 'legacy SHA-256 audit chains re-keyed');
  const workers = await startWorkers({
    db: database.db,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    logger,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    publicUrl: config.publicUrl,
    digestMinutes: config.digestMinutes,
    jobLockMs: config.workerJobLockMs,
    mailRetry: { windowMs: config.notificationRetryHours * 3_600_000, leaseMs: config.notificationSendingLeaseMs },
    retryEveryMs: config.notificationRetryEveryMs,
    audit: { checkpointDir: config.auditCheckpointDir, checkpointCron: config.auditCheckpointCron, verifyCron: config.auditVerifyCron },
    exportDir: config.exportDir,
    exportRetentionMs: config.exportRetentionMs,
    importDir: config.importDir,
    importRetentionMs: config.importRetentionMs,
  });
  const stop = async () => {
    await workers.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
