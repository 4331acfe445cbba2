/**
 * Verification of the campaign calls' own chains (新车回访, no ticket; shared/src/server/callbacks/campaign-chain.ts):
 * the same chain check and the same replay of facts as a ticket's, a page of tasks at a time by id, inside the
 * caller's snapshot. A problem names the task (in the ticket fields, number `campaign:<kind>:<VIN>`).
 */
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { callbackAttempts, callbackTaskEvents, callbackTasks, vehicles } from '../db/schema';
import { asChainedEvent, CAMPAIGN_TASK_FIGURES, type CampaignTaskEventRow } from '../callbacks/campaign-chain';
import { type ChainKey, verifyChain } from './audit-chain';
import { CALLBACK_ATTEMPT_FIGURES, compareFigures, replayFacts } from './derived-figures';
import { type AuditProblem, type CheckpointEntry, checkAgainstCheckpoint } from './verify-audit';

type TaskRow = typeof callbackTasks.$inferSelect;
type AttemptRow = typeof callbackAttempts.$inferSelect;

const blank = { eventId: null, sequence: null, table: null, rowId: null, field: null, expected: null, actual: null };

/** How a problem and a checkpoint name a campaign task: there is no ticket number. */
const campaignNumber = (kind: string, vin: string) => `campaign:${kind}:${vin}`;

/** Every campaign task's chain head, by id (for a checkpoint), in the caller's snapshot. */
export async function campaignTaskHeads(tx: Executor, pageSize = 5000): Promise<CheckpointEntry[]> {
  const entries: CheckpointEntry[] = [];
  for (let after: string | null = null; ; ) {
    const page = await tx
      .select({ id: callbackTasks.id, kind: callbackTasks.kind, vin: vehicles.vin, events: callbackTasks.auditEventCount, head: callbackTasks.auditHeadHash })
      .from(callbackTasks)
      .innerJoin(vehicles, eq(vehicles.id, callbackTasks.vehicleId))
      .where(and(isNull(callbackTasks.ticketId), after ? gt(callbackTasks.id, after) : undefined))
      .orderBy(asc(callbackTasks.id))
      .limit(pageSize);
    entries.push(...page.map((row) => ({ ticketId: row.id, number: campaignNumber(row.kind, row.vin), events: row.events, head: row.head ?? '' })));
    if (page.length < pageSize) break;
    after = page.at(-1)!.id;
  }
  return entries;
}

/** Everything wrong with one campaign task's history: its chain, its head, then its task and attempt rows against the facts. */
export function auditCampaignTask(input: {
  task: TaskRow;
  vin: string;
  events: readonly CampaignTaskEventRow[];
  attempts: readonly AttemptRow[];
  key: ChainKey;
  /** The task's head as a signed checkpoint recorded it: the chain must still hold it. */
  checkpoint?: CheckpointEntry;
}): AuditProblem[] {
  const { task } = input;
  const base = { ...blank, ticketId: task.id, number: campaignNumber(task.kind, input.vin) };
  const head = { sequence: task.auditEventCount, hash: task.auditHeadHash ?? '' };
  const verdict = verifyChain(task.id, input.events.map(asChainedEvent), head, input.key);
  if (!verdict.ok) return [{ ...base, problem: verdict.problem, eventId: verdict.eventId || null, sequence: verdict.sequence }];
  const againstCheckpoint = input.checkpoint ? checkAgainstCheckpoint(input.checkpoint, input.events) : null;
  if (againstCheckpoint) return [againstCheckpoint];
  const replayed = replayFacts(input.events);
  const differences = [
    ...compareFigures(CAMPAIGN_TASK_FIGURES, replayed.get(CAMPAIGN_TASK_FIGURES.table), [task]),
    ...compareFigures(CALLBACK_ATTEMPT_FIGURES, replayed.get(CALLBACK_ATTEMPT_FIGURES.table), input.attempts),
  ];
  return differences.map((difference) => ({
    ...base,
    problem: difference.problem,
    table: difference.table,
    rowId: difference.rowId,
    field: difference.field,
    expected: difference.expected === null ? null : String(difference.expected),
    actual: difference.actual === null ? null : String(difference.actual),
  }));
}

/**
 * Verifies every campaign task's chain, `pageSize` tasks at a time; each problem goes to `add`. With a checkpoint's
 * campaign entries (sorted by task id): a task gone since is `ticket_missing`, a chain shortened or rewritten is named.
 * Returns the counts.
 */
export async function verifyCampaignChains(tx: Executor, key: ChainKey, add: (problem: AuditProblem) => void, pageSize = 500, checkpoint: readonly CheckpointEntry[] = []) {
  let tasks = 0;
  let events = 0;
  let checkpointIndex = 0;
  const missingBefore = (taskId: string | null) => {
    while (checkpointIndex < checkpoint.length && (taskId === null || checkpoint[checkpointIndex].ticketId < taskId)) {
      const entry = checkpoint[checkpointIndex++];
      add({ ...blank, ticketId: entry.ticketId, number: entry.number, problem: 'ticket_missing', sequence: entry.events, expected: entry.head, actual: null });
    }
  };
  for (let after: string | null = null; ; ) {
    const page = await tx
      .select({ task: callbackTasks, vin: vehicles.vin })
      .from(callbackTasks)
      .innerJoin(vehicles, eq(vehicles.id, callbackTasks.vehicleId))
      .where(and(isNull(callbackTasks.ticketId), after ? gt(callbackTasks.id, after) : undefined))
      .orderBy(asc(callbackTasks.id))
      .limit(pageSize);
    if (page.length === 0) break;
    const ids = page.map((row) => row.task.id);
    const eventRows = await tx.select().from(callbackTaskEvents).where(inArray(callbackTaskEvents.taskId, ids)).orderBy(asc(callbackTaskEvents.taskId), asc(callbackTaskEvents.sequence));
    const attemptRows = await tx.select().from(callbackAttempts).where(inArray(callbackAttempts.taskId, ids));
    for (const { task, vin } of page) {
      missingBefore(task.id);
      const entry = checkpoint[checkpointIndex]?.ticketId === task.id ? checkpoint[checkpointIndex++] : undefined;
      const own = eventRows.filter((event) => event.taskId === task.id);
      auditCampaignTask({ task, vin, events: own, attempts: attemptRows.filter((attempt) => attempt.taskId === task.id), key, checkpoint: entry }).forEach(add);
      tasks += 1;
      events += own.length;
    }
    after = ids.at(-1)!;
    if (page.length < pageSize) break;
  }
  missingBefore(null);
  return { tasks, events };
}
