import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DatabaseHandle, DEMO_PASSWORD, loadConfig, openDatabase, seedDemo } from '@careline/shared/server';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import pino from 'pino';
import { createApp } from '../../api/src/app';
import { answerClientErrors } from '../../api/src/http/client-errors';
import type { AppContext } from '../../api/src/context';
import { attachRealtime, type RealtimeGateway } from '../../api/src/realtime/realtime.gateway';
import { TEST_AUDIT_ENV, TEST_AUDIT_KEYS } from './audit-test-keys';
import { configureAuditKeys } from '@careline/shared/server';

// Explicitly cheap password hashes for tests (hundreds of sign-ins); never the default (see auth/password.ts).
process.env.PASSWORD_HASH_COST ??= 'test';

/** The PostgreSQL server the integration tests use: DATABASE_URL, or the local one every dev machine and CI has. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** What a test server's database is seeded with (seedDemo's options). */
interface Seed {
  customers: number;
  tickets: number;
}

/**
 * This jest run's id (test/helpers/global-setup.ts): it names the run's seeded templates, which its teardown removes.
 * Without it (a test run outside jest's setup) every database is migrated and seeded from scratch.
 */
const RUN = process.env.CARELINE_TEST_RUN;

/**
 * A migrated and seeded database is the same for most test files, and building one costs seconds (PGlite's start,
 * the migrations, the seed): each is built once per run and copied. Only seeds without tickets are copied — a seeded
 * ticket's clocks count from the moment it is made, so those are seeded fresh. A copy gets its own installation id,
 * as a fresh database does.
 */
const copiable = (seed: Seed | undefined): seed is Seed => Boolean(RUN) && seed !== undefined && seed.tickets === 0;

