/**
 * A fresh PostgreSQL database for one bench run (on DATABASE_URL's server, or the local one), opened and migrated;
 * `drop()` closes it and drops it.
 */
import { type DatabaseHandle, openDatabase } from '@careline/shared/server';
import { Client } from 'pg';

export const BENCH_SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function benchDatabase(label: string, poolSize: number): Promise<{ name: string; database: DatabaseHandle; drop: () => Promise<void> }> {
  const name = `careline_bench_${label}_${Date.now()}`;
  const admin = new Client({ connectionString: BENCH_SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize });
  await database.migrate();
  return {
    name,
    database,
    drop: async () => {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
