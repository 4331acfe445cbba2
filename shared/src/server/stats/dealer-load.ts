import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { isOpenStatus } from '../../tickets/ticket-lifecycle';
import { TICKET_STATUSES } from '../../tickets/ticket-vocabulary';
import type { DealerLoad } from '../../stats/stats.types';
import type { Executor } from '../db/client';
import { dealers, tickets } from '../db/schema';

const OPEN_STATUSES = TICKET_STATUSES.filter(isOpenStatus);

/**
 * Per active dealer (optionally of one region): open tickets, how many of them are in warning or breached, the
 * dealer's capacity and the age of its oldest open ticket. Busiest first, so a supervisor sees the pressure at the top.
 */
export async function dealerLoad(db: Executor, options: { regionId?: string; at?: Date } = {}): Promise<DealerLoad[]> {
  const at = options.at ?? new Date();
  const load = db
    .select({
      dealerId: tickets.responsibleDealerId,
      open: sql<number>`count(*)`.mapWith(Number).as('open'),
      warning: sql<number>`count(*) filter (where ${tickets.slaState} = 'warning')`.mapWith(Number).as('warning'),
      breached: sql<number>`count(*) filter (where ${tickets.slaState} = 'breached')`.mapWith(Number).as('breached'),
      oldest: sql<Date | string | null>`min(${tickets.createdAt})`.as('oldest'),
    })
    .from(tickets)
    .where(inArray(tickets.status, OPEN_STATUSES))
    .groupBy(tickets.responsibleDealerId)
    .as('load');
  const rows = await db
    .select({
      dealerId: dealers.id,
      code: dealers.code,
      nameZh: dealers.nameZh,
      nameEn: dealers.nameEn,
      regionId: dealers.regionId,
      city: dealers.city,
      capacity: dealers.capacity,
      open: load.open,
      warning: load.warning,
      breached: load.breached,
      oldest: load.oldest,
    })
    .from(dealers)
    .leftJoin(load, eq(load.dealerId, dealers.id))
    .where(and(eq(dealers.active, true), options.regionId ? eq(dealers.regionId, options.regionId) : undefined))
    .orderBy(asc(dealers.code));
  return rows
    .map((row) => {
      // Raw aggregates in a subquery come back as text on pg and as Date on PGlite.
      const oldest = row.oldest ? new Date(row.oldest) : null;
      return {
        dealerId: row.dealerId,
        code: row.code,
        nameZh: row.nameZh,
        nameEn: row.nameEn,
        regionId: row.regionId,
        city: row.city,
        capacity: row.capacity,
        openTickets: Number(row.open ?? 0),
        warning: Number(row.warning ?? 0),
        breached: Number(row.breached ?? 0),
        oldestOpenAt: oldest ? oldest.toISOString() : null,
        oldestOpenMinutes: oldest ? Math.max(0, Math.floor((at.getTime() - oldest.getTime()) / 60_000)) : null,
      };
    })
    .sort((a, b) => b.openTickets - a.openTickets || b.breached - a.breached || a.code.localeCompare(b.code));
}
