/**
 * SLA clocks of tickets, kept in step with every ticket change: saveTicketChange calls syncSlaClocks with the row
 * before and after. The rules (which clocks start, stop, pause, shift, are met) are the pure planner's
 * (shared/src/sla/sla-planner.ts); this file loads its inputs — clocks, policies, calendars — and writes its plan.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { type BusinessCalendar, calendarFromRows } from '../../sla/business-calendar';
import { clockSpanOf } from '../../reports/clock-spans';
import { isRescueClock } from '../../sla/sla-policy';
import {
  ALWAYS_OPEN_CALENDAR,
  choosesPolicy,
  concernsSla,
  departmentsNeedingClocks,
  governingPolicy,
  planSlaChange,
  type SlaChangeFacts,
  type SlaPlan,
} from '../../sla/sla-planner';
import { type EventFacts, type FactRow, factRow, mergeFacts, SLA_CLOCK_SPAN_FIGURES, SLA_MILESTONE_FIGURES } from '../audit/derived-figures';
import { TtlCache } from '../cache/ttl-cache';
import type { Executor } from '../db/client';
import { calendarDays, calendars, dealers, departments, slaClockSpans, slaMilestones, slaPolicies } from '../db/schema';
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

/** The calendar a clock counts in: the policy's (24×7 for roadside and P1), else the owner's, else 24×7. */
export async function calendarFor(tx: Executor, policy: Pick<PolicyRow, 'calendarId'> | null, owner: { dealerId: string | null; departmentId: string | null }) {
  const calendarId = policy?.calendarId ?? (await ownerCalendarId(tx, owner));
  return (calendarId ? await cachedCalendar(tx, calendarId) : null) ?? ALWAYS_OPEN_CALENDAR;
}

/**
 * The calendar a clock counts in, from its row: a rescue's clocks around the clock; a copied department's internal
 * clock in the department's own hours; the others as `calendarFor` says.
 */
export async function calendarOfMilestone(tx: Executor, milestone: Pick<MilestoneRow, 'clock' | 'ownerType' | 'ownerId'>, policy: Pick<PolicyRow, 'calendarId'> | null) {
  if (isRescueClock(milestone.clock)) return ALWAYS_OPEN_CALENDAR;
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
  /** What the change did to the clocks, for the change's event (the audit chain vouches for the clocks). */
  facts?: EventFacts;
}

/**
 * Brings the ticket's clocks in line with a change from `before` to `after` (the row as it will be saved): loads what
 * the planner (shared/src/sla/sla-planner.ts) needs, writes the clocks it meets, stops, moves and reassigns, and
 * returns those that start (the caller inserts them after the ticket row, which may be new), the ticket columns that
 * follow from the clocks, and whether any clock started, stopped or moved (its timers then need rescheduling).
 */
