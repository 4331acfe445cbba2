import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
/** A Drizzle database on either driver: the code above this line does not know which. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Commands accept either the database or a transaction they join. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  driver: 'postgres' | 'pglite';
  /** Runs migrations with the matching migrator. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** Raw parameterised SQL, for operations tooling and tests that look behind the API. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** PGlite only: the whole database as a tar archive, which `loadDataDir` opens again (tests start from a seeded copy). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… for a server; absent for embedded PGlite. */
  url?: string;
  /** PGlite's data folder; absent for an in-memory database (tests). */
  dataDir?: string;
  /** PGlite only: start an in-memory database from an archive `dumpDataDir` made (tests). */
  loadDataDir?: Blob;
  poolSize?: number;
  /**
   * PostgreSQL only: a statement running longer is cancelled (`statement_timeout`), and a session left idle inside a
   * transaction longer is ended, releasing its locks (`idle_in_transaction_session_timeout`). Absent: no limit.
   * Migrations run on a connection of their own without these limits.
   */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
  /** How long a request waits for a free pooled connection before failing (default 5 s). */
  connectionTimeoutMs?: number;
  /** Told about errors of idle pooled connections (logged by the caller); the pool replaces the connection. */
  onPoolError?: (error: Error) => void;
}

const MIGRATIONS_FOLDER = `${__dirname}/migrations`;

/** Opens PostgreSQL when a URL is given, otherwise embedded PGlite (one process only: it does not lock its folder). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
      // A database that does not answer fails the request (and readiness) instead of queueing it without end.
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process: the pool reconnects.
    pool.on('error', (error) => options.onPoolError?.(error));
    // Nor one ended while checked out, between two statements of a transaction (the idle-in-transaction timeout): the
    // next statement on it fails, the transaction with it, and the pool discards the connection.
    pool.on('connect', (client) => client.on('error', (error) => options.onPoolError?.(error)));
    const db = drizzle(pool, { schema });
    return {
      db: db as unknown as Database,
      driver: 'postgres',
      // Several API and worker instances start together: an advisory lock lets one migrate while the others wait. On a
      // connection of its own, without the statement timeout: waiting for the lock, or a long migration, is expected.
      migrate: async () => {
        const migrationPool = new Pool({ connectionString: options.url, max: 1 });
        const lock = await migrationPool.connect();
        try {
          await lock.query('select pg_advisory_lock(7274210)');
          await migrate(drizzle(lock, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await lock.query('select pg_advisory_unlock(7274210)').catch(() => undefined);
          lock.release();
          await migrationPool.end();
        }
      },
      ping: async () => {
        await pool.query('select 1');
      },
      query: async <T,>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  await client.waitReady;
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      await client.query('select 1');
    },
    query: async <T,>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
    dumpDataDir: () => client.dumpDataDir('none'),
    close: () => client.close(),
  };
}
