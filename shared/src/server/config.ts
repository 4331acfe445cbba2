import { resolve } from 'node:path';

export interface Config {
  port: number;
  /** PostgreSQL server; when absent, embedded PGlite in `${dataDir}/pglite`. */
  databaseUrl?: string;
  /** When absent, 127.0.0.1:6379, else a redis-server started in `${dataDir}/redis`. */
  redisUrl?: string;
  dataDir: string;
  /** Demo data on first start of an empty database (default on for embedded mode). */
  seedDemo: boolean;
  logLevel: string;
  /** Secure cookies (behind TLS). */
  secureCookies: boolean;
  publicUrl: string;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** Sign-in attempts per address and username per 5 minutes. */
  loginAttemptsPerWindow: number;
  /** How long routing reuses its snapshot of rules and dealer loads (0: reload for every decision). */
  routingSnapshotTtlMs: number;
  /** Business minutes a digest collects before it goes out. */
  digestMinutes: number;
  /** How long a worker's claim on a job lasts without renewal (a dead worker's job is retried after it). */
  workerJobLockMs: number;
  /** Outgoing mail server; when absent `npm start` runs an in-process SMTP catcher on `smtpCatcherPort`. */
  smtpUrl?: string;
  smtpCatcherPort: number;
  mailFrom: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO !== 'false' : true,
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.SECURE_COOKIES === 'true',
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    redisPrefix: env.REDIS_PREFIX ?? 'careline:',
    loginAttemptsPerWindow: Number(env.LOGIN_ATTEMPTS_PER_WINDOW ?? 10),
    routingSnapshotTtlMs: Number(env.ROUTING_SNAPSHOT_TTL_MS ?? 1000),
    digestMinutes: Number(env.DIGEST_MINUTES ?? 60),
    workerJobLockMs: Number(env.WORKER_JOB_LOCK_MS ?? 30_000),
    smtpUrl: env.SMTP_URL || undefined,
    smtpCatcherPort: Number(env.SMTP_CATCHER_PORT ?? 2525),
    mailFrom: env.MAIL_FROM ?? 'careline 客户服务热线 <noreply@careline.example.cn>',
  };
}
