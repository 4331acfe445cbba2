import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, seedDemo } from '@careline/shared/server';
import { runAuditCli } from '../helpers/audit-cli';
import { TEST_AUDIT_ENV } from '../helpers/audit-test-keys';

/** The CLI on the embedded database: `npm run audit:verify` reading a PGlite folder that no server holds open. */
describe('npm run audit:verify on an embedded PGlite folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'careline-audit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reports intact chains, then the one edited event', async () => {
    const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    await database.migrate();
    await seedDemo(database.db, { customers: 30, tickets: 12 });
    await database.close();

    const intact = await runAuditCli([], { DATA_DIR: dataDir, DATABASE_URL: '', ...TEST_AUDIT_ENV });
    expect(intact.output).toMatch(/12 tickets, \d+ events, 0 broken/);
    expect(intact.code).toBe(0);

    const tampered = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    const [victim] = await tampered.query<{ id: string; ticket_id: string; sequence: number; number: string }>(
      `select e.id, e.ticket_id, e.sequence, t.number from ticket_events e join tickets t on t.id = e.ticket_id
       where e.sequence = 2 order by t.number limit 1`,
    );
    await tampered.query('alter table ticket_events disable trigger ticket_events_append_only');
    await tampered.query(`update ticket_events set occurred_at = occurred_at - interval '3 hours' where id = $1`, [victim.id]);
    await tampered.close();

    const broken = await runAuditCli([], { DATA_DIR: dataDir, DATABASE_URL: '', ...TEST_AUDIT_ENV });
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`BROKEN ${victim.number} (${victim.ticket_id}): event #2 ${victim.id} hash_mismatch`);
    expect(broken.output).toMatch(/12 tickets, \d+ events, 1 broken/);
    // Seeding PGlite and two CLI processes (each compiling with tsx and opening the folder): 15 s on a quiet machine,
    // over 60 s beside the rest of the suite on two cores.
  }, 180_000);
});
