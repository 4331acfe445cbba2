import { and, asc, desc, eq, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { type Actor, isDealerRole } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import type { TCampaignQueueQuery } from '../../callbacks/campaign.schemas';
import type { CampaignKind } from '../../callbacks/campaign-rules';
import { maskPhone } from '../../customers/phone';
import { AppError } from '../../errors/app-error';
import type { Executor } from '../db/client';
import { callbackTasks, customers, dealers, vehicles } from '../db/schema';
import { attemptsOfTasks, queueCounts } from './callback-queries';

/** Whose campaign calls a reader sees: a dealer's staff only their dealer's (those it makes), the hotline all. */
export type CampaignScope = { dealerId: string } | { all: true };

export function campaignScopeOf(actor: Actor): CampaignScope {
  requireAccess(actor, access.campaignReaders);
  if (!isDealerRole(actor.role)) return { all: true };
  if (!actor.dealerId) throw new AppError('FORBIDDEN');
  return { dealerId: actor.dealerId };
}

const scopeCondition = (scope: CampaignScope) =>
  'dealerId' in scope ? and(eq(callbackTasks.assigneeType, 'dealer'), eq(callbackTasks.dealerId, scope.dealerId)) : undefined;

const campaignColumns = {
  task: callbackTasks,
  vin: vehicles.vin,
  model: vehicles.model,
  plate: vehicles.plate,
  purchaseDate: vehicles.purchaseDate,
  customerName: customers.name,
  customerPhone: customers.phone,
  dealerName: dealers.nameZh,
  dealerNameEn: dealers.nameEn,
};

/** Campaign tasks (no ticket) with their car, its owner and the selling dealer, within `scope`. */
const selectCampaignRows = (db: Executor, scope: CampaignScope, ...conditions: Array<SQL | undefined>) =>
  db
    .select(campaignColumns)
    .from(callbackTasks)
    .innerJoin(vehicles, eq(vehicles.id, callbackTasks.vehicleId))
    .innerJoin(customers, eq(customers.id, vehicles.customerId))
    .leftJoin(dealers, eq(dealers.id, callbackTasks.dealerId))
    .where(and(isNull(callbackTasks.ticketId), scopeCondition(scope), ...conditions))
    .$dynamic();

type CampaignRow = Awaited<ReturnType<ReturnType<typeof selectCampaignRows>['execute']>>[number];

/** Whoever makes the call dials the number; everyone else reads it masked. */
function dials(actor: Actor, task: CampaignRow['task']): boolean {
  if (!access.campaignCallers.allows(actor)) return false;
  return isDealerRole(actor.role) ? task.assigneeType === 'dealer' && task.dealerId === actor.dealerId : task.assigneeType === 'hotline';
}

function presentCampaignRow(row: CampaignRow, actor: Actor, now: Date) {
  const { auditHeadHash: _head, auditEventCount: _count, ...task } = row.task;
  return {
    ...task,
    // The query reads only ticket-less tasks, which the generator writes with a campaign kind.
    kind: task.kind as CampaignKind,
    vehicle: { id: task.vehicleId!, vin: row.vin, model: row.model, plate: row.plate, purchaseDate: row.purchaseDate },
    customer: { name: row.customerName, phone: dials(actor, row.task) ? row.customerPhone : maskPhone(row.customerPhone) },
    dealerName: row.dealerName,
    dealerNameEn: row.dealerNameEn,
    overdue: task.status === 'open' && task.dueAt.getTime() < now.getTime(),
  };
}

/** The campaign calls in scope: open ones most overdue first (by the next attempt), settled ones newest first. */
export async function listCampaignTasks(db: Executor, actor: Actor, query: TCampaignQueueQuery, now = new Date()) {
  const scope = campaignScopeOf(actor);
  const filters: Array<SQL | undefined> = [
    query.kind ? eq(callbackTasks.kind, query.kind) : undefined,
    query.assignee ? eq(callbackTasks.assigneeType, query.assignee) : undefined,
    query.dealerId ? eq(callbackTasks.dealerId, query.dealerId) : undefined,
    query.dueBefore ? lte(callbackTasks.nextAttemptAt, new Date(query.dueBefore)) : undefined,
    query.dueOnly ? lte(callbackTasks.nextAttemptAt, now) : undefined,
  ];
  const order = query.status === 'open' ? [asc(callbackTasks.nextAttemptAt), asc(callbackTasks.createdAt)] : [desc(callbackTasks.completedAt)];
  const rows = await selectCampaignRows(db, scope, eq(callbackTasks.status, query.status), ...filters)
    .orderBy(...order, asc(callbackTasks.id))
    .limit(query.limit);
  const [counts] = await db
    .select({
      ...queueCounts(now),
      followUp: sql<number>`count(*) filter (where ${callbackTasks.status} = 'follow_up')`.mapWith(Number),
    })
    .from(callbackTasks)
    .where(and(isNull(callbackTasks.ticketId), scopeCondition(scope), ...filters));
  return { items: rows.map((row) => presentCampaignRow(row, actor, now)), counts };
}

/** One campaign call with every attempt; 404 outside the reader's scope. */
export async function findCampaignTask(db: Executor, actor: Actor, taskId: string, now = new Date()) {
  const [row] = await selectCampaignRows(db, campaignScopeOf(actor), eq(callbackTasks.id, taskId));
  if (!row) throw new AppError('NOT_FOUND');
  return { ...presentCampaignRow(row, actor, now), attempts: await attemptsOfTasks(db, [taskId]) };
}
