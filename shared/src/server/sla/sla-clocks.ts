/**
 * SLA clocks of tickets, kept in step with every ticket change: saveTicketChange calls syncSlaClocks with the row
 * before and after, and the clocks follow from the difference — a dispatch starts the owner's acknowledge clock (a
 * reroute starts the new owner's), acknowledging or resolving meets them, waiting for the customer pauses them, closing
 * or cancelling stops them. Due times count in business time on the policy's calendar, or the owner's.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import { addBusinessMinutes, BusinessCalendar, businessMsBetween, calendarFromRows } from '../../sla/business-calendar';
import { type MilestoneClock, pickSlaPolicy, type SlaClock, targetMinutes } from '../../sla/sla-policy';
import type { Priority, TicketType } from '../../tickets/ticket-vocabulary';
import { TtlCache } from '../cache/ttl-cache';
import type { Executor } from '../db/client';
import { calendarDays, calendars, dealers, departments, slaMilestones, slaPolicies } from '../db/schema';
import type { TicketRow } from '../tickets/ticket-command';

type PolicyRow = typeof slaPolicies.$inferSelect;
type MilestoneRow = typeof slaMilestones.$inferSelect;

export async function loadCalendar(db: Executor, calendarId: string): Promise<BusinessCalendar | null> {
  const [calendar] = await db.select().from(calendars).where(eq(calendars.id, calendarId));
  if (!calendar) return null;
  const days = await db.select().from(calendarDays).where(eq(calendarDays.calendarId, calendarId));
  return calendarFromRows(calendar, days);
}

/**
 * Calendars and the active policies change rarely (an admin's edit) but are read at every dispatch: each is kept in
 * memory for a few seconds. This process forgets them at once when they are edited through it; other instances see
 * an edit within the TTL.
 */
const SLA_CACHE_TTL_MS = 5_000;
const calendarCache = new TtlCache<string, BusinessCalendar | null>(SLA_CACHE_TTL_MS);
const policiesCache = new TtlCache<'active', PolicyRow[]>(SLA_CACHE_TTL_MS);
const ownerCalendarsCache = new TtlCache<'all', Map<string, string | null>>(SLA_CACHE_TTL_MS);

export function forgetSlaCaches(): void {
  calendarCache.clear();
  policiesCache.clear();
  ownerCalendarsCache.clear();
}

/** The calendar of every dealer and department, by their id (one read for all of them). */
function ownerCalendarIds(db: Executor): Promise<Map<string, string | null>> {
  return ownerCalendarsCache.get('all', async () => {
    const [dealerRows, departmentRows] = await Promise.all([
      db.select({ id: dealers.id, calendarId: dealers.calendarId }).from(dealers),
      db.select({ id: departments.id, calendarId: departments.calendarId }).from(departments),
    ]);
    return new Map([...dealerRows, ...departmentRows].map((row) => [row.id, row.calendarId]));
  });
}

/** A dealer's or department's calendar id: from the cache, or read when the owner is newer than the cache. */
async function ownerCalendarId(db: Executor, owner: { dealerId: string | null; departmentId: string | null }): Promise<string | null> {
  const id = owner.dealerId ?? owner.departmentId;
  if (!id) return null;
  const known = await ownerCalendarIds(db);
  if (known.has(id)) return known.get(id) ?? null;
  if (owner.dealerId) {
    const [dealer] = await db.select({ calendarId: dealers.calendarId }).from(dealers).where(eq(dealers.id, owner.dealerId));
    return dealer?.calendarId ?? null;
  }
  const [department] = await db.select({ calendarId: departments.calendarId }).from(departments).where(eq(departments.id, id));
  return department?.calendarId ?? null;
}

/** loadCalendar, kept for a few seconds. */
export function cachedCalendar(db: Executor, calendarId: string): Promise<BusinessCalendar | null> {
  return calendarCache.get(calendarId, () => loadCalendar(db, calendarId));
}

function activePolicies(db: Executor): Promise<PolicyRow[]> {
  return policiesCache.get('active', () => db.select().from(slaPolicies).where(eq(slaPolicies.active, true)));
}

const ALWAYS_OPEN = new BusinessCalendar({ timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workdays: [], alwaysOpen: true });

/** The calendar a clock counts in: the policy's (24×7 for roadside and P1), else the owner's, else 24×7. */
export async function calendarFor(tx: Executor, policy: Pick<PolicyRow, 'calendarId'> | null, owner: { dealerId: string | null; departmentId: string | null }) {
  const calendarId = policy?.calendarId ?? (await ownerCalendarId(tx, owner));
  return (calendarId ? await cachedCalendar(tx, calendarId) : null) ?? ALWAYS_OPEN;
}

const isOpen = (milestone: MilestoneRow) => milestone.metAt === null && milestone.cancelledAt === null;

