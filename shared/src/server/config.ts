import { join, resolve } from 'node:path';

export interface Config {
  port: number;
  /** PostgreSQL server; when absent, embedded PGlite in `${dataDir}/pglite`. */
  databaseUrl?: string;
  /** When absent, 127.0.0.1:6379, else a redis-server started in `${dataDir}/redis`. */
  redisUrl?: string;
  dataDir: string;
  /** Where export jobs write their files (EXPORT_DIR; default `${dataDir}/exports`): shared by API and workers. */
  exportDir: string;
  /** Where uploaded import files wait for their worker (IMPORT_DIR; default `${dataDir}/imports`): shared by API and workers. */
  importDir: string;
  /** The largest import file accepted (IMPORT_MAX_MB, default 200). */
  importMaxBytes: number;
  /** How long an export's file is kept after it finished (EXPORT_RETENTION_HOURS, default 72); housekeeping removes it then. */
  exportRetentionMs: number;
  /** How long an uploaded import file is kept once its import failed, or while nobody starts it (IMPORT_RETENTION_HOURS, default 72). */
  importRetentionMs: number;
  /** Load the reports' in-process index when the API starts (REPORT_INDEX_AT_START, default true), not at the first report. */
  reportIndexAtStart: boolean;
  /** Demo data on first start of an empty database (default on for embedded mode). */
  seedDemo: boolean;
  /** How many demo tickets that first start plays through the commands (DEMO_TICKETS, default 520: two months' worth). */
  demoTickets: number;
  logLevel: string;
  /** Secure cookies (behind TLS). */
  secureCookies: boolean;
  publicUrl: string;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
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
  /** The origin (scheme://host[:port]) browsers reach careline at, from PUBLIC_URL: cookie-authenticated writes and
   *  socket handshakes from any other origin are refused. More origins: ALLOWED_ORIGINS (comma-separated). */
  allowedOrigins: string[];
  /** Express `trust proxy` (TRUST_PROXY): `loopback` by default; the compose file's proxy needs its address or hop count. */
  trustProxy: string | number | boolean;
  /** When set, /metrics answers only with `Authorization: Bearer <token>` (METRICS_TOKEN). */
  metricsToken?: string;
  /** Roles that must sign in with a second factor (MFA_REQUIRED_ROLES, comma-separated; `none` for none). */
  mfaRequiredRoles: string[];
  /** Sign-in failures per account (any address) per 15 minutes before it is refused; per address (any account)
   *  likewise. A browser where the account signed in before has its own bucket (see api/src/auth/login-limits.ts). */
  loginFailuresPerAccount: number;
  loginFailuresPerIp: number;
  /** Customer lookups by phone, VIN or plate per user per minute. */
  customerLookupsPerMinute: number;
  /** Production: demo passwords and short passwords are refused (NODE_ENV=production). */
  production: boolean;
  /** How long a notification that cannot be sent is retried before it is shown to admins as failed. */
  notificationRetryHours: number;
  /**
   * How long a mail claimed for sending may stay so before another worker takes it over (a worker that died
   * mid-send); above the SMTP timeouts (NOTIFICATION_SENDING_LEASE_MS, default 2 min).
   */
  notificationSendingLeaseMs: number;
  /** How often the workers look for mail due for another attempt (NOTIFICATION_RETRY_EVERY_MS, default 30 s). */
  notificationRetryEveryMs: number;
  /** PostgreSQL statement and idle-in-transaction timeouts (server mode). */
  dbStatementTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
  /**
   * The audit chain's HMAC key (AUDIT_HMAC_KEY: at least 32 bytes as hex or base64). Absent: read from (or generated
   * once into) `${auditKeyDir}/audit-hmac.key`; refused at start in production with DATABASE_URL (see audit-keys.ts).
   */
  auditHmacKey?: string;
  /** The Ed25519 private key checkpoints are signed with (AUDIT_SIGNING_KEY, PKCS#8 PEM); absent: like the HMAC key. */
  auditSigningKey?: string;
  /** Where generated audit key files live (AUDIT_KEY_DIR, default DATA_DIR): keep it off the database's disk and backups. */
  auditKeyDir: string;
  /** Where signed checkpoints of the chain heads are written (AUDIT_CHECKPOINT_DIR, default DATA_DIR/audit-checkpoints). */
  auditCheckpointDir: string;
  /** When the workers write a checkpoint (AUDIT_CHECKPOINT_CRON, China time; default 00:10 daily). */
  auditCheckpointCron: string;
  /** When the workers verify every chain and figure (AUDIT_VERIFY_CRON, China time; default 02:30 nightly). */
  auditVerifyCron: string;
  /**
   * How SMS go out (SMS_MODE): `log` (default: the log and the sms_messages table only), `mail` (to SMS_MAIL_TO, a
   * mail-to-SMS gateway address with `{phone}` in it), `http` (a JSON POST `{ to, text, dedupeKey }` to SMS_URL).
   */
  smsMode: 'log' | 'mail' | 'http';
  smsUrl?: string;
  smsMailTo: string;
  /** How long a customer's tracking link keeps working after the ticket closed (TRACKING_TTL_AFTER_CLOSE_HOURS, default 168). */
  trackingTtlAfterCloseHours: number;
  /** Reads of the public tracking page per client address per minute (TRACKING_REQUESTS_PER_MINUTE, default 60). */
  trackingRequestsPerMinute: number;
}

