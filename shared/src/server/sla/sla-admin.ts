/**
 * Administration of calendars and SLA policies. A policy change applies to tickets dispatched afterwards; open
 * tickets keep their deadlines unless an admin applies the change to them, after previewing which deadlines move.
 */
import { factRow, SLA_MILESTONE_FIGURES } from '../audit/derived-figures';
import { and, asc, eq, gte, isNull, lt, ne } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type { TUpdateSlaPolicyRequest } from '../../sla/sla.schemas';
import { ALWAYS_OPEN_CALENDAR, recomputedDeadlines } from '../../sla/sla-planner';
import { isRescueClock, type RescueClock, type SlaClock } from '../../sla/sla-policy';
import type { TWeeklyHours } from '../db/schema';
import type { Database, Executor } from '../db/client';
import { calendarDays, calendars, dealers, departments, slaMilestones, slaPolicies, tickets } from '../db/schema';
import { lockTicket, saveTicketChange } from '../tickets/ticket-command';
import { recordConfigChange } from '../audit/config-changes';
import { resolveNames } from '../../i18n/localized-names';
import { forgetSlaCaches, loadCalendar } from './sla-clocks';
import { access, requireAccess } from '../../auth/access';

export async function listCalendars(db: Executor) {
  return db.select().from(calendars).orderBy(asc(calendars.code));
}

export async function getCalendar(db: Executor, id: string) {
  const [calendar] = await db.select().from(calendars).where(eq(calendars.id, id));
  if (!calendar) return null;
  const days = await db.select().from(calendarDays).where(eq(calendarDays.calendarId, id)).orderBy(asc(calendarDays.day));
  return { ...calendar, days };
}

export async function updateCalendar(db: Database, actor: Actor, id: string, changes: { name?: string; weeklyHours?: TWeeklyHours; alwaysOpen?: boolean }) {
  requireAccess(actor, access.admin);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendars).where(eq(calendars.id, id)).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    const [after] = await tx.update(calendars).set({ ...changes, updatedAt: new Date() }).where(eq(calendars.id, id)).returning();
    await recordConfigChange(tx, actor, { entity: 'calendar', entityId: id, action: 'update', before, after });
  });
  forgetSlaCaches();
  return getCalendar(db, id);
}

/** Replaces one year's holidays and make-up days; every day given must lie in that year. */
export async function replaceCalendarYear(db: Database, actor: Actor, id: string, year: number, days: Array<{ day: string; kind: 'holiday' | 'workday'; name: string }>) {
  requireAccess(actor, access.admin);
  if (!(await getCalendar(db, id))) throw new AppError('NOT_FOUND');
  const outside = days.findIndex((day) => !day.day.startsWith(`${year}-`));
  if (outside >= 0) throw new AppError('VALIDATION_FAILED', { issues: [{ path: `days.${outside}.day`, code: 'custom', message: `not in ${year}` }] });
  if (new Set(days.map((day) => day.day)).size !== days.length) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'days', code: 'custom', message: 'a date appears twice' }] });
  }
  await db.transaction(async (tx) => {
    const inYear = and(eq(calendarDays.calendarId, id), gte(calendarDays.day, `${year}-01-01`), lt(calendarDays.day, `${year + 1}-01-01`));
    const before = await tx.select({ day: calendarDays.day, kind: calendarDays.kind, name: calendarDays.name }).from(calendarDays).where(inYear).orderBy(asc(calendarDays.day));
    await tx.delete(calendarDays).where(inYear);
    if (days.length > 0) await tx.insert(calendarDays).values(days.map((day) => ({ calendarId: id, ...day })));
    const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day)).map(({ day, kind, name }) => ({ day, kind, name }));
    await recordConfigChange(tx, actor, { entity: 'calendar_year', entityId: `${id}/${year}`, action: 'replace_year', before: { days: before }, after: { days: sorted } });
  });
  forgetSlaCaches();
  return getCalendar(db, id);
}

export async function listSlaPolicies(db: Executor) {
  return db.select().from(slaPolicies).orderBy(asc(slaPolicies.code));
}

export async function updateSlaPolicy(db: Database, actor: Actor, id: string, changes: TUpdateSlaPolicyRequest) {
  requireAccess(actor, access.admin);
  const updated = await db.transaction(async (tx) => {
    const [policy] = await tx.select().from(slaPolicies).where(eq(slaPolicies.id, id)).for('update');
    if (!policy) throw new AppError('NOT_FOUND');
    if (changes.calendarId) {
      const [calendar] = await tx.select({ id: calendars.id }).from(calendars).where(eq(calendars.id, changes.calendarId));
      if (!calendar) throw new AppError('UNKNOWN_REFERENCE', { field: 'calendarId' });
    }
    const { name: _name, nameZh: _nameZh, nameEn: _nameEn, ...rest } = changes;
    const names = resolveNames(changes, policy) ?? {};
    const [after] = await tx
      .update(slaPolicies)
      .set({ ...rest, ...names, version: policy.version + 1, updatedAt: new Date() })
      .where(eq(slaPolicies.id, id))
      .returning();
    await recordConfigChange(tx, actor, { entity: 'sla_policy', entityId: id, action: 'update', before: policy, after });
    return after;
  });
  forgetSlaCaches();
  return updated;
}

export interface DeadlineMove {
  ticketId: string;
  number: string;
  milestoneId: string;
  clock: SlaClock | RescueClock;
  currentDueAt: Date;
  newDueAt: Date;
  newWarnAt: Date;
}

/**
 * The open clocks of open tickets under a policy whose due time would change if they were recomputed with the
 * policy as it stands now (same start, same paused time, the policy's or the owner's calendar).
 */