/**
 * The calendar a clock counts in, from its row: a copied department's internal clock counts in the department's own
 * hours; the others as `calendarFor` says.
 */
export async function calendarOfMilestone(tx: Executor, milestone: Pick<MilestoneRow, 'clock' | 'ownerType' | 'ownerId'>, policy: Pick<PolicyRow, 'calendarId'> | null) {
  const owner = {
    dealerId: milestone.ownerType === 'dealer' ? milestone.ownerId : null,
    departmentId: milestone.ownerType === 'department' ? milestone.ownerId : null,
  };
  return calendarFor(tx, milestone.clock === 'internal' ? null : policy, owner);
}

/** The ticket columns that follow from its clocks. */
export type SlaColumns = Pick<TicketRow, 'slaPolicyId' | 'acknowledgeDueAt' | 'firstContactDueAt' | 'resolveDueAt'>;

export interface SlaSync {
  columns: Partial<SlaColumns>;
  /** Clocks that start with this change, for the caller to insert once the ticket row is written. */
  started: Array<typeof slaMilestones.$inferInsert>;
  clocksMoved: boolean;
}

/**
 * Brings the ticket's clocks in line with a change from `before` to `after` (the row as it will be saved): stops and
 * moves clocks, and returns those that start (the caller inserts them after the ticket row, which may be new), the
 * ticket columns that follow from the clocks, and whether any clock started, stopped or moved (its timers then need
 * rescheduling).
 */
