import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { imports } from '../db/schema';

/** `<import id>.upload`: what `uploadImport` writes; anything else in the folder is not ours. */
const UPLOAD_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.upload$/;

/**
 * Uploaded files hold customers' names, mobiles and ID numbers, so none is kept longer than the retention
 * (IMPORT_RETENTION_HOURS): an upload never started within it fails as expired, a failed import's file goes (its
 * record, counts and rejected rows stay), and a file no import row names (an upload cut off before its row was
 * written) goes once it is that old. A finished import removed its file itself. Safe to run on any schedule.
 */
export async function pruneImportFiles(
  db: Executor,
  options: { importDir: string; retentionMs: number; now?: Date },
): Promise<{ expired: number; files: number }> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionMs);
  const hours = Math.round(options.retentionMs / 3_600_000);
  const expired = await db
    .update(imports)
    .set({ status: 'failed', error: `upload expired: not started within ${hours} h`, finishedAt: now })
    .where(and(eq(imports.status, 'uploaded'), lt(imports.createdAt, cutoff)))
    .returning({ id: imports.id });

  const names = await readdir(options.importDir).catch(() => [] as string[]);
  const idOf = (name: string) => UPLOAD_FILE.exec(name)?.[1];
  const ids = [...new Set(names.map(idOf).filter((id): id is string => id !== undefined))];
  const rows =
    ids.length === 0 ? [] : await db.select({ id: imports.id, status: imports.status, finishedAt: imports.finishedAt, createdAt: imports.createdAt }).from(imports).where(inArray(imports.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const justExpired = new Set(expired.map((row) => row.id));
  const doomed: string[] = [];
  for (const name of names) {
    const id = idOf(name);
    if (id === undefined) continue;
    const row = byId.get(id);
    if (justExpired.has(id)) doomed.push(name);
    else if (row) {
      // Queued and running imports still read their file; an upload within its retention may still be started.
      const ended = row.status === 'failed' || row.status === 'done' || row.status === 'undone';
      if (ended && (row.finishedAt ?? row.createdAt) < cutoff) doomed.push(name);
    } else {
      const modified = await stat(join(options.importDir, name)).then((file) => file.mtime, () => null);
      if (modified && modified < cutoff) doomed.push(name);
    }
  }
  await Promise.all(doomed.map((name) => rm(join(options.importDir, name), { force: true })));
  return { expired: expired.length, files: doomed.length };
}