export async function previewPolicyOnOpenTickets(db: Executor, policyId: string): Promise<DeadlineMove[]> {
  const [policy] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, policyId));
  if (!policy) throw new AppError('NOT_FOUND');
  const open = await db
    .select({ milestone: slaMilestones, number: tickets.number, dealerCalendar: dealers.calendarId, departmentCalendar: departments.calendarId })
    .from(slaMilestones)
    .innerJoin(tickets, eq(tickets.id, slaMilestones.ticketId))
    .leftJoin(dealers, eq(dealers.id, tickets.responsibleDealerId))
    .leftJoin(departments, eq(departments.id, tickets.responsibleDepartmentId))
    // Copied departments' internal clocks follow ccInternalMinutes, not these targets.
    .where(and(eq(tickets.slaPolicyId, policyId), isNull(slaMilestones.metAt), isNull(slaMilestones.cancelledAt), ne(slaMilestones.clock, 'internal')));
  const calendarCache = new Map<string, Awaited<ReturnType<typeof loadCalendar>>>();
  const moves: DeadlineMove[] = [];
  for (const row of open) {
    const clock = row.milestone.clock as SlaClock | RescueClock;
    // A rescue's clocks count around the clock whatever the calendars (recomputedDeadlines knows).
    const calendarId = isRescueClock(clock) ? null : (policy.calendarId ?? row.dealerCalendar ?? row.departmentCalendar);
    if (calendarId && !calendarCache.has(calendarId)) calendarCache.set(calendarId, await loadCalendar(db, calendarId));
    const calendar = calendarId ? calendarCache.get(calendarId) : isRescueClock(clock) ? ALWAYS_OPEN_CALENDAR : null;
    if (!calendar) continue;
    const deadlines = recomputedDeadlines(policy, { ...row.milestone, clock }, calendar);
    if (!deadlines) continue;
    const { dueAt: newDueAt, warnAt: newWarnAt } = deadlines;
    if (newDueAt.getTime() !== row.milestone.dueAt.getTime() || newWarnAt.getTime() !== row.milestone.warnAt?.getTime()) {
      moves.push({ ticketId: row.milestone.ticketId, number: row.number, milestoneId: row.milestone.id, clock, currentDueAt: row.milestone.dueAt, newDueAt, newWarnAt });
    }
  }
  return moves.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
}

/**
 * Moves the previewed deadlines. Each ticket changes in its own transaction, like any other change of a ticket:
 * locked, its clocks moved (only those still open and still where the preview saw them), an `sla_policy_applied`
 * event on its audit chain naming every deadline's old and new time, its version bumped, its due times mirrored, and
 * the outbox told (live update, timers). Nobody's deadline moves without a trace. Returns how many clocks moved.
 */
export async function applyPolicyToOpenTickets(db: Database, actor: Actor, policyId: string): Promise<number> {
  requireAccess(actor, access.admin);
  const moves = await previewPolicyOnOpenTickets(db, policyId);
  const byTicket = new Map<string, DeadlineMove[]>();
  for (const move of moves) byTicket.set(move.ticketId, [...(byTicket.get(move.ticketId) ?? []), move]);
  let moved = 0;
  for (const [ticketId, ticketMoves] of byTicket) {
    moved += await db.transaction(async (tx) => {
      const ticket = await lockTicket(tx, actor, ticketId);
      const done: DeadlineMove[] = [];
      for (const move of ticketMoves) {
        const updated = await tx
          .update(slaMilestones)
          .set({ dueAt: move.newDueAt, warnAt: move.newWarnAt })
          .where(and(eq(slaMilestones.id, move.milestoneId), eq(slaMilestones.dueAt, move.currentDueAt), isNull(slaMilestones.metAt), isNull(slaMilestones.cancelledAt)))
          .returning({ id: slaMilestones.id });
        if (updated.length > 0) done.push(move);
      }
      if (done.length === 0) return 0;
      const open = await tx.select().from(slaMilestones).where(and(eq(slaMilestones.ticketId, ticketId), isNull(slaMilestones.metAt), isNull(slaMilestones.cancelledAt)));
      const dueOf = (clock: SlaClock) => open.filter((m) => m.clock === clock).map((m) => m.dueAt).sort((x, y) => x.getTime() - y.getTime())[0] ?? null;
      await saveTicketChange({
        tx,
        actor,
        ticket,
        at: new Date(),
        changes: { acknowledgeDueAt: dueOf('acknowledge'), firstContactDueAt: dueOf('first_contact'), resolveDueAt: dueOf('resolve') },
        events: [
          {
            type: 'sla_policy_applied',
            payload: { policyId, moves: done.map((move) => ({ clock: move.clock, from: move.currentDueAt.toISOString(), to: move.newDueAt.toISOString() })) },
          },
        ],
        kind: 'sla_policy_applied',
        facts: {
          [SLA_MILESTONE_FIGURES.table]: {
            update: done.map((move) => factRow({ id: move.milestoneId, dueAt: move.newDueAt, warnAt: move.newWarnAt }, SLA_MILESTONE_FIGURES.fields, false)),
          },
        },
        // The timers reschedule from the database, like after any other change of a due time.
        outbox: [{ topic: 'sla.changed', payload: { ticketId, reason: 'policy_applied', policyId } }],
      });
      return done.length;
    });
  }
  await recordConfigChange(db, actor, { entity: 'sla_policy', entityId: policyId, action: 'apply_to_open_tickets', before: null, after: { clocksMoved: moved } });
  return moved;
}
