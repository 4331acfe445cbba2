/**
 * Resolution callbacks (回访) kept in step with ticket changes: saveTicketChange asks `planCallbackChange` what a
 * change means for the ticket's callback task — a resolution schedules one (when the ticket's SLA policy names a
 * callback target), a ticket leaving `resolved` any other way cancels the open one — and gets back the events that
 * go on the ticket's chain with the change and the write to make once the ticket row is saved.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { callbackDueAt } from '../../callbacks/callback-rules';
import { CALLBACK_TASK_FIGURES, type EventFacts, factRow } from '../audit/derived-figures';
import type { Executor } from '../db/client';
import { callbackTasks, slaPolicies } from '../db/schema';
import { calendarFor } from '../sla/sla-clocks';
import type { TicketRow } from '../tickets/ticket-command';
import type { NewTicketEvent } from '../tickets/ticket-events';

export interface CallbackChange {
  events: NewTicketEvent[];
  /** What the change does to the task rows, for the change's event (the audit chain vouches for them). */
  facts?: EventFacts;
  /** Writes the task rows; call after the ticket row is written (tasks reference it). */
  write(tx: Executor): Promise<void>;
}

const NO_CHANGE: CallbackChange = { events: [], write: async () => undefined };

/**
 * What a ticket change from `before` to `after` means for its resolution callback. `handled`: the change is the
 * callback's own doing (recordCallbackAttempt closes or reopens the ticket and settles the task itself).
 */
export async function planCallbackChange(tx: Executor, before: TicketRow, after: TicketRow, at: Date, handled = false): Promise<CallbackChange> {
  if (handled || before.status === after.status) return NO_CHANGE;
  if (after.status === 'resolved') return scheduleCallback(tx, before, after, at);
  if (before.status === 'resolved') return cancelOpenCallback(tx, after, at);
  return NO_CHANGE;
}

/** A new task's own figures: open, due at `dueAt`, not yet called (a resolution's and a campaign's alike). */
export function openTask(dueAt: Date, createdAt: Date) {
  return {
    status: 'open' as const,
    dueAt,
    nextAttemptAt: dueAt,
    attempts: 0,
    firstAttemptAt: null,
    reachedAt: null,
    satisfaction: null,
    solved: null,
    reasonCode: null,
    completedAt: null,
    createdAt,
  };
}

async function scheduleCallback(tx: Executor, before: TicketRow, after: TicketRow, at: Date): Promise<CallbackChange> {
  // Answered on the call itself (an enquiry resolved from `new`): the customer heard the answer, nobody calls back.
  if (before.status === 'new' || !after.slaPolicyId) return NO_CHANGE;
  const [policy] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, after.slaPolicyId));
  if (!policy?.callbackMinutes) return NO_CHANGE;
  const calendar = await calendarFor(tx, policy, { dealerId: after.responsibleDealerId, departmentId: after.responsibleDepartmentId });
  const dueAt = callbackDueAt(calendar, at, policy.callbackMinutes);
  const task = {
    id: randomUUID(),
    kind: 'resolution' as const,
    ticketId: after.id,
    customerId: after.customerId,
    assigneeType: 'hotline' as const,
    ...openTask(dueAt, at),
  };
  return {
    events: [{ type: 'callback_scheduled', payload: { taskId: task.id, kind: 'resolution', dueAt: dueAt.toISOString(), callbackMinutes: policy.callbackMinutes } }],
    facts: { [CALLBACK_TASK_FIGURES.table]: { insert: [factRow(task, CALLBACK_TASK_FIGURES.fields)] } },
    write: async (writer) => {
      await writer.insert(callbackTasks).values(task);
    },
  };
}

async function cancelOpenCallback(tx: Executor, after: TicketRow, at: Date): Promise<CallbackChange> {
  const [task] = await tx
    .select({ id: callbackTasks.id })
    .from(callbackTasks)
    .where(and(eq(callbackTasks.ticketId, after.id), eq(callbackTasks.status, 'open')));
  if (!task) return NO_CHANGE;
  return {
    events: [{ type: 'callback_cancelled', payload: { taskId: task.id, reason: after.status } }],
    facts: { [CALLBACK_TASK_FIGURES.table]: { update: [factRow({ id: task.id, status: 'cancelled', completedAt: at }, CALLBACK_TASK_FIGURES.fields, false)] } },
    write: async (writer) => {
      await writer
        .update(callbackTasks)
        .set({ status: 'cancelled', completedAt: at, version: sql`${callbackTasks.version} + 1` })
        .where(eq(callbackTasks.id, task.id));
    },
  };
}
