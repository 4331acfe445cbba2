/**
 * SLA warnings, breaches and escalations. The database is the truth: each open clock's warning, breach and next
 * escalation moments are derived from its row, timers (BullMQ delayed jobs) only say when to look, and
 * recordSlaMoment checks the row again before writing anything — a timer for a clock that was met, moved or already
 * fired does nothing.
 */
import { and, eq, inArray, isNull, ne, not, type SQL } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { SYSTEM_ACTOR } from '../../auth/actor';
import { addBusinessMinutes } from '../../sla/business-calendar';
import { type EscalationLevel, nextEscalationLevel } from '../../sla/escalation';
import { isClockPaused, WAITING_STATUS } from '../../sla/sla-policy';
import type { Database, Executor } from '../db/client';
import { slaMilestones, slaPolicies, tickets } from '../db/schema';
import type { OutboxMessage } from '../jobs';
import type { NewTicketEvent } from '../tickets/ticket-events';
import { lockTicket, saveTicketChange } from '../tickets/ticket-command';
import { calendarOfMilestone } from './sla-clocks';

export type SlaMoment = 'warning' | 'breach' | 'escalation';
type MilestoneRow = typeof slaMilestones.$inferSelect;

export interface SlaTimer {
  jobId: string;
  milestoneId: string;
  kind: SlaMoment;
  at: Date;
  /** For an escalation: the level it reaches. */
  level?: number;
}

/** The timers an open clock needs: its warning, its breach, and after the breach its next escalation level. */
export function timersOf(milestone: MilestoneRow): SlaTimer[] {
  if (milestone.metAt || milestone.cancelledAt) return [];
  const timers: SlaTimer[] = [];
  if (milestone.warnAt && !milestone.warnedAt && !milestone.breachedAt) {
    timers.push({ jobId: `sla-${milestone.id}-warning`, milestoneId: milestone.id, kind: 'warning', at: milestone.warnAt });
  }
  if (!milestone.breachedAt) timers.push({ jobId: `sla-${milestone.id}-breach`, milestoneId: milestone.id, kind: 'breach', at: milestone.dueAt });
  else if (milestone.nextEscalationAt) {
    const level = milestone.escalationLevel + 1;
    timers.push({ jobId: `sla-${milestone.id}-escalation-${level}`, milestoneId: milestone.id, kind: 'escalation', at: milestone.nextEscalationAt, level });
  }
  return timers;
}

/**
 * isClockPaused (shared/src/sla/sla-policy.ts) in SQL: waiting for the customer pauses every clock of the ticket but a
 * copied department's internal one. A paused clock needs no timer: resuming moves its moments and reschedules it. (A
 * timer left for it would fire, find the clock paused, and be set again for the same moment, for ever.)
 */
const paused = (): SQL => and(eq(tickets.status, WAITING_STATUS), ne(slaMilestones.clock, 'internal'))!;

async function openMilestones(db: Executor, where: SQL | undefined, pausedToo = false): Promise<MilestoneRow[]> {
  const rows = await db
    .select({ milestone: slaMilestones })
    .from(slaMilestones)
    .innerJoin(tickets, eq(tickets.id, slaMilestones.ticketId))
    .where(and(isNull(slaMilestones.metAt), isNull(slaMilestones.cancelledAt), pausedToo ? undefined : not(paused()), where));
  return rows.map((row) => row.milestone);
}

/** Every timer the open, running clocks need now (all tickets, or one). */
export async function requiredTimers(db: Executor, ticketId?: string): Promise<SlaTimer[]> {
  return (await openMilestones(db, ticketId ? eq(slaMilestones.ticketId, ticketId) : undefined)).flatMap(timersOf);
}

/** The timers a ticket's paused clocks would have if they ran: to be taken down when the ticket starts waiting. */
export async function pausedTimers(db: Executor, ticketId: string): Promise<SlaTimer[]> {
  return (await openMilestones(db, and(eq(slaMilestones.ticketId, ticketId), paused()), true)).flatMap(timersOf);
}

/** Every timer these clocks need now, read fresh (to re-check timers just before they are written to Redis). */
export async function requiredTimersOfMilestones(db: Executor, milestoneIds: string[]): Promise<SlaTimer[]> {
  if (milestoneIds.length === 0) return [];
  return (await openMilestones(db, inArray(slaMilestones.id, milestoneIds))).flatMap(timersOf);
}

/** Every timer the clocks of a clock's ticket need (after one of them fired and set its next moment). */
export async function requiredTimersOfMilestoneTicket(db: Executor, milestoneId: string): Promise<SlaTimer[]> {
  const [milestone] = await db.select({ ticketId: slaMilestones.ticketId }).from(slaMilestones).where(eq(slaMilestones.id, milestoneId));
  return milestone ? requiredTimers(db, milestone.ticketId) : [];
}

/**
 * The escalation levels of a breached clock that are due at `now`, from `reached` on, and when the next one is
 * due. Levels count in business minutes after the due time, on the clock's calendar; a level whose moment the clock
 * already recorded as come (`firstIsDue`) is due whatever the chain says now.
 */
