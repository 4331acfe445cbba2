/**
 * The distribution of one clock's times over the report's filters (GET /api/reports/resolution/distribution): the
 * same observations as the report's percentiles — every party's stretch of the clock that ended (`sla_clock_spans`)
 * and every running clock at its age now — counted in the bins of DISTRIBUTION_BOUNDS_HOURS, in business or clock
 * time. Met stretches, running clocks and stretches that ended otherwise are counted apart, so the chart can show the
 * censored ones for what they are. One aggregate per kind: it reads no ticket list, whatever the selection's size.
 */
import { sql } from 'drizzle-orm';
import { DISTRIBUTION_BOUNDS_HOURS, type TDistributionQuery } from '../../reports/report.schemas';
import type { Executor } from '../db/client';
import type { TicketScope } from '../tickets/ticket-queries';
import { clockFromSql, filterSql, needsTicket, needsVehicle, rowsOf, scopedFilters } from './report-sql';
import { calendarDayTables, openClocksSql } from './resolution-report';

const HOUR = 3600;
const BOUNDS = DISTRIBUTION_BOUNDS_HOURS.map((hours) => hours * HOUR);
// Constants of the code, not input: width_bucket gives 0 below the first bound, i from bound i−1 on.
const BOUNDS_SQL = sql.raw(`array[${BOUNDS.join(',')}]::int[]`);

type Kind = 'met' | 'open' | 'endedOtherwise';

export interface Distribution {
  clock: TDistributionQuery['clock'];
  timeBasis: TDistributionQuery['timeBasis'];
  at: Date;
  bins: Array<{ fromSeconds: number; toSeconds: number | null } & Record<Kind, number>>;
  totals: Record<Kind, number>;
}

export async function resolutionDistribution(db: Executor, options: { scope: TicketScope; query: TDistributionQuery; now?: Date }): Promise<Distribution> {
  const now = options.now ?? new Date();
  const { clock, timeBasis, ...query } = options.query;
  const filters = scopedFilters(options.scope, query);
  const withVehicle = needsVehicle(filters, []);
  const nobody = sql`null::text`;
  const open = openClocksSql({ dims: [nobody, nobody], filters, withVehicle, now, tables: await calendarDayTables(db, now) });
  const spanSeconds = sql.raw(timeBasis === 'business' ? 's.business_seconds' : 's.clock_seconds');
  const openSeconds = sql.raw(timeBasis === 'business' ? 'o.b' : 'o.c');
  const rows = rowsOf<{ kind: Kind; bin: number; n: number }>(
    await db.execute(sql`
      with ${open}
      select case when s.outcome = 'met' then 'met' else 'endedOtherwise' end as kind, width_bucket(${spanSeconds}, ${BOUNDS_SQL}) as bin, count(*)::int as n
      from ${clockFromSql('sla_clock_spans', withVehicle, needsTicket(filters, []))}
      where s.clock = ${clock} and ${filterSql('clock', filters)}
      group by 1, 2
      union all
      select 'open', width_bucket(${openSeconds}, ${BOUNDS_SQL}), count(*)::int from open_obs o where o.clock = ${clock} group by 1, 2`),
  );
  const bins = [0, ...BOUNDS].map((fromSeconds, index) => ({ fromSeconds, toSeconds: BOUNDS[index] ?? null, met: 0, open: 0, endedOtherwise: 0 }));
  const totals: Record<Kind, number> = { met: 0, open: 0, endedOtherwise: 0 };
  for (const row of rows) {
    bins[Number(row.bin)][row.kind] += Number(row.n);
    totals[row.kind] += Number(row.n);
  }
  return { clock, timeBasis, at: now, bins, totals };
}
