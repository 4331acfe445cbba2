/**
 * SLA warnings and breaches. The database is the truth: each open clock's warning and breach moments are derived
 * from its row, timers (BullMQ delayed jobs) only say when to look, and recordSlaEvent checks the row again before
 * writing anything — a timer for a clock that was met, moved or already fired does nothing.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { SYSTEM_ACTOR } from '../../auth/actor';
import type { Database, Executor } from '../db/client';
import { slaMilestones } from '../db/schema';
import { lockTicket, saveTicketChange } from '../tickets/ticket-command';

export type SlaMoment = 'warning' | 'breach';

export interface SlaTimer {
  jobId: string;
  milestoneId: string;
  kind: SlaMoment;
  at: Date;
}

/** The timers an open clock needs: its warning (unless already warned) and its breach (unless already breached). */
export function timersOf(milestone: typeof slaMilestones.$inferSelect): SlaTimer[] {
  if (milestone.metAt || milestone.cancelledAt) return [];
  const timers: SlaTimer[] = [];
  if (milestone.warnAt && !milestone.warnedAt && !milestone.breachedAt) {
    timers.push({ jobId: `sla-${milestone.id}-warning`, milestoneId: milestone.id, kind: 'warning', at: milestone.warnAt });
  }
  if (!milestone.breachedAt) timers.push({ jobId: `sla-${milestone.id}-breach`, milestoneId: milestone.id, kind: 'breach', at: milestone.dueAt });
  return timers;
}

/** Every timer the open clocks need now (all tickets, or one). */
export async function requiredTimers(db: Executor, ticketId?: string): Promise<SlaTimer[]> {
  const open = await db
    .select()
    .from(slaMilestones)
    .where(and(isNull(slaMilestones.metAt), isNull(slaMilestones.cancelledAt), ticketId ? eq(slaMilestones.ticketId, ticketId) : undefined));
  return open.flatMap(timersOf);
}

/**
 * A warning or breach moment has come (or a timer says so): if the clock is still open and really due, mark it,
 * append the event to the ticket's history and update the ticket's SLA state. Returns what happened.
 */
export async function recordSlaMoment(
  db: Database,
  options: { milestoneId: string; kind: SlaMoment; now?: Date; actor?: Actor },
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
    // A paused clock neither warns nor breaches: resuming moves its due time and reschedules its timers.
    if (ticket.status === 'pending_customer') return 'not_due';
    const moment = options.kind === 'warning' ? milestone.warnAt : milestone.dueAt;
    if (!moment || moment.getTime() > now.getTime()) return 'not_due';
    if (options.kind === 'warning' ? milestone.warnedAt || milestone.breachedAt : milestone.breachedAt) return 'already';
    await tx
      .update(slaMilestones)
      .set(options.kind === 'warning' ? { warnedAt: now } : { breachedAt: now, warnedAt: milestone.warnedAt ?? now })
      .where(eq(slaMilestones.id, milestone.id));
    const breachedClocks = options.kind === 'breach' ? [...new Set([...ticket.breachedClocks, milestone.clock])] : ticket.breachedClocks;
    const slaState = breachedClocks.length > 0 ? 'breached' : 'warning';
    await saveTicketChange({
      tx,
      actor,
      ticket,
      at: now,
      changes: { slaState, breachedClocks },
      events: [
        {
          type: options.kind === 'warning' ? 'sla_warning' : 'sla_breached',
          payload: { clock: milestone.clock, dueAt: milestone.dueAt.toISOString(), ownerType: milestone.ownerType, ownerId: milestone.ownerId },
        },
      ],
      kind: options.kind === 'warning' ? 'sla_warning' : 'sla_breached',
      // The owner is told by mail (level 1); escalation to managers follows the policy's chain (not built yet).
      outbox: [{ topic: options.kind === 'warning' ? 'sla.warning' : 'sla.breached', payload: { ticketId: ticket.id, milestoneId: milestone.id, clock: milestone.clock, dueAt: milestone.dueAt.toISOString() } }],
    });
    return 'recorded';
  });
}