async function dueEscalations(tx: Executor, milestone: MilestoneRow, chain: EscalationLevel[], reached: number, now: Date, firstIsDue: boolean) {
  const due: EscalationLevel[] = [];
  let nextAt: Date | null = null;
  const calendar = chain.length > 0 ? await calendarOfMilestone(tx, milestone, null) : null;
  let level = nextEscalationLevel(chain, reached);
  if (level && firstIsDue) {
    due.push(level);
    level = nextEscalationLevel(chain, level.level);
  }
  for (; level && calendar; level = nextEscalationLevel(chain, level.level)) {
    const at = addBusinessMinutes(calendar, milestone.dueAt, level.afterMinutes);
    if (at.getTime() > now.getTime()) {
      nextAt = at;
      break;
    }
    due.push(level);
  }
  return { due, nextAt };
}

/**
 * A warning, breach or escalation moment has come (or a timer says so): if the clock is still open and really due,
 * mark it, append the events to the ticket's history and update the ticket's SLA state and escalation level.
 */
export async function recordSlaMoment(
  db: Database,
  options: { milestoneId: string; kind: SlaMoment; level?: number; now?: Date; actor?: Actor },
): Promise<'recorded' | 'not_due' | 'closed' | 'already'> {
  const now = options.now ?? new Date();
  const actor = options.actor ?? SYSTEM_ACTOR;
  return db.transaction(async (tx) => {
    const [peek] = await tx.select({ ticketId: slaMilestones.ticketId }).from(slaMilestones).where(eq(slaMilestones.id, options.milestoneId));
    if (!peek) return 'closed';
    // Ticket first, then the clock: the same lock order as every command, so no deadlock with a concurrent change.
    const ticket = await lockTicket(tx, actor, peek.ticketId);
    const [milestone] = await tx.select().from(slaMilestones).where(eq(slaMilestones.id, options.milestoneId)).for('update');
    if (milestone.metAt || milestone.cancelledAt) return 'closed';
    // A paused clock neither warns nor breaches: resuming moves its due times and reschedules its timers.
    if (isClockPaused(milestone.clock, ticket.status)) return 'not_due';
    const moment = options.kind === 'warning' ? milestone.warnAt : options.kind === 'breach' ? milestone.dueAt : milestone.nextEscalationAt;
    if (!moment || moment.getTime() > now.getTime()) return 'not_due';
    if (options.kind === 'warning' && (milestone.warnedAt || milestone.breachedAt)) return 'already';
    if (options.kind === 'breach' && milestone.breachedAt) return 'already';
    if (options.kind === 'escalation' && (!milestone.breachedAt || milestone.escalationLevel >= (options.level ?? milestone.escalationLevel + 1))) return 'already';

    const policy = ticket.slaPolicyId ? (await tx.select().from(slaPolicies).where(eq(slaPolicies.id, ticket.slaPolicyId)))[0] : undefined;
    // Internal clocks are the department's own target: they warn and breach to the department, nobody else.
    const chain = milestone.clock === 'internal' ? [] : ((policy?.escalationChain ?? []) as EscalationLevel[]);
    const events: NewTicketEvent[] = [];
    const outbox: OutboxMessage[] = [];
    const base = { ticketId: ticket.id, milestoneId: milestone.id, clock: milestone.clock, dueAt: milestone.dueAt.toISOString() };
    let milestoneChanges: Partial<MilestoneRow>;
    if (options.kind === 'warning') {
      milestoneChanges = { warnedAt: now };
      events.push({ type: 'sla_warning', payload: { clock: milestone.clock, dueAt: base.dueAt, ownerType: milestone.ownerType, ownerId: milestone.ownerId } });
      outbox.push({ topic: 'sla.warning', payload: base });
    } else {
      const reached = options.kind === 'breach' ? 0 : milestone.escalationLevel;
      milestoneChanges = options.kind === 'breach' ? { breachedAt: now, warnedAt: milestone.warnedAt ?? now } : {};
      if (options.kind === 'breach') {
        events.push({ type: 'sla_breached', payload: { clock: milestone.clock, dueAt: base.dueAt, ownerType: milestone.ownerType, ownerId: milestone.ownerId } });
        outbox.push({ topic: 'sla.breached', payload: base });
      }
      const { due, nextAt } = await dueEscalations(tx, milestone, chain, reached, now, options.kind === 'escalation');
      for (const level of due) {
        const detail = { level: level.level, recipients: level.recipients, channels: level.channels };
        events.push({ type: 'escalated', payload: { clock: milestone.clock, dueAt: base.dueAt, ...detail } });
        if (level.channels.includes('mail')) outbox.push({ topic: 'sla.escalated', payload: { ...base, ...detail } });
      }
      milestoneChanges = { ...milestoneChanges, escalationLevel: due.at(-1)?.level ?? reached, nextEscalationAt: nextAt };
    }
    await tx.update(slaMilestones).set(milestoneChanges).where(eq(slaMilestones.id, milestone.id));

    const breachedClocks =
      options.kind === 'breach' && milestone.clock !== 'internal' ? [...new Set([...ticket.breachedClocks, milestone.clock])] : ticket.breachedClocks;
    const escalationLevel = Math.max(ticket.escalationLevel, milestoneChanges.escalationLevel ?? 0);
    // An internal clock's warning or breach is the department's business; the ticket's own SLA state stays as it is.
    const slaState = milestone.clock === 'internal' ? ticket.slaState : breachedClocks.length > 0 ? 'breached' : 'warning';
    if (events.length === 0) return 'already';
    await saveTicketChange({
      tx,
      actor,
      ticket,
      at: now,
      changes: { slaState, breachedClocks, escalationLevel },
      events,
      // A breach that escalates at once is announced live as the breach; its history holds both events.
      kind: options.kind === 'breach' ? 'sla_breached' : events.at(-1)!.type,
      outbox,
    });
    return 'recorded';
  });
}