export async function syncSlaClocks(tx: Executor, before: TicketRow, after: TicketRow, at: Date, facts: SlaChangeFacts = {}): Promise<SlaSync> {
  if (!concernsSla(before, after, facts)) return { columns: {}, started: [], clocksMoved: false };

  // A ticket gets its policy at its first dispatch, with its first clocks: before that it has none to read.
  // The ticket row is locked, so these rows are the truth until this change is written.
  const milestones: MilestoneRow[] = before.slaPolicyId
    ? await tx.select().from(slaMilestones).where(eq(slaMilestones.ticketId, after.id)).orderBy(asc(slaMilestones.startedAt))
    : [];
  let current: PolicyRow | null = null;
  if (after.slaPolicyId) [current = null] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, after.slaPolicyId));
  const policies = !current && choosesPolicy(before, after, facts) ? await activePolicies(tx) : [];
  const governing = governingPolicy({ before, after, current, policies, facts });

  const owner = { dealerId: after.responsibleDealerId, departmentId: after.responsibleDepartmentId };
  const departments = new Map<string, BusinessCalendar>();
  if (governing?.policy.ccInternalMinutes) {
    for (const departmentId of departmentsNeedingClocks(after, milestones)) {
      const calendarId = await ownerCalendarId(tx, { dealerId: null, departmentId });
      const calendar = calendarId ? await cachedCalendar(tx, calendarId) : null;
      if (calendar) departments.set(departmentId, calendar);
    }
  }
  const plan = planSlaChange({
    before,
    after,
    clocks: milestones,
    policy: governing,
    calendars: { ticket: governing ? await calendarFor(tx, governing.policy, owner) : ALWAYS_OPEN_CALENDAR, departments },
    now: at,
    facts,
  });
  await applySlaPlan(tx, plan, at);
  const spans = await writeClockSpans(tx, { before, after, plan, milestones, policy: governing?.policy ?? null, at });
  // Every vouched column is given, so the row inserted is the row the facts describe.
  const started = plan.start.map((clock) => ({
    id: randomUUID(),
    ticketId: after.id,
    ...clock,
    metAt: null,
    cancelledAt: null,
    pausedSeconds: 0,
    warnedAt: null,
    breachedAt: null,
    ownedSince: null,
    pausedSecondsBeforeOwner: 0,
  }));
  // The stretches the reports read are figures on the chain too.
  const spanFacts: EventFacts | undefined = spans.length > 0 ? { [SLA_CLOCK_SPAN_FIGURES.table]: { insert: spans.map((row) => factRow(row, SLA_CLOCK_SPAN_FIGURES.fields)) } } : undefined;
  return { columns: plan.summary, started, clocksMoved: plan.clocksMoved, facts: mergeFacts(slaPlanFacts(plan, started, milestones, at), spanFacts) };
}

/**
 * A plan as facts of the change's event: the clocks started (whole rows), shifted, reassigned (to whom, since when,
 * with the paused time they had then — as applySlaPlan writes it, after the shifts), met and stopped.
 */
export function slaPlanFacts(
  plan: SlaPlan,
  started: ReadonlyArray<{ id: string } & Record<string, unknown>>,
  milestones: ReadonlyArray<Pick<MilestoneRow, 'id' | 'pausedSeconds'>>,
  at: Date,
): EventFacts | undefined {
  const { table, fields } = SLA_MILESTONE_FIGURES;
  const pausedSecondsOf = (id: string) => plan.shift.find((shift) => shift.milestoneId === id)?.pausedSeconds ?? milestones.find((row) => row.id === id)?.pausedSeconds ?? 0;
  const reassigned = (id: string) => ({ id, ownerType: plan.reassign!.ownerType, ownerId: plan.reassign!.ownerId, ownedSince: at, pausedSecondsBeforeOwner: pausedSecondsOf(id) });
  const update: FactRow[] = [
    ...plan.shift.map((shift) => factRow({ id: shift.milestoneId, dueAt: shift.dueAt, warnAt: shift.warnAt, pausedSeconds: shift.pausedSeconds }, fields, false)),
    ...(plan.reassign?.milestoneIds ?? []).map((id) => factRow(reassigned(id), fields, false)),
    ...plan.met.map((clock) => factRow({ id: clock.milestoneId, metAt: at }, fields, false)),
    ...plan.stop.map((clock) => factRow({ id: clock.milestoneId, cancelledAt: at }, fields, false)),
  ];
  return mergeFacts({ [table]: { insert: started.map((row) => factRow(row, fields)), update } });
}

