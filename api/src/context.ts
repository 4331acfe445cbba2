import type { Config, Database, DatabaseHandle } from '@careline/shared/server';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MailCatcher } from './mail-catcher';

/** What routes need from the process: built once at start and passed down, never imported as a global. */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  redis: Redis;
  logger: Logger;
  /** Present in the single-process embedded mode, where no real mail server is configured. */
  mailCatcher?: MailCatcher;
}
