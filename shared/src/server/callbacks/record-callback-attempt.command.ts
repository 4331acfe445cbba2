import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { access, requireAccess } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { type CallbackVerdict, decideCallbackAttempt } from '../../callbacks/callback-rules';
import { CALLBACK_ATTEMPT_FIGURES, CALLBACK_TASK_FIGURES, factRow } from '../audit/derived-figures';
import type { TCallbackAttemptRequest } from '../../callbacks/callback.schemas';
import { AppError } from '../../errors/app-error';
import { transition } from '../../tickets/ticket-lifecycle';
import type { TicketStatus, TicketType } from '../../tickets/ticket-vocabulary';
import type { Executor } from '../db/client';
import { callbackAttempts, callbackReasons, callbackTasks, slaPolicies } from '../db/schema';
import { calendarFor } from '../sla/sla-clocks';
import { type CommandContext, lockTicket, saveTicketChange, type TicketRow } from '../tickets/ticket-command';
import type { NewTicketEvent } from '../tickets/ticket-events';

export type CallbackTaskRow = typeof callbackTasks.$inferSelect;

type Reason = { code: string; nameZh: string; nameEn: string };

/** The named reason, which must be offered now (active); null when none is given. 400 UNKNOWN_REFERENCE otherwise. */
export async function activeReason(tx: Executor, code: string | undefined): Promise<Reason | null> {
  if (code === undefined) return null;
  const [reason] = await tx
    .select({ code: callbackReasons.code, nameZh: callbackReasons.nameZh, nameEn: callbackReasons.nameEn })
    .from(callbackReasons)
    .where(and(eq(callbackReasons.code, code), eq(callbackReasons.active, true)));
  if (!reason) throw new AppError('UNKNOWN_REFERENCE', { field: 'reasonCode', value: code });
  return reason;
}

/** When a task's earlier calls failed to reach the customer (what the unreachable rule counts). */
export async function failedAttemptTimes(tx: Executor, taskId: string): Promise<Date[]> {
  const rows = await tx
    .select({ calledAt: callbackAttempts.calledAt })
    .from(callbackAttempts)
    .where(and(eq(callbackAttempts.taskId, taskId), ne(callbackAttempts.result, 'reached')))
    .orderBy(asc(callbackAttempts.attempt));
  return rows.map((row) => row.calledAt);
}

/**
 * Writes one call (a resolution's or a campaign's): the attempt row and the task's new figures, `status` being what the
 * verdict means for this kind of task. Returns the rows as written, for the chain's facts.
 */
export async function writeAttempt(
  tx: Executor,
  input: { task: CallbackTaskRow; request: TCallbackAttemptRequest; actor: Actor; at: Date; verdict: CallbackVerdict; status: CallbackTaskRow['status'] },
) {
  const { task, request, at, verdict } = input;
  const attemptRow = {
    id: randomUUID(),
    taskId: task.id,
    attempt: task.attempts + 1,
    result: request.result,
    satisfaction: request.satisfaction ?? null,
    solved: request.solved ?? null,
    reasonCode: request.reasonCode ?? null,
    comment: request.comment ?? null,
    calledBy: input.actor.kind === 'user' ? input.actor.id : null,
    calledAt: at,
  };
  await tx.insert(callbackAttempts).values(attemptRow);
  const taskChanges = {
    attempts: attemptRow.attempt,
    firstAttemptAt: task.firstAttemptAt ?? at,
    reachedAt: request.result === 'reached' ? at : task.reachedAt,
    satisfaction: request.satisfaction ?? task.satisfaction,
    solved: request.solved ?? task.solved,
    reasonCode: request.reasonCode ?? task.reasonCode,
    status: input.status,
    completedAt: verdict.outcome === 'retry' ? null : at,
  };
  const [savedTask] = await tx
    .update(callbackTasks)
    .set({ ...taskChanges, nextAttemptAt: verdict.outcome === 'retry' ? verdict.nextAttemptAt : task.nextAttemptAt, version: sql`${callbackTasks.version} + 1` })
    .where(eq(callbackTasks.id, task.id))
    .returning();
  return { attemptRow, taskChanges, savedTask };
}

/** The attempt event's payload: the answer, the reason's names as they read now, what came of it, when next. */
export function attemptPayload(input: { task: CallbackTaskRow; attempt: number; request: TCallbackAttemptRequest; reason: Reason | null; verdict: CallbackVerdict }) {
  const { request, reason, verdict } = input;
  return {
    taskId: input.task.id,
    attempt: input.attempt,
    result: request.result,
    satisfaction: request.satisfaction ?? null,
    solved: request.solved ?? null,
    reasonCode: request.reasonCode ?? null,
    // The reason's names as they read now: a later rename or retirement does not change what was said.
    reasonName: reason ? { zh: reason.nameZh, en: reason.nameEn } : null,
    comment: request.comment ?? null,
    outcome: verdict.outcome,
    dueAt: input.task.dueAt.toISOString(),
    nextAttemptAt: verdict.outcome === 'retry' ? verdict.nextAttemptAt.toISOString() : null,
  };
}

