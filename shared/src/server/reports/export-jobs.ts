/**
 * Export jobs: an export too long to stream within a request is a `report_exports` row and an `export` job (queue
 * `reports`); the worker streams the file into the export directory batch by batch, recording rows done of the total
 * so GET /api/exports/:id shows progress, and the requester (or an admin) downloads it when done. The job reads as
 * its requester does now (scope from the user row): an export never shows more than its requester may read.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type { TExportRequest } from '../../reports/export.schemas';
import { actorOfUser } from '../auth/sessions';
import type { Executor } from '../db/client';
import { reportExports, users } from '../db/schema';
import { ticketScopeOf } from '../tickets/ticket-queries';
import { countTickets, reportTable, ticketBatches, ticketColumns } from './export-rows';
import { writeExport } from './export-writers';
import { resolutionReport } from './resolution-report';
import { scopedFilters } from './report-sql';

export type ExportRow = typeof reportExports.$inferSelect;

/** Records an export request (checked against the requester's scope now, so a refusal is immediate). */
export async function createExport(db: Executor, options: { actor: Actor; request: TExportRequest }): Promise<ExportRow> {
  if (options.actor.kind !== 'user') throw new AppError('FORBIDDEN');
  scopedFilters(ticketScopeOf(options.actor), options.request.query);
  const [row] = await db
    .insert(reportExports)
    .values({
      id: randomUUID(),
      requestedBy: options.actor.id,
      kind: options.request.kind,
      format: options.request.query.format,
      query: { ...options.request.query },
      status: 'queued',
    })
    .returning();
  return row;
}

/** An export as its requester (or an admin) may see it; anyone else: NOT_FOUND. */
export async function findExport(db: Executor, actor: Actor, id: string): Promise<ExportRow> {
  const [row] = await db.select().from(reportExports).where(eq(reportExports.id, id));
  if (!row || (row.requestedBy !== actor.id && actor.role !== 'admin')) throw new AppError('NOT_FOUND');
  return row;
}

export const exportFileName = (row: Pick<ExportRow, 'id' | 'format'>) => `${row.id}.${row.format}`;

export async function markExportFailed(db: Executor, exportId: string, error: string): Promise<void> {
  await db.update(reportExports).set({ status: 'failed', error, finishedAt: new Date() }).where(eq(reportExports.id, exportId));
}

/** Writes the export's file (worker side). A row already done is left as it is (a job retried after it finished). */
export async function runExport(db: Executor, options: { exportId: string; exportDir: string; publicUrl?: string }): Promise<ExportRow> {
  const [row] = await db.select().from(reportExports).where(eq(reportExports.id, options.exportId));
  if (!row) throw new Error(`export ${options.exportId} does not exist`);
  if (row.status === 'done') return row;
  const [user] = await db.select().from(users).where(eq(users.id, row.requestedBy));
  if (!user || !user.active) {
    await markExportFailed(db, row.id, 'requester no longer active');
    return { ...row, status: 'failed' };
  }
  const scope = ticketScopeOf(actorOfUser(user));
  const query = row.query as TExportRequest['query'];
  const language = query.language;
  await mkdir(options.exportDir, { recursive: true });
  const finalPath = join(options.exportDir, exportFileName(row));
  const partPath = `${finalPath}.part`;
  const output = createWriteStream(partPath);
  try {
    let columns;
    let batches: AsyncIterable<Array<Array<string | number | null>>> | Iterable<Array<Array<string | number | null>>>;
    let total: number;
    if (row.kind === 'report') {
      const report = await resolutionReport(db, { scope, query: query as Extract<TExportRequest, { kind: 'report' }>['query'] });
      const table = reportTable(report, language);
      columns = table.columns;
      batches = [table.rows];
      total = table.rows.length;
    } else {
      columns = ticketColumns(language);
      total = await countTickets(db, { scope, query });
      batches = ticketBatches(db, { scope, query, publicUrl: options.publicUrl });
    }
    await db.update(reportExports).set({ status: 'running', rowsDone: 0, rowsTotal: total }).where(eq(reportExports.id, row.id));
    const written = await writeExport({
      format: row.format,
      columns,
      batches,
      output,
      onBatch: async (rowsDone) => {
        await db.update(reportExports).set({ rowsDone }).where(eq(reportExports.id, row.id));
      },
    });
    await rename(partPath, finalPath);
    const [done] = await db
      .update(reportExports)
      .set({ status: 'done', rowsDone: written, rowsTotal: Math.max(total, written), fileName: exportFileName(row), finishedAt: new Date() })
      .where(eq(reportExports.id, row.id))
      .returning();
    return done;
  } catch (error) {
    output.destroy();
    await rm(partPath, { force: true });
    await markExportFailed(db, row.id, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/**
 * Export files are working copies, not records: an export finished (or never finished) longer than `retentionMs` ago
 * is removed, its row and its file, so the export directory does not grow without end. Files in the directory with
 * no row left (a crash between the two, a job's `.part` abandoned) go too. Rows first: a download that finds its row
 * gone answers 404, never half a file.
 */
export async function pruneExports(db: Executor, options: { exportDir: string; retentionMs: number; now?: Date }): Promise<{ exports: number; files: number }> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionMs);
  const removed = await db
    .delete(reportExports)
    .where(or(lt(reportExports.finishedAt, cutoff), and(isNull(reportExports.finishedAt), lt(reportExports.createdAt, cutoff))))
    .returning({ id: reportExports.id });
  const names = await readdir(options.exportDir).catch(() => [] as string[]);
  const idOf = (name: string) => EXPORT_FILE.exec(name)?.[1];
  const ids = [...new Set(names.map(idOf).filter((id): id is string => id !== undefined))];
  const kept = new Set(
    ids.length === 0 ? [] : (await db.select({ id: reportExports.id }).from(reportExports).where(inArray(reportExports.id, ids))).map((row) => row.id),
  );
  const orphans = names.filter((name) => {
    const id = idOf(name);
    return id !== undefined && !kept.has(id);
  });
  await Promise.all(orphans.map((name) => rm(join(options.exportDir, name), { force: true })));
  return { exports: removed.length, files: orphans.length };
}

/** `<export id>.<format>` and its `.part` while being written; anything else in the directory is not ours. */
const EXPORT_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(?:csv|xlsx)(?:\.part)?$/;
