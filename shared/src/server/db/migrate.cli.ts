/**
 * `npm run db:migrate`: applies the migrations in ./migrations to DATABASE_URL, or to the embedded PGlite folder in
 * DATA_DIR when no URL is given (stop `npm start` first: PGlite belongs to one process). The API and workers migrate
 * at start as well; this is for deployments that migrate as a step of their own. Exit code 0 when done, 1 on failure.
 */
import { loadAuditKeys } from '../audit/audit-keys';
import { upgradeLegacyChains } from '../audit/legacy-upgrade';
import { loadConfig } from '../config';
import { openDatabase } from './client';

async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
  try {
    await database.migrate();
    // Chains written before the chain was keyed are re-keyed once, after verifying them as they were written.
    const upgraded = await upgradeLegacyChains(database.db, loadAuditKeys(config));
    if (upgraded) console.log(`audit: ${upgraded.rekeyed} legacy chains re-keyed, ${upgraded.refused.length} refused (did not verify)`);
    const [applied] = await database.query<{ count: number }>('select count(*)::int as count from drizzle.__drizzle_migrations');
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}/pglite`;
    console.log(`migrated ${where}: ${applied.count} migrations applied`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
