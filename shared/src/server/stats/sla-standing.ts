import { and, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { access } from '../../auth/access';
import { type Actor, isDealerRole } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { SLA_CLOCKS, type SlaClock } from '../../sla/sla-policy';
import type { TSlaStandingQuery } from '../../stats/stats.schemas';
import type { SlaStanding } from '../../stats/stats.types';
import type { Executor } from '../db/client';
import { slaMilestones } from '../db/schema';

/**
 * How a dealer kept its deadlines over the last `days`: every clock it owns whose due time fell in the period,
 * met in time or not. Cancelled clocks (a ticket rerouted away, closed) do not count.
 */
export async function slaStanding(db: Executor, options: { dealerId: string; days: number; at?: Date }): Promise<SlaStanding> {
  const at = options.at ?? new Date();
  const from = new Date(at.getTime() - options.days * 86_400_000);
  const rows = await db
    .select({
      clock: slaMilestones.clock,
      due: sql<number>`count(*)`.mapWith(Number),
      onTime: sql<number>`count(*) filter (where ${slaMilestones.metAt} <= ${slaMilestones.dueAt})`.mapWith(Number),
    })
    .from(slaMilestones)
    .where(
      and(
        eq(slaMilestones.ownerType, 'dealer'),
        eq(slaMilestones.ownerId, options.dealerId),
        isNull(slaMilestones.cancelledAt),
        gte(slaMilestones.dueAt, from),
        lte(slaMilestones.dueAt, at),
      ),
    )
    .groupBy(slaMilestones.clock);
  const clocks = Object.fromEntries(SLA_CLOCKS.map((clock) => [clock, { due: 0, onTime: 0, late: 0 }])) as SlaStanding['clocks'];
  for (const row of rows) {
    if (!(SLA_CLOCKS as readonly string[]).includes(row.clock)) continue;
    clocks[row.clock as SlaClock] = { due: row.due, onTime: row.onTime, late: row.due - row.onTime };
  }
  const due = SLA_CLOCKS.reduce((sum, clock) => sum + clocks[clock].due, 0);
  const onTime = SLA_CLOCKS.reduce((sum, clock) => sum + clocks[clock].onTime, 0);
  return { dealerId: options.dealerId, days: options.days, clocks, metRate: due === 0 ? null : onTime / due };
}

/** A dealer sees its own standing (another dealer's is not found); the hotline's supervisors, admins and QA any dealer's. */
export async function slaStandingFor(db: Executor, actor: Actor, query: TSlaStandingQuery): Promise<SlaStanding> {
  if (!access.standingReaders.allows(actor)) throw new AppError('FORBIDDEN');
  let dealerId = query.dealerId;
  if (isDealerRole(actor.role)) {
    if (dealerId && dealerId !== actor.dealerId) throw new AppError('NOT_FOUND');
    dealerId = actor.dealerId ?? undefined;
  }
  if (!dealerId) throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'dealerId', code: 'invalid_type', message: 'dealerId is required' }] });
  return slaStanding(db, { dealerId, days: query.days });
}
