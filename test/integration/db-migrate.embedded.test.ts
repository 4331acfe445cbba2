import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '@careline/shared/server';
import { runNpmScript } from '../helpers/audit-cli';

const JOURNAL = resolve(__dirname, '../../shared/src/server/db/migrations/meta/_journal.json');

/** `npm run db:migrate` on a fresh embedded PGlite folder: every migration applied once, and a second run is a no-op. */
describe('npm run db:migrate', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'careline-migrate-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Two CLI processes, each starting tsx and opening PGlite: slow on a busy machine.
  it('creates the schema in an empty database, and running it again changes nothing', async () => {
    const migrations = (JSON.parse(readFileSync(JOURNAL, 'utf8')) as { entries: unknown[] }).entries.length;
    const first = await runNpmScript('db:migrate', [], { DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(first.output).toContain(`${migrations} migrations applied`);
    expect(first.code).toBe(0);
    const again = await runNpmScript('db:migrate', [], { DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(again.code).toBe(0);

    const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    try {
      const applied = await database.query<{ count: number }>('select count(*)::int as count from drizzle.__drizzle_migrations');
      expect(applied[0].count).toBe(migrations);
      const tables = await database.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = 'public' and table_name in ('tickets', 'ticket_events', 'users')`,
      );
      expect(tables.map((table) => table.name).sort()).toEqual(['ticket_events', 'tickets', 'users']);
    } finally {
      await database.close();
    }
  }, 180_000);
});
