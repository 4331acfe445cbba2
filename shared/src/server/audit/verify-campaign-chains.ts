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
import type { AuditProblem } from './verify-audit';

type TaskRow = typeof callbackTasks.$inferSelect;
type AttemptRow = typeof callbackAttempts.$inferSelect;

const blank = { eventId: null, sequence: null, table: null, rowId: null, field: null, expected: null, actual: null };

/** Everything wrong with one campaign task's history: its chain, its head, then its task and attempt rows against the facts. */
export function auditCampaignTask(input: { task: TaskRow; vin: string; events: readonly CampaignTaskEventRow[]; attempts: readonly AttemptRow[]; key: ChainKey }): AuditProblem[] {
  const { task } = input;
  const base = { ...blank, ticketId: task.id, number: `campaign:${task.kind}:${input.vin}` };
  const head = { sequence: task.auditEventCount, hash: task.auditHeadHash ?? '' };
  const verdict = verifyChain(task.id, input.events.map(asChainedEvent), head, input.key);
  if (!verdict.ok) return [{ ...base, problem: verdict.problem, eventId: verdict.eventId || null, sequence: verdict.sequence }];
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

/** Verifies every campaign task's chain, `pageSize` tasks at a time; each problem goes to `add`. Returns the counts. */
export async function verifyCampaignChains(tx: Executor, key: ChainKey, add: (problem: AuditProblem) => void, pageSize = 500) {
  let tasks = 0;
  let events = 0;
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
      const own = eventRows.filter((event) => event.taskId === task.id);
      auditCampaignTask({ task, vin, events: own, attempts: attemptRows.filter((attempt) => attempt.taskId === task.id), key }).forEach(add);
      tasks += 1;
      events += own.length;
    }
    after = ids.at(-1)!;
    if (page.length < pageSize) break;
  }
  return { tasks, events };
}
