import { and, asc, desc, eq, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import type { TCallbackQueueQuery, TCreateCallbackReasonRequest, TUpdateCallbackReasonRequest } from '../../callbacks/callback.schemas';
import { maskPhone } from '../../customers/phone';
import { AppError } from '../../errors/app-error';
import { recordConfigChange } from '../audit/config-changes';
import type { Database, Executor } from '../db/client';
import { callbackAttempts, callbackReasons, callbackTasks, dealers, departments, tickets, users } from '../db/schema';

/** Those who make the calls see the number to dial; the rest of the hotline (QA, admins) see it masked. */
const dialsCustomers = (actor: Actor) => access.frontline.allows(actor);

const queueColumns = {
  task: callbackTasks,
  ticketNumber: tickets.number,
  ticketType: tickets.type,
  ticketStatus: tickets.status,
  priority: tickets.priority,
  subject: tickets.subject,
  contactName: tickets.contactName,
  contactPhone: tickets.contactPhone,
  resolvedAt: tickets.resolvedAt,
  escalationLevel: tickets.escalationLevel,
  dealerName: dealers.nameZh,
  dealerNameEn: dealers.nameEn,
  departmentName: departments.nameZh,
  departmentNameEn: departments.nameEn,
};

/** Tasks with their ticket and its responsible party's name. */
const selectQueueRows = (db: Executor) =>
  db
    .select(queueColumns)
    .from(callbackTasks)
    .leftJoin(tickets, eq(tickets.id, callbackTasks.ticketId))
    .leftJoin(dealers, eq(dealers.id, tickets.responsibleDealerId))
    .leftJoin(departments, eq(departments.id, tickets.responsibleDepartmentId))
    .$dynamic();

type QueueRow = { task: typeof callbackTasks.$inferSelect } & Record<Exclude<keyof typeof queueColumns, 'task'>, unknown>;

function presentQueueRow(row: QueueRow, actor: Actor, now: Date) {
  const phone = typeof row.contactPhone === 'string' ? row.contactPhone : null;
  return {
    ...row.task,
    ticket: row.task.ticketId
      ? {
          id: row.task.ticketId,
          number: row.ticketNumber as string,
          type: row.ticketType as string,
          status: row.ticketStatus as string,
          priority: row.priority as string,
          subject: row.subject as string,
          contactName: row.contactName as string,
          contactPhone: phone === null ? null : dialsCustomers(actor) ? phone : maskPhone(phone),
          resolvedAt: (row.resolvedAt as Date | null) ?? null,
          escalationLevel: row.escalationLevel as number,
          responsibleName: ((row.dealerName ?? row.departmentName) as string | null) ?? null,
          responsibleNameEn: ((row.dealerNameEn ?? row.departmentNameEn) as string | null) ?? null,
        }
      : null,
    /** Past its due time and nobody reached yet: what the timely-callback rate (及时回访率) counts against. */
    overdue: row.task.status === 'open' && row.task.dueAt.getTime() < now.getTime(),
  };
}

/** This queue's tasks: the hotline's calls after a resolution (campaign calls have their own, campaign-queries.ts). */
const resolutionTasksOfHotline = and(eq(callbackTasks.assigneeType, 'hotline'), isNotNull(callbackTasks.ticketId));

/** A queue's headline counts over callback_tasks: open, overdue (past due, nobody reached), due for a call now. */
export const queueCounts = (now: Date) => ({
  open: sql<number>`count(*) filter (where ${callbackTasks.status} = 'open')`.mapWith(Number),
  overdue: sql<number>`count(*) filter (where ${callbackTasks.status} = 'open' and ${callbackTasks.dueAt} < ${now})`.mapWith(Number),
  dueNow: sql<number>`count(*) filter (where ${callbackTasks.status} = 'open' and ${callbackTasks.nextAttemptAt} <= ${now})`.mapWith(Number),
});

/** The hotline's callback queue: most overdue first (by the next attempt's due time), then by age. */
export async function listCallbackTasks(db: Executor, actor: Actor, query: TCallbackQueueQuery, now = new Date()) {
  requireAccess(actor, access.hotline);
  const conditions: Array<SQL | undefined> = [eq(callbackTasks.status, query.status), resolutionTasksOfHotline];
  if (query.kind) conditions.push(eq(callbackTasks.kind, query.kind));
  if (query.dueOnly) conditions.push(lte(callbackTasks.nextAttemptAt, now));
  const order = query.status === 'open' ? [asc(callbackTasks.nextAttemptAt), asc(callbackTasks.createdAt)] : [desc(callbackTasks.completedAt)];
  const rows = await selectQueueRows(db)
    .where(and(...conditions))
    .orderBy(...order, asc(callbackTasks.id))
    .limit(query.limit);
  const [counts] = await db
    .select(queueCounts(now))
    .from(callbackTasks)
    .where(resolutionTasksOfHotline);
  return { items: rows.map((row) => presentQueueRow(row as QueueRow, actor, now)), counts };
}

/** One task with its attempts (who called, when, what the customer said). */
export async function findCallbackTask(db: Executor, actor: Actor, taskId: string, now = new Date()) {
  requireAccess(actor, access.hotline);
  const [row] = await selectQueueRows(db).where(and(eq(callbackTasks.id, taskId), resolutionTasksOfHotline));
  if (!row) throw new AppError('NOT_FOUND', { taskId });
  const attempts = await attemptsOfTasks(db, [taskId]);
  return { ...presentQueueRow(row as QueueRow, actor, now), attempts };
}

/** Every attempt of some tasks, in call order, with the caller's name (the task page and the evidence pack). */
export async function attemptsOfTasks(db: Executor, taskIds: readonly string[]) {
  if (taskIds.length === 0) return [];
  return db
    .select({
      taskId: callbackAttempts.taskId,
      attempt: callbackAttempts.attempt,
      result: callbackAttempts.result,
      satisfaction: callbackAttempts.satisfaction,
      solved: callbackAttempts.solved,
      reasonCode: callbackAttempts.reasonCode,
      comment: callbackAttempts.comment,
      calledAt: callbackAttempts.calledAt,
      calledBy: users.displayName,
    })
    .from(callbackAttempts)
    .leftJoin(users, eq(users.id, callbackAttempts.calledBy))
    .where(inArray(callbackAttempts.taskId, [...taskIds]))
    .orderBy(asc(callbackAttempts.taskId), asc(callbackAttempts.attempt));
}

/** The unhappy-reason taxonomy: active ones for the agents' form, all of them (`all`) for the admins' page. */
export async function listCallbackReasons(db: Executor, options: { includeRetired?: boolean } = {}) {
  return db
    .select()
    .from(callbackReasons)
    .where(options.includeRetired ? undefined : eq(callbackReasons.active, true))
    .orderBy(asc(callbackReasons.sortOrder), asc(callbackReasons.code));
}

export async function createCallbackReason(db: Database, actor: Actor, request: TCreateCallbackReasonRequest) {
  requireAccess(actor, access.admin);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ code: callbackReasons.code }).from(callbackReasons).where(eq(callbackReasons.code, request.code));
    if (existing) throw new AppError('DUPLICATE', { existingId: request.code });
    const [created] = await tx.insert(callbackReasons).values(request).returning();
    await recordConfigChange(tx, actor, { entity: 'callback_reason', entityId: created.code, action: 'create', before: null, after: created });
    return created;
  });
}

export async function updateCallbackReason(db: Database, actor: Actor, code: string, request: TUpdateCallbackReasonRequest) {
  requireAccess(actor, access.admin);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(callbackReasons).where(eq(callbackReasons.code, code)).for('update');
    if (!before) throw new AppError('NOT_FOUND', { code });
    const [after] = await tx
      .update(callbackReasons)
      .set({ ...request, updatedAt: new Date() })
      .where(eq(callbackReasons.code, code))
      .returning();
    await recordConfigChange(tx, actor, { entity: 'callback_reason', entityId: code, action: 'update', before, after });
    return after;
  });
}
