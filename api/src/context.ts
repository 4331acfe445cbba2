import type { Config, Database, DatabaseHandle } from '@careline/shared/server';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What routes need from the process: built once at start and passed down, never imported as a global. */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  redis: Redis;
  logger: Logger;
}
