/**
 * SLA warnings, breaches and escalations. The database is the truth: each open clock's warning, breach and next
 * escalation moments are derived from its row, timers (BullMQ delayed jobs) only say when to look, and
 * recordSlaMoment checks the row again before writing anything — a timer for a clock that was met, moved or already
 * fired does nothing.
 */
import { and, eq, inArray, isNull, not, notInArray, type SQL } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { SYSTEM_ACTOR } from '../../auth/actor';
import type { EscalationLevel } from '../../sla/escalation';
import { factRow, SLA_MILESTONE_FIGURES } from '../audit/derived-figures';
import { momentDue, planSlaMoment, type SlaMoment } from '../../sla/sla-moments';
import { CLOCKS_RUNNING_WHILE_WAITING, WAITING_STATUS } from '../../sla/sla-policy';
import type { Database, Executor } from '../db/client';
import { slaMilestones, slaPolicies, tickets } from '../db/schema';
import type { OutboxMessage } from '../jobs';
import type { NewTicketEvent } from '../tickets/ticket-events';
import { lockTicket, saveTicketChange } from '../tickets/ticket-command';
import { calendarOfMilestone } from './sla-clocks';

export type { SlaMoment };
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
 * isClockPaused (shared/src/sla/sla-policy.ts) in SQL: waiting for the customer pauses every clock of the ticket but
 * those that run while waiting (a copied department's internal one, a rescue's). A paused clock needs no timer: resuming moves its moments and reschedules it. (A
 * timer left for it would fire, find the clock paused, and be set again for the same moment, for ever.)
 */
const paused = (): SQL => and(eq(tickets.status, WAITING_STATUS), notInArray(slaMilestones.clock, [...CLOCKS_RUNNING_WHILE_WAITING]))!;

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
    // The rules are the pure planner's (shared/src/sla/sla-moments.ts); this reads its inputs and writes its plan.
    const due = momentDue({ clock: milestone, ticket, kind: options.kind, level: options.level, now });
    if (due !== 'due') return due;
    const policy = ticket.slaPolicyId ? (await tx.select().from(slaPolicies).where(eq(slaPolicies.id, ticket.slaPolicyId)))[0] : undefined;
    const chain = milestone.clock === 'internal' ? [] : ((policy?.escalationChain ?? []) as EscalationLevel[]);
    const plan = planSlaMoment({
      clock: milestone,
      ticket,
      kind: options.kind,
      level: options.level,
      now,
      chain,
      calendar: chain.length > 0 ? await calendarOfMilestone(tx, milestone, null) : null,
    });
    if (plan.outcome === 'closed' || plan.outcome === 'not_due') return plan.outcome;
    if (Object.keys(plan.clockChanges).length > 0) await tx.update(slaMilestones).set(plan.clockChanges).where(eq(slaMilestones.id, milestone.id));
    if (plan.outcome === 'already') return 'already';

    const events: NewTicketEvent[] = [];
    const outbox: OutboxMessage[] = [];
    const base = { ticketId: ticket.id, milestoneId: milestone.id, clock: milestone.clock, dueAt: milestone.dueAt.toISOString() };
    const owner = { clock: milestone.clock, dueAt: base.dueAt, ownerType: milestone.ownerType, ownerId: milestone.ownerId };
    if (plan.warned) {
      events.push({ type: 'sla_warning', payload: owner });
      outbox.push({ topic: 'sla.warning', payload: base });
    }
    if (plan.breached) {
      events.push({ type: 'sla_breached', payload: owner });
      outbox.push({ topic: 'sla.breached', payload: base });
    }
    for (const level of plan.escalations) {
      const detail = { level: level.level, recipients: level.recipients, channels: level.channels };
      events.push({ type: 'escalated', payload: { clock: milestone.clock, dueAt: base.dueAt, ...detail } });
      if (level.channels.includes('mail')) outbox.push({ topic: 'sla.escalated', payload: { ...base, ...detail } });
    }
    await saveTicketChange({
      tx,
      actor,
      ticket,
      at: now,
      changes: { slaState: plan.ticket.slaState, breachedClocks: [...plan.ticket.breachedClocks], escalationLevel: plan.ticket.escalationLevel },
      events,
      // A breach that escalates at once is announced live as the breach; its history holds both events.
      kind: options.kind === 'breach' ? 'sla_breached' : events.at(-1)!.type,
      outbox,
      // The clock's warning and breach times go on the chain with the events (escalation bookkeeping does not).
      facts: { [SLA_MILESTONE_FIGURES.table]: { update: [factRow({ id: milestone.id, ...plan.clockChanges }, SLA_MILESTONE_FIGURES.fields, false)] } },
    });
    return 'recorded';
  });
}