/** Under a lock on the server, the run's template database for this seed, built by the first process that needs it. */
async function postgresTemplate(seed: Seed): Promise<string> {
  const name = `careline_tpl_${RUN}_${seed.customers}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await admin.query(`create database ${name}`);
      try {
        const template = await openDatabase({ url: withDatabase(TEST_DATABASE_URL, name), poolSize: 2 });
        await template.migrate();
        await seedDemo(template.db, seed);
        await template.close();
      } catch (error) {
        await admin.query(`drop database if exists ${name} with (force)`);
        throw error;
      }
    }
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
    await admin.end();
  }
  return name;
}

/** The run's PGlite archive for this seed (written whole, then renamed: two processes may build it at once). */
async function pgliteArchive(seed: Seed): Promise<Blob> {
  const file = join(tmpdir(), `careline-pglite-${RUN}-${seed.customers}.tar`);
  if (!existsSync(file)) {
    const fresh = await openDatabase({});
    await fresh.migrate();
    await seedDemo(fresh.db, seed);
    const archive = await fresh.dumpDataDir!();
    await fresh.close();
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await archive.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

const freshInstallation = (database: DatabaseHandle) => database.query('update installation set id = gen_random_uuid()');

/**
 * A fresh, migrated database for one test server, seeded when `seed` is given: a new PostgreSQL database on the server
 * (dropped afterwards), or an in-memory PGlite when the jest project says so. Never skips: an unreachable server fails
 * the test with its error.
 */
export async function openTestDatabase(seed?: Seed): Promise<{ database: DatabaseHandle; url?: string; drop: () => Promise<void> }> {
  if (process.env.CARELINE_TEST_DB === 'pglite') {
    if (copiable(seed)) {
      const database = await openDatabase({ loadDataDir: await pgliteArchive(seed) });
      await freshInstallation(database);
      return { database, drop: () => database.close() };
    }
    const database = await openDatabase({});
    await database.migrate();
    if (seed) await seedDemo(database.db, seed);
    return { database, drop: () => database.close() };
  }
  const template = copiable(seed) ? await postgresTemplate(seed) : null;
  const name = `careline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = withDatabase(TEST_DATABASE_URL, name);
  const database = await openDatabase({ url, poolSize: 5 });
  if (template) await freshInstallation(database);
  else {
    await database.migrate();
    if (seed) await seedDemo(database.db, seed);
  }
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      const cleanup = new Client({ connectionString: TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export interface TestServer {
  url: string;
  context: AppContext;
  database: DatabaseHandle;
  /** Environment for running a CLI against this database; null on in-memory PGlite, which no other process can open. */
  cliEnv: Record<string, string> | null;
  /** A plain SQL client on the same database, for tests that tamper or count rows behind the API's back. */
  query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
  /** The socket.io gateway, when started with `realtime: true`. */
  realtime?: RealtimeGateway;
  close: () => Promise<void>;
}

/** Starts the real app on a random port with a fresh database seeded with demo reference data and a few customers. */
export async function startTestServer(
  options: {
    customers?: number;
    tickets?: number;
    realtime?: boolean;
    logger?: AppContext['logger'];
    /** Roles that must sign in with TOTP; none by default, so tests sign in with the password alone. */
    mfaRequiredRoles?: string[];
    loginFailuresPerAccount?: number;
    loginFailuresPerIp?: number;
    customerLookupsPerMinute?: number;
    /** Reads of the public tracking page per address per minute (default 10,000: tests share one address). */
    trackingRequestsPerMinute?: number;
    /** The API's Redis (default: the shared test Redis); fault tests point it at one they start and stop. */
    redisUrl?: string;
    production?: boolean;
    /** Where signed checkpoints go (default: a fresh temporary folder of this server). */
    auditCheckpointDir?: string;
  } = {},
): Promise<TestServer> {
  // The test server keys its chains like a deployment: the fixed test keys, also given to the CLIs it runs.
  configureAuditKeys(TEST_AUDIT_KEYS);
  const ownCheckpointDir = options.auditCheckpointDir ? null : mkdtempSync(join(tmpdir(), 'careline-checkpoints-'));
  // Its own export folder: the housekeeping job removes files its database has no row for, which would be another
  // test server's exports in a shared folder (two test files run at once).
  const exportDir = mkdtempSync(join(tmpdir(), 'careline-exports-'));
  // Uploaded import files wait here for the workers (the import row names the file's path).
  const importDir = mkdtempSync(join(tmpdir(), 'careline-imports-'));
  const { database, drop, url: databaseUrl } = await openTestDatabase({ customers: options.customers ?? 40, tickets: options.tickets ?? 0 });
  const redis = new Redis(options.redisUrl ?? TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  // Listen first: the public URL (and so the one allowed Origin) is the address the tests and the browser use.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = {
    ...loadConfig({ PUBLIC_URL: url }),
    redisPrefix: `careline-test:${randomBytes(6).toString('hex')}:`,
    mfaRequiredRoles: options.mfaRequiredRoles ?? [],
    loginFailuresPerAccount: options.loginFailuresPerAccount ?? 1000,
    loginFailuresPerIp: options.loginFailuresPerIp ?? 1000,
    customerLookupsPerMinute: options.customerLookupsPerMinute ?? 10_000,
    trackingRequestsPerMinute: options.trackingRequestsPerMinute ?? 10_000,
    production: options.production ?? false,
    auditCheckpointDir: options.auditCheckpointDir ?? ownCheckpointDir!,
    exportDir,
    importDir,
  };
  const context: AppContext = { config, database, db: database.db, redis, logger: options.logger ?? pino({ level: 'silent' }) };
  server.on('request', createApp(context));
  answerClientErrors(server);
  const realtime = options.realtime ? await attachRealtime({ httpServer: server, context, redisUrl: TEST_REDIS_URL }) : undefined;
  return {
    url,
    context,
    database,
    realtime,
    cliEnv: databaseUrl ? { DATABASE_URL: databaseUrl, AUDIT_CHECKPOINT_DIR: config.auditCheckpointDir, ...TEST_AUDIT_ENV } : null,
    query: <T,>(sql: string, params?: unknown[]) => database.query<T>(sql, params),
    close: async () => {
      await realtime?.close();
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections?.();
      redis.disconnect();
      await drop();
      if (ownCheckpointDir) rmSync(ownCheckpointDir, { recursive: true, force: true });
      rmSync(exportDir, { recursive: true, force: true });
      rmSync(importDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A signed-in (or anonymous) HTTP client with its own cookies, like one browser. */
export class ApiClient {
  private readonly cookies = new Map<string, string>();
  /** The Cookie header this client sends (`careline_session=…; careline_device=…`). */
  get cookie(): string | undefined {
    return this.cookies.size > 0 ? [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') : undefined;
  }
  constructor(
    readonly baseUrl: string,
    private readonly defaults: Record<string, string> = {},
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        // Like a browser: a state-changing request names the page's origin (the API refuses cookie writes without it).
        ...(SAFE_METHODS.has(method.toUpperCase()) ? {} : { origin: new URL(this.baseUrl).origin }),
        ...this.defaults,
        ...(body !== undefined ? { 'content-type': body instanceof Uint8Array ? 'application/octet-stream' : 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = setCookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      if (attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(index + 1).trim());
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (docs page, metrics): keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }

  /** Posts a file's bytes as the body (an import's upload). */
  upload<T = any>(path: string, bytes: Uint8Array, headers?: Record<string, string>) {
    return this.request<T>('POST', path, bytes, headers);
  }

  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<this> {
    const response = await this.post('/api/auth/login', { username, password });
    if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return this;
  }
}

export async function signedIn(server: TestServer, username: string): Promise<ApiClient> {
  return new ApiClient(server.url).login(username);
}
