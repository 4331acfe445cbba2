import pino from 'pino';
import { type RunningWorkers, startWorkers, type WorkersOptions } from '../../workers/src/start-workers';
import { TEST_REDIS_URL, type TestServer } from './test-server';

/**
 * The real workers on a test server's database and Redis prefix, silent, relaying every 100 ms (the wake-up at
 * commit usually comes first), mailing `smtpUrl`. Override any option.
 */
export function startTestWorkers(server: TestServer, smtpUrl: string, overrides: Partial<WorkersOptions> = {}): Promise<RunningWorkers> {
  return startWorkers({
    db: server.database.db,
    redisUrl: TEST_REDIS_URL,
    redisPrefix: server.context.config.redisPrefix,
    logger: pino({ level: 'silent' }),
    smtpUrl,
    publicUrl: 'http://localhost',
    relayEveryMs: 100,
    // The server's own checkpoint folder, so the nightly jobs and the API read the same checkpoints.
    audit: { checkpointDir: server.context.config.auditCheckpointDir },
    // And its export folder: the API serves the files the reports worker writes there.
    exportDir: server.context.config.exportDir,
    importDir: server.context.config.importDir,
    ...overrides,
  });
}
