/**
 * Many rows in one statement with one parameter: the rows as a JSON array, read back by `jsonb_to_recordset` with the
 * table's own column types. Drizzle's multi-row insert builds a parameter per value, which costs more time than the
 * database takes for an import batch of thousands of rows. Same SQL on PostgreSQL and PGlite.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A value as JSON carries it: instants as ISO strings; arrays and objects as they are (arrays become SQL arrays). */
const jsonValue = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null));

/**
 * Inserts `rows` (all with the same keys) into `table`; with `update`, a row whose id exists instead sets those columns
 * from it (an upsert on the primary key `id`).
 */
export async function bulkInsert<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: ReadonlyArray<T['$inferInsert']>,
  options: { update?: ReadonlyArray<keyof T['$inferInsert'] & string> } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const keys = Object.keys(rows[0] as object).filter((key) => key in columns);
  const names = keys.map((key) => quoted(columns[key].name)).join(', ');
  const types = keys.map((key) => `${quoted(columns[key].name)} ${columns[key].getSQLType()}`).join(', ');
  const records = JSON.stringify(rows.map((row) => Object.fromEntries(keys.map((key) => [columns[key].name, jsonValue((row as Record<string, unknown>)[key])]))));
  const onConflict = options.update
    ? ` on conflict ("id") do update set ${options.update.map((key) => `${quoted(columns[key].name)} = excluded.${quoted(columns[key].name)}`).join(', ')}`
    : '';
  await tx.execute(sql`insert into ${table} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${records}::jsonb) as r(${sql.raw(types)})${sql.raw(onConflict)}`);
}
