import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TEST_DATABASE_URL } from './test-server';

/** After the run: its seeded template databases and PGlite archives go (test/helpers/test-server.ts). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.CARELINE_TEST_RUN;
  if (!run) return;
  for (const file of readdirSync(tmpdir()).filter((name) => name.startsWith(`careline-pglite-${run}-`))) rmSync(join(tmpdir(), file), { force: true });
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  try {
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`careline_tpl_${run}_%`]);
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
  } catch {
    // No server (a PGlite-only run): nothing was made there.
  } finally {
    await admin.end().catch(() => undefined);
  }
}
