/**
 * Report checkpoints: the resolution-time report as it stood at a moment, kept (append-only by trigger) so QA can put
 * what a dealer's figures were on the 10th, the 20th or the month end beside what they are now. Scheduled ones are
 * taken by the workers' hourly `take-checkpoints` job for each cutoff that has passed and has none yet (the job can
 * run late or twice: the label is unique; more than 36 hours late it is skipped, as it would not show the figures as
 * they stood); QA and admins take more by hand. `takenAt` says when the figures were read.
 */
import { randomUUID } from 'node:crypto';
import { desc, eq, getTableColumns } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { REPORT_DIMENSIONS, type ReportDimension } from '../../reports/report.schemas';
import { chinaDayOf, chinaMidnight } from '../../sla/china-time';
import type { ResolutionCell, ResolutionReport } from '../../reports/report.types';
import type { Executor } from '../db/client';
import { reportCheckpoints } from '../db/schema';
import { type ResolutionQuery, resolutionReport } from './resolution-report';

type CheckpointRow = typeof reportCheckpoints.$inferSelect;

const DAY = 86_400_000;
/** How late after its cutoff a scheduled checkpoint may still be taken (the job runs hourly; a stopped worker…). */
const LATEST_CHECKPOINT_MS = 36 * 3_600_000;

/**
 * The scheduled cutoffs of the month of `date` and the month before: the end of the 10th, of the 20th and of the
 * month's last day (local time), with the month's start.
 */
export function checkpointCutoffs(at: Date): Array<{ label: string; cutoffAt: Date; monthStart: string }> {
  const [year, month] = chinaDayOf(at).split('-').map(Number);
  const cutoffs: Array<{ label: string; cutoffAt: Date; monthStart: string }> = [];
  for (const offset of [-1, 0]) {
    const first = new Date(Date.UTC(year, month - 1 + offset, 1));
    const monthStart = first.toISOString().slice(0, 10);
    const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    for (const day of [10, 20, lastDay]) {
      const label = `${monthStart.slice(0, 8)}${String(day).padStart(2, '0')}`;
      cutoffs.push({ label, cutoffAt: new Date(chinaMidnight(label).getTime() + DAY), monthStart });
    }
  }
  return cutoffs;
}

/** The report a scheduled checkpoint keeps: per dealer, the tickets created from the month's start to the cutoff. */
const scheduledQuery = (monthStart: string, cutoffAt: Date): ResolutionQuery => ({
  basis: 'created',
  from: monthStart,
  to: cutoffAt.toISOString(),
  groupBy: ['dealer'],
});

/** Serializes a report for jsonb (dates as ISO strings), exactly as the API would answer it. */
const frozen = (report: ResolutionReport) => JSON.parse(JSON.stringify(report)) as ResolutionReport;

export async function takeCheckpoint(
  db: Executor,
  options: { kind: 'scheduled' | 'manual'; label: string; cutoffAt: Date; query: ResolutionQuery; actor: Actor | null; now?: Date },
): Promise<CheckpointRow> {
  const now = options.now ?? new Date();
  const report = await resolutionReport(db, { scope: { kind: 'all' }, query: options.query, now });
  const [row] = await db
    .insert(reportCheckpoints)
    .values({
      id: randomUUID(),
      kind: options.kind,
      label: options.label,
      cutoffAt: options.cutoffAt,
      takenAt: now,
      takenBy: options.actor?.kind === 'user' ? options.actor.id : null,
      query: { ...options.query },
      report: frozen(report),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('DUPLICATE', { label: options.label });
  return row;
}

/** Takes every scheduled checkpoint whose cutoff has passed and that has none yet; returns the labels taken. */
export async function takeDueCheckpoints(db: Executor, now: Date = new Date()): Promise<string[]> {
  const taken: string[] = [];
  const existing = new Set(
    (await db.select({ label: reportCheckpoints.label }).from(reportCheckpoints).where(eq(reportCheckpoints.kind, 'scheduled'))).map((row) => row.label),
  );
  for (const cutoff of checkpointCutoffs(now)) {
    // Taken much later, the figures would not be what they were at the cutoff: such a checkpoint is not made up.
    if (cutoff.cutoffAt > now || existing.has(cutoff.label) || now.getTime() - cutoff.cutoffAt.getTime() > LATEST_CHECKPOINT_MS) continue;
    try {
      await takeCheckpoint(db, { kind: 'scheduled', label: cutoff.label, cutoffAt: cutoff.cutoffAt, query: scheduledQuery(cutoff.monthStart, cutoff.cutoffAt), actor: null, now });
      taken.push(cutoff.label);
    } catch (error) {
      // Another worker took it first.
      if (!(error instanceof AppError && error.code === 'DUPLICATE')) throw error;
    }
  }
  return taken;
}

/** A checkpoint taken by hand now: the query given, or per dealer for this month so far. */
export async function takeCheckpointNow(db: Executor, options: { actor: Actor; label?: string; query?: ResolutionQuery; now?: Date }): Promise<CheckpointRow> {
  const now = options.now ?? new Date();
  const monthStart = `${chinaDayOf(now).slice(0, 8)}01`;
  const query = options.query ?? { basis: 'created', from: monthStart, groupBy: ['dealer'] };
  return takeCheckpoint(db, { kind: 'manual', label: options.label ?? `manual ${now.toISOString()}`, cutoffAt: now, query, actor: options.actor, now });
}

export async function listReportCheckpoints(db: Executor): Promise<Array<Omit<CheckpointRow, 'report'>>> {
  const { report: _report, ...columns } = getTableColumns(reportCheckpoints);
  return db.select(columns).from(reportCheckpoints).orderBy(desc(reportCheckpoints.cutoffAt), desc(reportCheckpoints.takenAt)).limit(500);
}

export async function findCheckpoint(db: Executor, id: string): Promise<CheckpointRow> {
  const [row] = await db.select().from(reportCheckpoints).where(eq(reportCheckpoints.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

const keyOf = (keys: Partial<Record<ReportDimension, string>>) => REPORT_DIMENSIONS.map((dimension) => keys[dimension] ?? '').join('\u0000');

/** The checkpoint's cells beside the same report now, matched by their keys (a cell only one side has: null on the other). */
export async function compareCheckpoint(db: Executor, checkpoint: CheckpointRow, now: Date = new Date()) {
  const current = await resolutionReport(db, { scope: { kind: 'all' }, query: checkpoint.query as unknown as ResolutionQuery, now });
  const then = checkpoint.report.cells;
  const nowCells = JSON.parse(JSON.stringify(current.cells)) as ResolutionCell[];
  const pairs = new Map<string, { keys: ResolutionCell['keys']; labels: ResolutionCell['labels']; then: ResolutionCell | null; now: ResolutionCell | null }>();
  for (const cell of then) pairs.set(keyOf(cell.keys), { keys: cell.keys, labels: cell.labels, then: cell, now: null });
  for (const cell of nowCells) {
    const pair = pairs.get(keyOf(cell.keys));
    if (pair) pair.now = cell;
    else pairs.set(keyOf(cell.keys), { keys: cell.keys, labels: cell.labels, then: null, now: cell });
  }
  return { at: now, cells: [...pairs.values()] };
}