/**
 * The hotline records one callback call (回访). Not reached: the task stays in the queue, next due later, until the
 * third failed attempt over at least two working days closes ticket and task as unreachable. Reached and satisfied
 * (and solved): the ticket closes. Reached and unhappy, or not solved: the ticket reopens to the same responsible
 * party, its resolve clock starts again and its escalation level rises. The attempt and what came of it are events
 * on the ticket's chain, written in one transaction with the task and the ticket.
 */
export async function recordCallbackAttempt(
  ctx: CommandContext & { taskId: string; request: TCallbackAttemptRequest },
): Promise<{ task: CallbackTaskRow; ticket: TicketRow | null }> {
  requireAccess(ctx.actor, access.frontline);
  const { request } = ctx;
  return ctx.db.transaction(async (tx) => {
    // The ticket is locked before the task, in the order every ticket command takes them (a reopen locks the ticket,
    // then cancels the task), so the two cannot deadlock.
    const [peek] = await tx.select({ ticketId: callbackTasks.ticketId }).from(callbackTasks).where(eq(callbackTasks.id, ctx.taskId));
    // A campaign call (no ticket) is recorded through its own endpoint (record-campaign-attempt.command.ts).
    if (!peek?.ticketId) throw new AppError('NOT_FOUND', { taskId: ctx.taskId });
    const ticket = await lockTicket(tx, ctx.actor, peek.ticketId);
    const [task] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, ctx.taskId)).for('update');
    if (!task || task.assigneeType !== 'hotline') throw new AppError('NOT_FOUND', { taskId: ctx.taskId });
    if (task.version !== request.version) throw new AppError('VERSION_CONFLICT', { expected: request.version, actual: task.version });
    if (task.status !== 'open') throw new AppError('INVALID_TRANSITION', { action: 'callback', status: task.status });
    if (ticket.status !== 'resolved') throw new AppError('INVALID_TRANSITION', { action: 'callback', status: ticket.status });
    const reason = await activeReason(tx, request.reasonCode);

    const at = ctx.now ?? new Date();
    const [policy] = ticket.slaPolicyId ? await tx.select().from(slaPolicies).where(eq(slaPolicies.id, ticket.slaPolicyId)) : [];
    const calendar = await calendarFor(tx, policy ?? null, { dealerId: ticket.responsibleDealerId, departmentId: ticket.responsibleDepartmentId });
    const verdict = decideCallbackAttempt({ answer: request, failedBefore: await failedAttemptTimes(tx, task.id), at, calendar });
    const status: CallbackTaskRow['status'] = verdict.outcome === 'retry' ? 'open' : verdict.outcome === 'unhappy' ? 'reopened' : verdict.outcome;
    const { attemptRow, taskChanges, savedTask } = await writeAttempt(tx, { task, request, actor: ctx.actor, at, verdict, status });
    const { attempt } = attemptRow;

    const events: NewTicketEvent[] = [
      {
        type: 'callback_attempt',
        payload: attemptPayload({ task, attempt, request, reason, verdict }),
      },
    ];
    let changes: Partial<TicketRow> = {};
    if (verdict.outcome !== 'retry') {
      const action = verdict.outcome === 'unhappy' ? 'reopen' : 'close';
      const moved = transition({ status: ticket.status as TicketStatus, type: ticket.type as TicketType }, action);
      if (!moved.ok) throw new AppError('INVALID_TRANSITION', { action, status: ticket.status });
      if (action === 'reopen') {
        changes = {
          status: moved.to,
          reopenCount: ticket.reopenCount + 1,
          resolvedAt: null,
          escalationLevel: ticket.escalationLevel + 1,
          satisfaction: request.satisfaction ?? null,
        };
        events.push({
          type: 'reopened',
          payload: {
            from: ticket.status,
            to: moved.to,
            reason: `callback_${verdict.outcome}`,
            taskId: task.id,
            reasonCode: request.reasonCode ?? null,
            reasonName: reason ? { zh: reason.nameZh, en: reason.nameEn } : null,
            escalationLevel: ticket.escalationLevel + 1,
          },
        });
      } else {
        changes = { status: moved.to, closedAt: at, satisfaction: request.satisfaction ?? null };
        events.push({ type: 'closed', payload: { from: ticket.status, to: moved.to, reason: `callback_${verdict.outcome}`, taskId: task.id } });
      }
    }
    const savedTicket = await saveTicketChange({
      tx,
      actor: ctx.actor,
      ticket,
      at,
      changes,
      events,
      kind: verdict.outcome === 'unhappy' ? 'reopened' : verdict.outcome === 'retry' ? 'callback_attempt' : 'closed',
      callbackHandled: true,
      // The call and what it did to the task go on the chain with the events: an outcome edited later no longer matches.
      facts: {
        [CALLBACK_ATTEMPT_FIGURES.table]: { insert: [factRow(attemptRow, CALLBACK_ATTEMPT_FIGURES.fields)] },
        [CALLBACK_TASK_FIGURES.table]: { update: [factRow({ id: task.id, ...taskChanges }, CALLBACK_TASK_FIGURES.fields, false)] },
      },
      // The responsible party hears by mail that the case is back with it, and why.
      outbox:
        verdict.outcome === 'unhappy'
          ? [{ topic: 'ticket.reopened', payload: { taskId: task.id, satisfaction: request.satisfaction ?? null, solved: request.solved ?? null, reason, comment: request.comment ?? null } }]
          : [],
    });
    return { task: savedTask, ticket: savedTicket };
  });
}
