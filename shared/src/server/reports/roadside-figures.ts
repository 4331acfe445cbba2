/**
 * Roadside figures (issue 12): per rescue provider, or per the provider's region, over the offers made in a period —
 * offers and their answers, the acceptance rate, the time to accept, the ETA promised at acceptance against the
 * arrival, and what became of the accepted jobs. Plain SQL over roadside_offers and roadside_jobs (small tables).
 * A dealer reads its own figures only (another dealer's: NOT_FOUND, as the resolution report); outside the dealers
 * and oversight: FORBIDDEN.
 */
import { inArray, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { boundToDate, NO_KEY } from '../../reports/report.schemas';
import type { RoadsideFigures, RoadsideFiguresReport, TRoadsideFiguresQuery } from '../../reports/roadside-figures.schemas';
import type { Executor } from '../db/client';
import { dealers, regions } from '../db/schema';
import type { TicketScope } from '../tickets/ticket-queries';
import { rowsOf } from './report-sql';

interface FigureRow {
  key: string | null;
  is_total: number;
  offers: number;
  accepted: number;
  declined: number;
  expired: number;
  withdrawn: number;
  pending: number;
  accept_p50: number | null;
  accept_p90: number | null;
  arrived: number;
  on_time: number;
  lateness_p50: number | null;
  completed: number;
  gone_on_arrival: number;
  cancelled: number;
  in_progress: number;
}

function scoped(scope: TicketScope, query: TRoadsideFiguresQuery): TRoadsideFiguresQuery {
  switch (scope.kind) {
    case 'all':
      return query;
    case 'dealer':
      if (query.dealerId && query.dealerId !== scope.dealerId) throw new AppError('NOT_FOUND');
      return { ...query, dealerId: scope.dealerId };
    default:
      throw new AppError('FORBIDDEN');
  }
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function figuresOf(row: FigureRow | undefined, key: string | null): RoadsideFigures {
  const n = (value: number | undefined) => Number(value ?? 0);
  const accepted = n(row?.accepted);
  const answered = accepted + n(row?.declined) + n(row?.expired);
  return {
    key,
    label: null,
    offers: n(row?.offers),
    accepted,
    declined: n(row?.declined),
    expired: n(row?.expired),
    withdrawn: n(row?.withdrawn),
    pending: n(row?.pending),
    acceptanceRate: ratio(accepted, answered),
    timeToAccept: { medianSeconds: num(row?.accept_p50), p90Seconds: num(row?.accept_p90) },
    arrival: {
      arrived: n(row?.arrived),
      onTime: n(row?.on_time),
      onTimeShare: ratio(n(row?.on_time), n(row?.arrived)),
      medianLatenessMinutes: num(row?.lateness_p50),
    },
    completion: {
      completed: n(row?.completed),
      goneOnArrival: n(row?.gone_on_arrival),
      cancelled: n(row?.cancelled),
      inProgress: n(row?.in_progress),
      completionRate: ratio(n(row?.completed), accepted),
    },
  };
}

export async function roadsideFigures(db: Executor, options: { scope: TicketScope; query: TRoadsideFiguresQuery; now?: Date }): Promise<RoadsideFiguresReport> {
  const at = options.now ?? new Date();
  const query = scoped(options.scope, options.query);
  // A job given by hand (`assigned`) was never offered: not in the figures.
  const conditions = [sql`o.status <> 'assigned'`];
  if (query.from) conditions.push(sql`o.offered_at >= ${boundToDate(query.from).toISOString()}::timestamptz`);
  if (query.to) conditions.push(sql`o.offered_at < ${boundToDate(query.to).toISOString()}::timestamptz`);
  if (query.dealerId) conditions.push(sql`o.dealer_id = ${query.dealerId}::uuid`);
  if (query.regionId) conditions.push(sql`d.region_id = ${query.regionId}::uuid`);
  const key = query.groupBy === 'provider' ? sql.raw('o.dealer_id::text') : sql.raw(`coalesce(d.region_id::text, '${NO_KEY}')`);
  // The ETA promised is the acceptance's (the offer's), not a later en-route update; lateness > 0 is late.
  const accepted = sql.raw(`o.status = 'accepted'`);
  const promised = sql.raw(`(o.answered_at + o.eta_minutes * interval '1 minute')`);
  const rows = rowsOf<FigureRow>(
    await db.execute(sql`
      with f as (
        select ${key} as key,
          -- An offer still pending on a ticket the hotline dispatched or cancelled meanwhile is withdrawn (its timer has not run yet).
          case when o.status = 'pending' and t.status <> 'new' then 'withdrawn' else o.status end as status,
          o.offered_at, o.answered_at, o.eta_minutes, j.status as job_status, j.arrived_at
        from roadside_offers o
        join dealers d on d.id = o.dealer_id
        join roadside_jobs j on j.id = o.job_id
        join tickets t on t.id = o.ticket_id
        where ${sql.join(conditions, sql` and `)}
      )
      select
        key,
        grouping(key)::int as is_total,
        count(*)::int as offers,
        count(*) filter (where ${accepted})::int as accepted,
        count(*) filter (where o.status = 'declined')::int as declined,
        count(*) filter (where o.status = 'expired')::int as expired,
        count(*) filter (where o.status = 'withdrawn')::int as withdrawn,
        count(*) filter (where o.status = 'pending')::int as pending,
        (percentile_cont(0.5) within group (order by extract(epoch from o.answered_at - o.offered_at)) filter (where ${accepted}))::float8 as accept_p50,
        (percentile_cont(0.9) within group (order by extract(epoch from o.answered_at - o.offered_at)) filter (where ${accepted}))::float8 as accept_p90,
        count(*) filter (where ${accepted} and o.arrived_at is not null)::int as arrived,
        count(*) filter (where ${accepted} and o.arrived_at <= ${promised})::int as on_time,
        (percentile_cont(0.5) within group (order by extract(epoch from o.arrived_at - ${promised}) / 60) filter (where ${accepted} and o.arrived_at is not null))::float8 as lateness_p50,
        count(*) filter (where ${accepted} and o.job_status = 'completed')::int as completed,
        count(*) filter (where ${accepted} and o.job_status = 'gone_on_arrival')::int as gone_on_arrival,
        count(*) filter (where ${accepted} and o.job_status = 'cancelled')::int as cancelled,
        count(*) filter (where ${accepted} and o.job_status in ('accepted', 'en_route', 'arrived', 'towing'))::int as in_progress
      from f o
      group by grouping sets ((key), ())
      order by 2, 1`),
  );
  const total = rows.find((row) => Number(row.is_total) === 1);
  const cells = rows.filter((row) => Number(row.is_total) === 0).map((row) => figuresOf(row, row.key));
  const ids = cells.map((cell) => cell.key).filter((id): id is string => id !== null && id !== NO_KEY);
  const labels = new Map<string, RoadsideFigures['label']>();
  if (ids.length > 0) {
    const named =
      query.groupBy === 'provider'
        ? await db.select({ id: dealers.id, code: dealers.code, nameZh: dealers.nameZh, nameEn: dealers.nameEn }).from(dealers).where(inArray(dealers.id, ids))
        : await db.select({ id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions).where(inArray(regions.id, ids));
    for (const row of named) labels.set(row.id, { code: row.code, nameZh: row.nameZh, nameEn: row.nameEn });
  }
  for (const cell of cells) cell.label = cell.key === NO_KEY ? { code: null, nameZh: '无区域', nameEn: 'No region' } : (labels.get(cell.key!) ?? null);
  // Most offers first, then by code: the busiest providers head the table.
  cells.sort((a, b) => b.offers - a.offers || (a.label?.code ?? '').localeCompare(b.label?.code ?? ''));
  const { groupBy, ...filters } = query;
  return { groupBy, filters, at, rows: cells, total: figuresOf(total, null) };
}
