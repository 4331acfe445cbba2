import { type DatabaseHandle, loadConfig, openDatabase } from '@careline/shared/server';
import { openTestDatabase } from '../helpers/test-server';

/** The pool's limits as `npm start` and `start:workers` open it: from the configuration, on every connection. */
describe('database timeouts', () => {
  let fresh: Awaited<ReturnType<typeof openTestDatabase>>;
  let database: DatabaseHandle;

  beforeAll(async () => {
    fresh = await openTestDatabase();
    const config = loadConfig({ DB_STATEMENT_TIMEOUT_MS: '1500', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '700' });
    database = await openDatabase({
      url: fresh.url!,
      poolSize: 2,
      statementTimeoutMs: config.dbStatementTimeoutMs,
      idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
      onPoolError: () => undefined,
    });
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
  });

  it('sets statement_timeout and idle_in_transaction_session_timeout on every pooled connection', async () => {
    // Both connections of the pool at once, so neither answer comes from a connection set up some other way.
    const answers = await Promise.all([0, 1].map(() => database.query<{ statement: string; idle: string }>(
      `select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle, pg_sleep(0.2)`,
    )));
    for (const [row] of answers) expect(row).toMatchObject({ statement: '1500ms', idle: '700ms' });
    // Through the Drizzle handle the application uses, too.
    const { sql } = await import('drizzle-orm');
    const result = (await database.db.execute(sql`show statement_timeout`)) as unknown as { rows: Array<{ statement_timeout: string }> };
    expect(result.rows[0].statement_timeout).toBe('1500ms');
  });

  it('cancels a statement that runs too long', async () => {
    await expect(database.query('select pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
    // The pool is still usable afterwards.
    expect(await database.query('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('ends a transaction left idle, releasing its row locks', async () => {
    await database.query('create table if not exists idle_probe (id int primary key, value int)');
    await database.query('insert into idle_probe values (1, 0) on conflict do nothing');
    const error = await database.db
      .transaction(async (tx) => {
        const { sql } = await import('drizzle-orm');
        await tx.execute(sql`select * from idle_probe where id = 1 for update`);
        // What waiting on an unreachable service inside a transaction would do.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await tx.execute(sql`update idle_probe set value = 1 where id = 1`);
      })
      .then(() => null, (caught: unknown) => caught);
    expect(error).not.toBeNull();
    // The lock is gone: another session updates the row without waiting for a statement timeout.
    await database.query('update idle_probe set value = 2 where id = 1');
    expect(await database.query('select value from idle_probe')).toEqual([{ value: 2 }]);
  });
});
