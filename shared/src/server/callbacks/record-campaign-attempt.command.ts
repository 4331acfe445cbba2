import { eq } from 'drizzle-orm';
import { type Actor, isDealerRole } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import { type CallbackTaskStatus, type CallbackVerdict, decideCallbackAttempt } from '../../callbacks/callback-rules';
import type { TCallbackAttemptRequest } from '../../callbacks/callback.schemas';
import { AppError } from '../../errors/app-error';
import { CALLBACK_ATTEMPT_FIGURES, factRow } from '../audit/derived-figures';
import type { Database } from '../db/client';
import { callbackTasks } from '../db/schema';
import { calendarFor } from '../sla/sla-clocks';
import { appendCampaignEvents, CAMPAIGN_TASK_FIGURES } from './campaign-chain';
import { activeReason, attemptPayload, type CallbackTaskRow, failedAttemptTimes, writeAttempt } from './record-callback-attempt.command';

/**
 * A campaign call has no ticket to close or reopen: reached and content → done; reached and unhappy (1–2) or with a
 * problem → follow_up, flagged on the hotline's campaign list for a person to deal with (open a complaint on the
 * workspace if it is one); not reached → tried again, unreachable after the third failure over two working days.
 */
const CAMPAIGN_STATUS: Record<CallbackVerdict['outcome'], CallbackTaskStatus> = { retry: 'open', satisfied: 'done', unhappy: 'follow_up', unreachable: 'unreachable' };

/**
 * Whether `actor` may record calls on `task`: the selling dealer's staff its own dealer's calls, the hotline's front
 * line the hotline's. A dealer asking for another dealer's task learns nothing (404); the front line may read a
 * dealer's calls but not make them (403).
 */
function checkCaller(actor: Actor, task: CallbackTaskRow): void {
  if (isDealerRole(actor.role)) {
    if (task.assigneeType !== 'dealer' || task.dealerId !== actor.dealerId) throw new AppError('NOT_FOUND', { taskId: task.id });
    return;
  }
  if (task.assigneeType !== 'hotline') throw new AppError('FORBIDDEN');
}

/**
 * Records one campaign call (新车回访), the same answer as a resolution callback's: the attempt and the task's new
 * figures, and an event on the task's own chain vouching for both, in one transaction.
 */
export async function recordCampaignAttempt(ctx: { db: Database; actor: Actor; taskId: string; request: TCallbackAttemptRequest; now?: Date }) {
  const { actor, request } = ctx;
  requireAccess(actor, access.campaignCallers);
  return ctx.db.transaction(async (tx) => {
    const [task] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, ctx.taskId)).for('update');
    if (!task || task.ticketId !== null) throw new AppError('NOT_FOUND', { taskId: ctx.taskId });
    checkCaller(actor, task);
    if (task.version !== request.version) throw new AppError('VERSION_CONFLICT', { expected: request.version, actual: task.version });
    if (task.status !== 'open') throw new AppError('INVALID_TRANSITION', { action: 'callback', status: task.status });
    const reason = await activeReason(tx, request.reasonCode);
    const at = ctx.now ?? new Date();
    const calendar = await calendarFor(tx, null, { dealerId: task.assigneeType === 'dealer' ? task.dealerId : null, departmentId: null });
    const verdict = decideCallbackAttempt({ answer: request, failedBefore: await failedAttemptTimes(tx, task.id), at, calendar });
    const status = CAMPAIGN_STATUS[verdict.outcome];
    const { attemptRow, taskChanges, savedTask } = await writeAttempt(tx, { task, request, actor, at, verdict, status });
    await appendCampaignEvents(tx, {
      task,
      actor,
      at,
      events: [{ type: 'callback_attempt', payload: { ...attemptPayload({ task, attempt: attemptRow.attempt, request, reason, verdict }), status } }],
      facts: {
        [CALLBACK_ATTEMPT_FIGURES.table]: { insert: [factRow(attemptRow, CALLBACK_ATTEMPT_FIGURES.fields)] },
        [CAMPAIGN_TASK_FIGURES.table]: { update: [factRow({ id: task.id, ...taskChanges }, CAMPAIGN_TASK_FIGURES.fields, false)] },
      },
    });
    return { task: savedTask };
  });
}