export async function syncSlaClocks(tx: Executor, before: TicketRow, after: TicketRow, at: Date): Promise<SlaSync> {
  const ownerChanged = before.responsibleDealerId !== after.responsibleDealerId || before.responsibleDepartmentId !== after.responsibleDepartmentId;
  const statusChanged = before.status !== after.status;
  const firstContactMade = before.firstContactAt === null && after.firstContactAt !== null;
  const newlyCopied = after.ccDepartmentIds.filter((id) => !before.ccDepartmentIds.includes(id));
  if (!ownerChanged && !statusChanged && !firstContactMade && newlyCopied.length === 0) return { columns: {}, started: [], clocksMoved: false };

  // A ticket gets its policy at its first dispatch, with its first clocks: before that it has none to read.
  // The ticket row is locked, so this list, kept up to date below as clocks are written, stays the truth.
  const milestones: MilestoneRow[] = before.slaPolicyId
    ? await tx.select().from(slaMilestones).where(eq(slaMilestones.ticketId, after.id)).orderBy(asc(slaMilestones.startedAt))
    : [];
  let policy: PolicyRow | null = null;
  if (after.slaPolicyId) [policy] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, after.slaPolicyId));
  const owner = { dealerId: after.responsibleDealerId, departmentId: after.responsibleDepartmentId };
  const ownerType = owner.dealerId ? ('dealer' as const) : owner.departmentId ? ('department' as const) : ('hotline' as const);
  let policyId = after.slaPolicyId;

  // One calendar per sync: a dispatch starts three clocks in the same calendar.
  let calendar: BusinessCalendar | undefined;
  const ownerCalendar = async (of: PolicyRow) => (calendar ??= await calendarFor(tx, of, owner));
  // New clocks are written together, in one statement, once the change is worked out.
  const started: Array<typeof slaMilestones.$inferInsert> = [];
  const start = async (clock: SlaClock, from: Date) => {
    if (!policy) return;
    const calendar = await ownerCalendar(policy);
    const minutes = targetMinutes(policy, clock);
    started.push({
      id: randomUUID(),
      ticketId: after.id,
      clock,
      ownerType,
      ownerId: owner.dealerId ?? owner.departmentId,
      startedAt: from,
      dueAt: addBusinessMinutes(calendar, from, minutes),
      warnAt: addBusinessMinutes(calendar, from, minutes * policy.warningRatio),
    });
  };
  let clocksMoved = false;
  const close = async (clocks: MilestoneClock[], field: 'metAt' | 'cancelledAt') => {
    const closing = milestones.filter((milestone) => isOpen(milestone) && clocks.includes(milestone.clock));
    if (closing.length === 0) return;
    clocksMoved = true;
    await tx.update(slaMilestones).set({ [field]: at }).where(inArray(slaMilestones.id, closing.map((milestone) => milestone.id)));
    for (const milestone of closing) milestone[field] = at;
  };

  if (ownerChanged && (owner.dealerId || owner.departmentId) && after.status === 'dispatched') {
    if (!policy) {
      // A ticket keeps the policy it was first dispatched under, even if admins change policies later.
      const policies = await activePolicies(tx);
      policy = pickSlaPolicy(policies, after.type as TicketType, after.priority as Priority);
      policyId = policy?.id ?? null;
    }
    await close(['acknowledge'], 'cancelledAt');
    await start('acknowledge', at);
    const hasClock = (clock: SlaClock) => milestones.some((milestone) => milestone.clock === clock);
    if (!hasClock('first_contact')) await start('first_contact', at);
    if (!hasClock('resolve')) await start('resolve', at);
    // The customer's clocks move to the new owner; a copied department's internal clock stays with that department.
    const carried = milestones
      .filter((milestone) => isOpen(milestone) && milestone.clock !== 'acknowledge' && milestone.clock !== 'internal')
      .map((milestone) => milestone.id);
    if (carried.length > 0) await tx.update(slaMilestones).set({ ownerType, ownerId: owner.dealerId ?? owner.departmentId }).where(inArray(slaMilestones.id, carried));
  } else if (ownerChanged && !owner.dealerId && !owner.departmentId) {
    // Rejected with nobody responsible yet: the rejecting party's acknowledge clock stops.
    await close(['acknowledge'], 'cancelledAt');
  }

  if (firstContactMade) await close(['first_contact'], 'metAt');

  // Each copied department gets its own clock for its finding, when the policy sets one (met by its first note).
  if (policy?.ccInternalMinutes && after.status !== 'closed' && after.status !== 'cancelled') {
    const copied = after.ccDepartmentIds.filter((id) => !milestones.some((milestone) => milestone.clock === 'internal' && milestone.ownerId === id));
    for (const departmentId of copied) {
      const calendarId = await ownerCalendarId(tx, { dealerId: null, departmentId });
      const departmentCalendar = (calendarId ? await cachedCalendar(tx, calendarId) : null) ?? ALWAYS_OPEN;
      started.push({
        id: randomUUID(),
        ticketId: after.id,
        clock: 'internal',
        ownerType: 'department',
        ownerId: departmentId,
        startedAt: at,
        dueAt: addBusinessMinutes(departmentCalendar, at, policy.ccInternalMinutes),
        warnAt: addBusinessMinutes(departmentCalendar, at, policy.ccInternalMinutes * policy.warningRatio),
      });
    }
  }

  if (statusChanged) {
    if (before.status === 'pending_customer' && before.pausedAt && policy) {
      // Waiting for the customer does not count: every open clock moves on by the paused business time.
      const calendar = await ownerCalendar(policy);
      const pausedMs = businessMsBetween(calendar, before.pausedAt, at);
      // A copied department's internal finding does not wait for the customer: its clock runs on.
      for (const milestone of milestones.filter((milestone) => isOpen(milestone) && milestone.clock !== 'internal')) {
        const shifted = {
          dueAt: addBusinessMinutes(calendar, milestone.dueAt, pausedMs / 60_000),
          warnAt: milestone.warnAt ? addBusinessMinutes(calendar, milestone.warnAt, pausedMs / 60_000) : null,
          nextEscalationAt: milestone.nextEscalationAt ? addBusinessMinutes(calendar, milestone.nextEscalationAt, pausedMs / 60_000) : null,
          pausedSeconds: milestone.pausedSeconds + Math.round(pausedMs / 1000),
        };
        await tx.update(slaMilestones).set(shifted).where(eq(slaMilestones.id, milestone.id));
        clocksMoved = true;
        Object.assign(milestone, shifted);
      }
    }
    // Waiting for the customer pauses the clocks: their timers are taken down (rescheduled when the wait ends).
    if (after.status === 'pending_customer' && milestones.some((milestone) => isOpen(milestone) && milestone.clock !== 'internal')) clocksMoved = true;
    if (after.status === 'acknowledged') await close(['acknowledge'], 'metAt');
    if (after.status === 'resolved') {
      await close(['acknowledge', 'resolve'], 'metAt');
      await close(['first_contact'], 'cancelledAt');
    }
    if (after.status === 'reopened') await start('resolve', at);
    if (after.status === 'closed' || after.status === 'cancelled') await close(['acknowledge', 'first_contact', 'resolve', 'internal'], 'cancelledAt');
  }

  const open: Array<Pick<MilestoneRow, 'clock' | 'dueAt'>> = [...milestones.filter(isOpen), ...started];
  const dueOf = (clock: SlaClock) => open.filter((milestone) => milestone.clock === clock).map((milestone) => milestone.dueAt).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return {
    columns: { slaPolicyId: policyId, acknowledgeDueAt: dueOf('acknowledge'), firstContactDueAt: dueOf('first_contact'), resolveDueAt: dueOf('resolve') },
    started,
    clocksMoved: clocksMoved || started.length > 0,
  };
}

/** A ticket's clocks, oldest first. */
export async function listMilestones(db: Executor, ticketId: string): Promise<MilestoneRow[]> {
  return db.select().from(slaMilestones).where(eq(slaMilestones.ticketId, ticketId)).orderBy(asc(slaMilestones.startedAt), asc(slaMilestones.clock));
}
