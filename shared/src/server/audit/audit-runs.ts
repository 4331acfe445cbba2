/**
 * A verification run: every chain and figure checked in one snapshot against the newest valid checkpoint (or the one
 * asked for), the result kept in `audit_runs`, and, when something is broken, QA auditors and admins alerted — a mail
 * each (a notifications row due now, sent by the workers' mail retry pass like any other) and a live `audit.broken`
 * event to the `qa` and `admins` rooms (the caller's emitter: the workers' or the API's).
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { TAuditBrokenEvent } from '../../realtime/realtime-events';
import { renderAuditAlertMail } from '../../notifications/audit-mail';
import type { Database } from '../db/client';
import { auditRuns, notifications, users } from '../db/schema';
import { notificationMessageId } from '../notifications/deliver-notification.command';
import type { AuditKeys } from './audit-keys';
import { latestValidCheckpoint, readCheckpoint, type StoredCheckpoint } from './checkpoints';
import { type AuditProblem, type CheckpointEntry, verifyAllAudits } from './verify-audit';

type AuditRunTable = typeof auditRuns.$inferSelect;
/** A kept run, its problems typed. */
export type AuditRunRow = Omit<AuditRunTable, 'problems'> & { problems: AuditProblem[] };
export type AuditRunTrigger = AuditRunRow['trigger'];
const typed = (row: AuditRunTable): AuditRunRow => row as unknown as AuditRunRow;

/** Raised to the caller when the checkpoint asked for does not exist (404). */
export class CheckpointNotFound extends Error {
  constructor(readonly checkpointId: string) {
    super(`no checkpoint ${checkpointId}`);
    this.name = 'CheckpointNotFound';
  }
}

export interface AuditRunOptions {
  keys: AuditKeys;
  checkpointDir: string;
  trigger: AuditRunTrigger;
  /** Verify against this checkpoint; absent: the newest whose signature checks. */
  checkpointId?: string;
  /** Tells the `qa` and `admins` rooms of a broken run (absent in the CLI: the mail still goes). */
  live?: (event: TAuditBrokenEvent) => Promise<void>;
  publicUrl?: string;
  now?: () => Date;
}

/** One line of a problem, for mail and CLI: the ticket, then the event or the row and field. */
export function describeProblem(problem: Pick<AuditProblem, 'number' | 'problem' | 'sequence' | 'eventId' | 'table' | 'rowId' | 'field' | 'expected' | 'actual'>): string {
  if (problem.table) {
    const where = `${problem.table} ${problem.rowId}${problem.field ? `.${problem.field}` : ''}`;
    return `${problem.number}: ${where} ${problem.problem} (chain says ${problem.expected ?? 'null'}, row has ${problem.actual ?? 'null'})`;
  }
  const event = problem.eventId ? `event #${problem.sequence} ${problem.eventId}` : `event #${problem.sequence ?? 0}`;
  const detail = problem.expected !== null || problem.actual !== null ? ` (expected ${problem.expected ?? 'none'}, found ${problem.actual ?? 'none'})` : '';
  return `${problem.number}: ${event} ${problem.problem}${detail}`;
}

/** Verifies everything now, keeps the result, and alerts QA and admins when something is broken. */
export async function runAuditVerification(db: Database, options: AuditRunOptions): Promise<AuditRunRow> {
  const clock = options.now ?? (() => new Date());
  const startedAt = clock();
  let checkpoint: StoredCheckpoint | null = null;
  let checkpointError: string | null = null;
  if (options.checkpointId) {
    checkpoint = await readCheckpoint(options.checkpointDir, options.checkpointId, options.keys.publicKey);
    if (!checkpoint) throw new CheckpointNotFound(options.checkpointId);
    if (!checkpoint.valid) {
      checkpointError = `checkpoint ${checkpoint.id} does not match its signature`;
      checkpoint = null;
    }
  } else {
    const latest = await latestValidCheckpoint(options.checkpointDir, options.keys.publicKey);
    checkpoint = latest.checkpoint;
    // A newer checkpoint that no longer checks was altered or replaced: that is tampering too.
    if (latest.skipped.length > 0) checkpointError = `checkpoints that do not match their signature: ${latest.skipped.join(', ')}`;
  }
  const byId = (a: CheckpointEntry, b: CheckpointEntry) => (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0);
  const entries = [...(checkpoint?.body?.tickets ?? [])].sort(byId);
  const campaignEntries = [...(checkpoint?.body?.campaignTasks ?? [])].sort(byId);
  const report = await verifyAllAudits(db, { key: options.keys.chainKey, checkpoint: entries, campaignCheckpoint: campaignEntries });
  const [run] = await db
    .insert(auditRuns)
    .values({
      id: randomUUID(),
      trigger: options.trigger,
      startedAt,
      finishedAt: clock(),
      ok: report.problemCount === 0 && checkpointError === null,
      tickets: report.tickets,
      events: report.events,
      uncoveredTickets: report.uncoveredTickets,
      checkpointId: checkpoint?.id ?? null,
      checkpointError,
      problemCount: report.problemCount,
      problems: report.problems as unknown as Array<Record<string, unknown>>,
    })
    .returning();
  if (run.ok) return typed(run);
  return alertBrokenRun(db, typed(run), options);
}

/** The mail (one per QA auditor and admin with an address) and the live event of a broken run. */
async function alertBrokenRun(db: Database, run: AuditRunRow, options: AuditRunOptions): Promise<AuditRunRow> {
  const now = (options.now ?? (() => new Date()))();
  const readers = await db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(and(inArray(users.role, ['qa', 'admin']), eq(users.active, true), isNotNull(users.email)));
  const problems = run.problems;
  for (const reader of readers) {
    const locale = reader.locale === 'en' ? 'en' : 'zh-CN';
    const mail = renderAuditAlertMail(locale, {
      runId: run.id,
      at: run.startedAt,
      problemCount: run.problemCount,
      lines: problems.slice(0, 10).map(describeProblem),
      checkpointError: run.checkpointError,
      link: `${options.publicUrl ?? ''}/api/audit/runs/${run.id}`,
    });
    const id = randomUUID();
    // Due now: the workers' mail retry pass sends it (and retries it) like any other mail.
    await db
      .insert(notifications)
      .values({
        id,
        dedupeKey: `audit-run:${run.id}:${reader.email!.toLowerCase()}`,
        ticketId: null,
        kind: 'audit_broken',
        channel: 'mail',
        recipient: reader.email!,
        locale,
        subject: mail.subject,
        body: mail.text,
        messageId: notificationMessageId(id),
        status: 'pending',
        nextAttemptAt: now,
      })
      .onConflictDoNothing();
  }
  // The mail rows are written; a live alert Redis cannot take now is not worth failing (and repeating) the run for.
  await options.live?.({ runId: run.id, problemCount: run.problemCount, at: now.toISOString() }).catch(() => undefined);
  const [alerted] = await db.update(auditRuns).set({ alertedAt: now }).where(eq(auditRuns.id, run.id)).returning();
  return typed(alerted);
}

/** The latest runs, newest first. */
export async function listAuditRuns(db: Database, limit = 50): Promise<AuditRunRow[]> {
  return (await db.select().from(auditRuns).orderBy(desc(auditRuns.startedAt)).limit(limit)).map(typed);
}

export async function findAuditRun(db: Database, id: string): Promise<AuditRunRow | null> {
  const [run] = await db.select().from(auditRuns).where(eq(auditRuns.id, id));
  return run ? typed(run) : null;
}