/** Writes a plan's changes to existing clocks (the clocks that start are inserted by the caller, after the ticket). */
async function applySlaPlan(tx: Executor, plan: SlaPlan, at: Date): Promise<void> {
  for (const shift of plan.shift) {
    const { dueAt, warnAt, nextEscalationAt, pausedSeconds } = shift;
    await tx.update(slaMilestones).set({ dueAt, warnAt, nextEscalationAt, pausedSeconds }).where(eq(slaMilestones.id, shift.milestoneId));
  }
  if (plan.reassign) {
    const { ownerType, ownerId, milestoneIds } = plan.reassign;
    // The new owner's stretch of each carried clock starts now (the reports measure each party's own stretch).
    await tx
      .update(slaMilestones)
      .set({ ownerType, ownerId, ownedSince: at, pausedSecondsBeforeOwner: sql`${slaMilestones.pausedSeconds}` })
      .where(inArray(slaMilestones.id, milestoneIds));
  }
  if (plan.met.length > 0) await tx.update(slaMilestones).set({ metAt: at }).where(inArray(slaMilestones.id, plan.met.map((clock) => clock.milestoneId)));
  if (plan.stop.length > 0) await tx.update(slaMilestones).set({ cancelledAt: at }).where(inArray(slaMilestones.id, plan.stop.map((clock) => clock.milestoneId)));
}

/**
 * Writes the stretches of the clocks this change ends for their party (sla_clock_spans, derived for the reports): each
 * clock met, stopped, or carried over to another owner, measured from when that party got it, in the party's business
 * time (as the clock counts, pauses taken out) and in clock time. One INSERT, and only when some clock ends: a
 * ticket's creation writes none.
 */
async function writeClockSpans(
  tx: Executor,
  options: { before: TicketRow; after: TicketRow; plan: SlaPlan; milestones: readonly MilestoneRow[]; policy: PolicyRow | null; at: Date },
): Promise<Array<typeof slaClockSpans.$inferSelect>> {
  const { plan, at, before, after } = options;
  const ownerMoved = before.responsibleDealerId !== after.responsibleDealerId || before.responsibleDepartmentId !== after.responsibleDepartmentId;
  const ending: Array<{ milestoneId: string; outcome: 'met' | 'handed_over' | 'rerouted' | 'stopped' }> = [
    ...plan.met.map((clock) => ({ milestoneId: clock.milestoneId, outcome: 'met' as const })),
    // A clock stopped because the ticket left its party (a reroute, a reject) ends that party's stretch by leaving.
    ...plan.stop.map((clock) => ({ milestoneId: clock.milestoneId, outcome: ownerMoved ? ('rerouted' as const) : ('stopped' as const) })),
    ...(plan.reassign?.milestoneIds ?? []).map((milestoneId) => ({ milestoneId, outcome: 'handed_over' as const })),
  ];
  if (ending.length === 0) return [];
  const byId = new Map(options.milestones.map((milestone) => [milestone.id, milestone]));
  const shifted = new Map(plan.shift.map((shift) => [shift.milestoneId, shift]));
  const rows: Array<typeof slaClockSpans.$inferSelect> = [];
  for (const { milestoneId, outcome } of ending) {
    const milestone = byId.get(milestoneId);
    if (!milestone) continue;
    const calendar = await calendarOfMilestone(tx, milestone, options.policy);
    const span = clockSpanOf({ clock: milestone, pausedSeconds: shifted.get(milestoneId)?.pausedSeconds ?? milestone.pausedSeconds, calendar, endAt: at });
    rows.push({
      id: randomUUID(),
      ticketId: milestone.ticketId,
      milestoneId,
      clock: milestone.clock,
      ownerType: milestone.ownerType,
      ownerId: milestone.ownerId,
      fromAt: span.fromAt,
      toAt: at,
      outcome,
      dueAt: shifted.get(milestoneId)?.dueAt ?? milestone.dueAt,
      breached: span.breached,
      businessSeconds: span.businessSeconds,
      clockSeconds: span.clockSeconds,
    });
  }
  if (rows.length > 0) await tx.insert(slaClockSpans).values(rows);
  return rows;
}

/** A ticket's clocks, oldest first. */
export async function listMilestones(db: Executor, ticketId: string): Promise<MilestoneRow[]> {
  return db.select().from(slaMilestones).where(eq(slaMilestones.ticketId, ticketId)).orderBy(asc(slaMilestones.startedAt), asc(slaMilestones.clock));
}