/** DEMO_TICKETS: a whole number from 0 to 100,000 (a larger demo is a load test: bench/ makes those). */
function demoTicketsOf(value: string | undefined): number {
  if (value === undefined || value === '') return 520;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new Error(`DEMO_TICKETS must be a whole number from 0 to 100000 (got ${value})`);
  return count;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    exportDir: resolve(env.EXPORT_DIR ?? `${env.DATA_DIR ?? 'data'}/exports`),
    exportRetentionMs: Number(env.EXPORT_RETENTION_HOURS ?? 72) * 3_600_000,
    importDir: resolve(env.IMPORT_DIR ?? `${env.DATA_DIR ?? 'data'}/imports`),
    importRetentionMs: Number(env.IMPORT_RETENTION_HOURS ?? 72) * 3_600_000,
    importMaxBytes: Number(env.IMPORT_MAX_MB ?? 200) * 1024 * 1024,
    reportIndexAtStart: env.REPORT_INDEX_AT_START !== 'false',
    // Demo data (with its well-known passwords) only in the embedded mode, or when asked for explicitly.
    seedDemo: env.SEED_DEMO ? env.SEED_DEMO === 'true' : !env.DATABASE_URL,
    demoTickets: demoTicketsOf(env.DEMO_TICKETS),
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === 'true' : (env.PUBLIC_URL ?? '').startsWith('https:'),
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    redisPrefix: env.REDIS_PREFIX ?? 'careline:',
    routingSnapshotTtlMs: Number(env.ROUTING_SNAPSHOT_TTL_MS ?? 1000),
    digestMinutes: Number(env.DIGEST_MINUTES ?? 60),
    workerJobLockMs: Number(env.WORKER_JOB_LOCK_MS ?? 30_000),
    smtpUrl: env.SMTP_URL || undefined,
    smtpCatcherPort: Number(env.SMTP_CATCHER_PORT ?? 2525),
    mailFrom: env.MAIL_FROM ?? 'careline 客户服务热线 <noreply@careline.example.cn>',
    allowedOrigins: [
      new URL(env.PUBLIC_URL ?? `http://localhost:${port}`).origin,
      // Without PUBLIC_URL (a local `npm start`), the console is as much at 127.0.0.1 and [::1] as at localhost.
      ...(env.PUBLIC_URL ? [] : [`http://127.0.0.1:${port}`, `http://[::1]:${port}`]),
      ...list(env.ALLOWED_ORIGINS).map((origin) => new URL(origin).origin),
    ],
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    metricsToken: env.METRICS_TOKEN || undefined,
    mfaRequiredRoles: env.MFA_REQUIRED_ROLES === 'none' ? [] : list(env.MFA_REQUIRED_ROLES ?? 'admin,supervisor,qa'),
    loginFailuresPerAccount: Number(env.LOGIN_FAILURES_PER_ACCOUNT ?? 10),
    loginFailuresPerIp: Number(env.LOGIN_FAILURES_PER_IP ?? 50),
    customerLookupsPerMinute: Number(env.CUSTOMER_LOOKUPS_PER_MINUTE ?? 60),
    production: env.NODE_ENV === 'production',
    notificationRetryHours: Number(env.NOTIFICATION_RETRY_HOURS ?? 24),
    notificationSendingLeaseMs: Number(env.NOTIFICATION_SENDING_LEASE_MS ?? 120_000),
    notificationRetryEveryMs: Number(env.NOTIFICATION_RETRY_EVERY_MS ?? 30_000),
    dbStatementTimeoutMs: Number(env.DB_STATEMENT_TIMEOUT_MS ?? 30_000),
    dbIdleInTransactionTimeoutMs: Number(env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? 10_000),
    auditHmacKey: env.AUDIT_HMAC_KEY || undefined,
    auditSigningKey: env.AUDIT_SIGNING_KEY || undefined,
    auditKeyDir: resolve(env.AUDIT_KEY_DIR ?? env.DATA_DIR ?? 'data'),
    auditCheckpointDir: resolve(env.AUDIT_CHECKPOINT_DIR ?? join(env.DATA_DIR ?? 'data', 'audit-checkpoints')),
    auditCheckpointCron: env.AUDIT_CHECKPOINT_CRON ?? '10 0 * * *',
    auditVerifyCron: env.AUDIT_VERIFY_CRON ?? '30 2 * * *',
    smsMode: parseSmsMode(env.SMS_MODE),
    smsUrl: env.SMS_URL || undefined,
    smsMailTo: env.SMS_MAIL_TO ?? '{phone}@sms.careline.example.cn',
    trackingTtlAfterCloseHours: Number(env.TRACKING_TTL_AFTER_CLOSE_HOURS ?? 168),
    trackingRequestsPerMinute: Number(env.TRACKING_REQUESTS_PER_MINUTE ?? 60),
  };
}

function parseSmsMode(value: string | undefined): Config['smsMode'] {
  if (value === undefined || value === '' || value === 'log') return 'log';
  if (value === 'mail' || value === 'http') return value;
  throw new Error(`SMS_MODE must be log, mail or http (got ${value})`);
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

/** TRUST_PROXY: `true`/`false`, a hop count, or addresses/subnets as express takes them (default `loopback`). */
function parseTrustProxy(value: string | undefined): string | number | boolean {
  if (value === undefined || value === '') return 'loopback';
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
