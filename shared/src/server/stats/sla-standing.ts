import { and, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import { SLA_CLOCKS, type SlaClock } from '../../sla/sla-policy';
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
