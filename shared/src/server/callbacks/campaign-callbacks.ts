/**
 * New-vehicle campaign calls (新车回访): the generator that turns purchase dates into callback tasks, and who makes them.
 * Each task is written with the first event of its own audit chain (campaign-chain.ts). Run hourly by the workers
 * (job `generate-campaign-callbacks`) and on demand by admins (POST /admin/campaign-callbacks/generate).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, gte, isNotNull, lte, sql } from 'drizzle-orm';
import { type Actor, SYSTEM_ACTOR } from '../../auth/actor';
import { access, requireAccess } from '../../auth/access';
import { CAMPAIGN_KINDS, type CampaignKind, campaignDueDay, campaignWindowStart, dueCampaignKind, shiftDay } from '../../callbacks/campaign-rules';
import { nextWorkingInstant } from '../../sla/business-calendar';
import { chinaDayOf, chinaMidnight } from '../../sla/china-time';
import { AppError } from '../../errors/app-error';
import { recordConfigChange } from '../audit/config-changes';
import { factRow } from '../audit/derived-figures';
import type { Database, Executor } from '../db/client';
import { callbackTasks, dealers, vehicles } from '../db/schema';
import { calendarFor } from '../sla/sla-clocks';
import { openTask } from './callback-tasks';
import { appendCampaignEvents, CAMPAIGN_TASK_FIGURES } from './campaign-chain';

export type CampaignAssignee = 'dealer' | 'hotline';


const VEHICLE_PAGE = 500;

type Candidate = { vehicleId: string; customerId: string; purchaseDate: string; dealerId: string | null; dealerAssignee: CampaignAssignee | null; dealerActive: boolean | null };

/**
 * Creates the campaign calls that are due on `now`'s day in China, for cars bought within the window (at most one per
 * car and run: the latest call due, see dueCampaignKind). Idempotent: the unique (vehicle, kind) index makes a call
 * that exists already a no-op, so a re-run, or two workers at once, create nothing more.
 */
export async function generateCampaignCallbacks(db: Database, options: { actor?: Actor; now?: Date } = {}) {
  const actor = options.actor ?? SYSTEM_ACTOR;
  requireAccess(actor, access.admin);
  const now = options.now ?? new Date();
  const today = chinaDayOf(now);
  const created = Object.fromEntries(CAMPAIGN_KINDS.map((kind) => [kind, 0])) as Record<CampaignKind, number>;
  for (let after: string | null = null; ; ) {
    const page: Candidate[] = await db
      .select({
        vehicleId: vehicles.id,
        customerId: vehicles.customerId,
        purchaseDate: vehicles.purchaseDate,
        dealerId: vehicles.sellingDealerId,
        dealerAssignee: dealers.campaignCallbacks,
        dealerActive: dealers.active,
      })
      .from(vehicles)
      .leftJoin(dealers, eq(dealers.id, vehicles.sellingDealerId))
      // PDI, internal and accident vehicles get no campaign calls (the maintenance list removes them; imports flag them).
      .where(
        and(
          sql`cardinality(${vehicles.flags}) = 0`,
          isNotNull(vehicles.purchaseDate),
          gte(vehicles.purchaseDate, campaignWindowStart(today)),
          lte(vehicles.purchaseDate, shiftDay(today, { days: -3 })),
          after ? gt(vehicles.id, after) : undefined,
        ),
      )
      .orderBy(asc(vehicles.id))
      .limit(VEHICLE_PAGE)
      .then((rows) => rows as Candidate[]);
    if (page.length === 0) break;
    await db.transaction(async (tx) => {
      for (const candidate of page) {
        const kind = dueCampaignKind(candidate.purchaseDate, today);
        if (kind && (await createCampaignTask(tx, actor, candidate, kind, now))) created[kind] += 1;
      }
    });
    after = page.at(-1)!.vehicleId;
    if (page.length < VEHICLE_PAGE) break;
  }
  return { day: today, created, total: Object.values(created).reduce((sum, count) => sum + count, 0) };
}

/** The selling dealer calls when it is active and set to (the default); otherwise, or with no selling dealer, the hotline. */
function assigneeOf(candidate: Candidate): { assigneeType: CampaignAssignee; dealerId: string | null } {
  if (candidate.dealerId && candidate.dealerActive && candidate.dealerAssignee === 'dealer') return { assigneeType: 'dealer', dealerId: candidate.dealerId };
  return { assigneeType: 'hotline', dealerId: candidate.dealerId };
}

/** One call, with the first event of its chain; false when the car has that call already. */
async function createCampaignTask(tx: Executor, actor: Actor, candidate: Candidate, kind: CampaignKind, now: Date): Promise<boolean> {
  const assignee = assigneeOf(candidate);
  const calendar = await calendarFor(tx, null, { dealerId: assignee.assigneeType === 'dealer' ? assignee.dealerId : null, departmentId: null });
  const dueDay = campaignDueDay(candidate.purchaseDate, kind);
  // Due at the first working moment of its day (or after it, in the caller's calendar), never before it was created.
  const dueAt = nextWorkingInstant(calendar, new Date(Math.max(chinaMidnight(dueDay).getTime(), now.getTime())));
  const task = {
    id: randomUUID(),
    kind,
    ticketId: null,
    vehicleId: candidate.vehicleId,
    customerId: candidate.customerId,
    ...assignee,
    ...openTask(dueAt, now),
  };
  const [inserted] = await tx.insert(callbackTasks).values(task).onConflictDoNothing().returning({ id: callbackTasks.id });
  if (!inserted) return false;
  await appendCampaignEvents(tx, {
    task: { id: task.id, auditHeadHash: null, auditEventCount: 0 },
    actor,
    at: now,
    events: [{ type: 'callback_scheduled', payload: { taskId: task.id, kind, vehicleId: candidate.vehicleId, purchaseDate: candidate.purchaseDate, dueDay, ...assignee } }],
    facts: { [CAMPAIGN_TASK_FIGURES.table]: { insert: [factRow(task, CAMPAIGN_TASK_FIGURES.fields)] } },
  });
  return true;
}

/**
 * Who makes a dealer's campaign calls from now on (calls created before keep their assignee). Admins only; in the
 * configuration history.
 */
export async function setDealerCampaignAssignee(db: Database, actor: Actor, dealerId: string, assignee: CampaignAssignee) {
  requireAccess(actor, access.admin);
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ id: dealers.id, campaignCallbacks: dealers.campaignCallbacks }).from(dealers).where(eq(dealers.id, dealerId)).for('update');
    if (!before) throw new AppError('NOT_FOUND', { dealerId });
    const [after] = await tx.update(dealers).set({ campaignCallbacks: assignee, updatedAt: new Date() }).where(eq(dealers.id, dealerId)).returning({ id: dealers.id, campaignCallbacks: dealers.campaignCallbacks });
    await recordConfigChange(tx, actor, { entity: 'dealer_campaign_callbacks', entityId: dealerId, action: 'update', before, after });
    return after;
  });
}
