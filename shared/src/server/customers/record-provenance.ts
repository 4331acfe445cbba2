/**
 * Where a customer's fields came from, shared by the import (run-import.ts) and the hand merge (customer-merge.ts):
 * the sources' priorities, the field changes worth logging for undo, and the shared-mobile flag.
 */
import { sql } from 'drizzle-orm';
import type { FieldChange, ProvenancedValue, SourcePriorities } from '../../import/import-merge';
import type { Executor } from '../db/client';
import { customers, type importChanges, importSources } from '../db/schema';

type Change = typeof importChanges.$inferInsert;

export async function sourcePriorities(db: Executor): Promise<SourcePriorities> {
  const rows = await db.select({ code: importSources.code, priority: importSources.priority }).from(importSources);
  return Object.fromEntries(rows.map((row) => [row.code, row.priority]));
}

/** What a merge changed that undo must know: set, overwritten, or the same value now vouched for by this import. */
const changesWorthKeeping = (changes: readonly FieldChange[]) =>
  changes.filter((change) => change.action === 'set' || change.action === 'overwrite' || (change.action === 'same' && change.before !== change.after));

/** The field changes of one record worth logging, as the change log keeps them. */
export function loggedFields(changes: readonly FieldChange[]): Change['fields'] {
  const logged = (claim: ProvenancedValue) => ({ value: claim.value, source: { source: claim.source, at: claim.at, importId: claim.importId || null } });
  return changesWorthKeeping(changes).map((change) => ({ field: change.field, before: change.before ? logged(change.before) : null, after: logged(change.after) }));
}

/**
 * Data quality: live records that share a mobile (one with an ID number, one without; two people on a family phone)
 * are flagged `possible_duplicate` for a supervisor to look at (GET /customers/duplicates, the merge); a record whose
 * mobile no other live record has loses the flag.
 */
export async function flagSharedMobiles(tx: Executor, phones: readonly string[]): Promise<void> {
  if (phones.length === 0) return;
  await tx.execute(sql`
    update ${customers} c set quality_flags = case
        when exists (select 1 from ${customers} o where o.phone = c.phone and o.id <> c.id and o.merged_into is null)
          then array_append(array_remove(c.quality_flags, 'possible_duplicate'), 'possible_duplicate')
        else array_remove(c.quality_flags, 'possible_duplicate') end
    where c.phone = any(${sql.param([...phones])}::text[]) and c.merged_into is null`);
}
