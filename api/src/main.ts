/**
 * `npm start`: one process with everything a fresh machine needs — embedded PGlite in ./data (or DATABASE_URL),
 * Redis (REDIS_URL, 127.0.0.1:6379, or a redis-server started in ./data/redis), migrations, demo data on first run,
 * and the API on PORT (default 8080). Prints the URL and the demo logins.
 */
import type { Server } from 'node:http';
import {
  AuditKeyError,
  configureAuditKeys,
  configureRoutingSnapshotCache,
  currentReportIndex,
  DEMO_LOGINS,
  createLogger,
  describeAuditKeys,
  loadAuditKeys,
  loadConfig,
  openDatabase,
  seedDemo,
  upgradeLegacyChains,
} from '@careline/shared/server';
import { startWorkers } from '../../workers/src/start-workers';
import { createApp } from './app';
import { ensureConsoleBuilt } from './console/console-build';
import { type MailCatcher, startMailCatcher } from './mail-catcher';
import type { AppContext } from './context';
import { answerClientErrors } from './http/client-errors';
import { attachRealtime } from './realtime/realtime.gateway';
import { connectRedis, findOrStartRedis, RedisUnavailableError } from './redis';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'careline-api');
  // The audit keys first: without them nothing may write a ticket event (production refuses to start here).
  let auditKeys;
  try {
    auditKeys = loadAuditKeys(config);
  } catch (error) {
    if (error instanceof AuditKeyError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  configureAuditKeys(auditKeys);
  // Built alongside the database start (a few seconds); the console is served once it is there.
  const consoleBuilt = ensureConsoleBuilt((line) => console.log(line));
  let redisEndpoint;
  try {
    redisEndpoint = await findOrStartRedis({ url: config.redisUrl, dataDir: config.dataDir, logger });
  } catch (error) {
    if (error instanceof RedisUnavailableError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: `${config.dataDir}/pglite`,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
    onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
  });
  await database.migrate();
  // Chains written before the chain was keyed: verified as written, then re-keyed (once; recorded).
  const upgraded = await upgradeLegacyChains(database.db, auditKeys);
  if (upgraded) logger.warn({ rekeyed: upgraded.rekeyed, refused: upgraded.refused.length }, 'legacy SHA-256 audit chains re-keyed with the HMAC key (refused chains did not verify)');
  if (config.seedDemo) {
    const started = Date.now();
    const summary = await seedDemo(database.db, { tickets: config.demoTickets });
    if (summary.seeded) {
      logger.info({ ...summary, ms: Date.now() - started }, 'demo data created');
    }
  }
  configureRoutingSnapshotCache({ ttlMs: config.routingSnapshotTtlMs });
  const redis = await connectRedis(redisEndpoint.url, logger);
  const apiOnly = process.argv.includes('--role=api');
  // Without SMTP_URL the single process catches its own mail, and the admin API shows it.
  const mailCatcher: MailCatcher | undefined = config.smtpUrl || apiOnly ? undefined : await startMailCatcher(config.smtpCatcherPort);
  // `npm start` is one process (PGlite belongs to one process); `--role=api` leaves the workers to their own processes.
  const workers = apiOnly
    ? null
    : await startWorkers({
        db: database.db,
        redisUrl: redisEndpoint.url,
        redisPrefix: config.redisPrefix,
        logger,
        smtpUrl: config.smtpUrl ?? mailCatcher!.url,
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
  const context: AppContext = { config, database, db: database.db, redis, logger, mailCatcher };
  await consoleBuilt;
  const app = createApp(context);
  const server: Server = app.listen(config.port, () => {
    const lines = [
      '',
      `careline is running at ${config.publicUrl}  (API docs: ${config.publicUrl}/api/docs)`,
      `database: ${database.driver === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}; redis: ${redisEndpoint.url}`,
      ...describeAuditKeys(auditKeys),
      `audit checkpoints: ${config.auditCheckpointDir} (signed daily; npm run audit:checkpoint for one now)`,
      `mail: ${config.smtpUrl ? 'SMTP_URL' : mailCatcher ? `caught in process at ${mailCatcher.url}, readable at ${config.publicUrl}/api/admin/mails` : 'sent by the workers'}`,
      'demo logins (password for all: ' + DEMO_LOGINS[0].password + '):',
      ...DEMO_LOGINS.map((login) => `  ${login.role.padEnd(15)} ${login.username.padEnd(16)} ${login.scope}`),
      '',
    ];
    console.log(lines.join('\n'));
  });
  answerClientErrors(server);
  // Live updates (socket.io) on the same server and port; the workers reach it through Redis.
  const realtime = await attachRealtime({ httpServer: server, context, redisUrl: redisEndpoint.url });
  // The reports' index loads now rather than at QA's first report (tens of seconds at a million tickets); until it is
  // in, a report waits for it as it would have.
  if (config.reportIndexAtStart) {
    void currentReportIndex(database.db).then(
      () => logger.info('report index loaded'),
      (error: unknown) => logger.warn({ err: error }, 'report index not loaded at start; the first report loads it'),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await realtime.close();
    server.close();
    await workers?.close();
    await mailCatcher?.close();
    redis.disconnect();
    await database.close();
    await redisEndpoint.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
