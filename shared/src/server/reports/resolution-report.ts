/**
 * The resolution-time report (GET /api/reports/resolution): per cell of one or two dimensions, how long the parties
 * took to acknowledge, make first contact and resolve — median, p90, p95 in business and clock time, open tickets
 * kept as censored observations (Kaplan–Meier, shared/src/reports/kaplan-meier.ts) — SLA compliance per clock,
 * breaches, reopen rate, reroutes and lead conversion. What each figure means and whose it is:
 * docs/ARCHITECTURE.md, "Reports".
 *
 * Cost: the closed stretches are precomputed (`sla_clock_spans`, written when a stretch ends). The rows come from the
 * in-process index (./indexed-report.ts: passes over typed arrays, refreshed at each request) or, for what it does not
 * serve, from SQL — aggregation and one sort per clock and time basis in PostgreSQL, the running clocks measured on
 * day tables of their calendars (calendarDayTables). See reportRows.
 */
import { type SQL, sql } from 'drizzle-orm';
import { BusinessTimeIndex } from '../../reports/business-time-index';
import type { BusinessCalendar } from '../../sla/business-calendar';
import { SURVIVAL_TOLERANCE } from '../../reports/kaplan-meier';
import {
  NO_KEY,
  REPORT_CLOCKS,
  REPORT_PERCENTILES,
  type ReportClock,
  type ReportDimension,
  TIME_BASES,
  type TimeBasis,
} from '../../reports/report.schemas';
import type { ClockFigures, Percentiles, ResolutionCell, ResolutionReport } from '../../reports/report.types';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '../db/client';
import { indexedReportRows, indexServes } from './indexed-report';
import { ALWAYS_OPEN_CALENDAR } from '../../sla/sla-planner';
import { cachedCalendar } from '../sla/sla-clocks';
import type { TicketScope } from '../tickets/ticket-queries';
import { REPORT_METRICS } from './report-metrics';
import { labelsOf } from './report-labels';
import { type CellKeys, cellKeyOf, clockFromSql, dimensionSql, filterSql, needsTicket, needsVehicle, type ReportFilters, rowsOf, scopedFilters, ticketFromSql } from './report-sql';

export interface ResolutionQuery extends ReportFilters {
  groupBy: ReportDimension[];
}


/**
 * The calendars as day tables for SQL (shared/src/reports/business-time-index.ts): every calendar, and 24×7 for a
 * clock whose policy and owner name none, from the oldest running clock's start to tomorrow. With them the business
 * age of every running clock is two lookups in PostgreSQL, not a walk over its days in JavaScript.
 */
export async function calendarDayTables(db: Executor, now: Date): Promise<{ days: string; offsets: string }> {
  const [oldest] = rowsOf<{ since: string | Date | null }>(
    await db.execute(sql`select min(coalesce(owned_since, started_at)) as since from sla_milestones where met_at is null and cancelled_at is null`),
  );
  const from = oldest?.since ? asDate(oldest.since) : now;
  const range = { from: new Date(Math.min(from.getTime(), now.getTime()) - DAY), to: new Date(now.getTime() + DAY) };
  const ids = rowsOf<{ id: string }>(await db.execute(sql`select id::text as id from calendars`)).map((row) => row.id);
  const days: Array<{ c: string; d: number; cum: number; s: number[]; e: number[] }> = [];
  const offsets: Array<{ c: string; o: number }> = [];
  const add = (key: string, calendar: BusinessCalendar) => {
    const index = new BusinessTimeIndex(calendar, range);
    offsets.push({ c: key, o: index.offsetMs });
    for (const row of index.rows()) days.push({ c: key, d: row.day, cum: row.cum, s: row.starts, e: row.ends });
  };
  for (const id of ids) add(id, (await cachedCalendar(db, id)) ?? ALWAYS_OPEN_CALENDAR);
  add(ALWAYS_OPEN_KEY, ALWAYS_OPEN_CALENDAR);
  return { days: JSON.stringify(days), offsets: JSON.stringify(offsets) };
}

const DAY = 86_400_000;
const ALWAYS_OPEN_KEY = '24x7';
const asDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/**
 * CTEs `cal_days`, `cal_offsets`, `open_raw` and `open_obs`: every running clock of the selection, censored at its age
 * at `now` — clock seconds to now, business seconds on its calendar from when its owner got it to now (or to the
 * moment its ticket began waiting for the customer), its own pauses out — as clockSpanOf would measure it.
 */
export function openClocksSql(options: { dims: [SQL, SQL]; filters: ReportFilters; withVehicle: boolean; keys?: CellKeys; now: Date; tables: { days: string; offsets: string } }): SQL {
  const now = options.now.toISOString();
  const position = (alias: string, instant: string) =>
    sql.raw(`(${alias}.cum + coalesce((select sum(greatest(0, least(span_end, floor(extract(epoch from ${instant}) * 1000)::bigint) - span_start))
      from unnest(${alias}.s, ${alias}.e) as span(span_start, span_end)), 0))`);
  const dayOf = (instant: string) => sql.raw(`floor((floor(extract(epoch from ${instant}) * 1000) + off.o) / ${DAY})::int`);
  return sql`
    cal_days as (select * from jsonb_to_recordset(${options.tables.days}::jsonb) as x(c text, d int, cum bigint, s bigint[], e bigint[])),
    cal_offsets as (select * from jsonb_to_recordset(${options.tables.offsets}::jsonb) as x(c text, o bigint)),
    open_raw as (
      select ${options.dims[0]} as k1, ${options.dims[1]} as k2, s.clock,
        coalesce(s.owned_since, s.started_at) as from_at,
        case when t.status = 'pending_customer' and t.paused_at is not null and t.paused_at < ${now}::timestamptz then t.paused_at else ${now}::timestamptz end as end_at,
        greatest(0, s.paused_seconds - s.paused_seconds_before_owner) as paused_in_span,
        coalesce(p.calendar_id::text, od.calendar_id::text, odep.calendar_id::text, ${ALWAYS_OPEN_KEY}) as cal,
        s.due_at, s.breached_at
      from ${clockFromSql('sla_milestones', options.withVehicle)}
        left join sla_policies p on p.id = t.sla_policy_id
        left join departments odep on s.owner_type = 'department' and odep.id = s.owner_id
      where s.met_at is null and s.cancelled_at is null and s.clock in ('acknowledge', 'first_contact', 'resolve')
        and ${filterSql('clock', options.filters, options.keys)}
    ),
    open_obs as (
      select o.k1, o.k2, o.clock,
        greatest(0, floor((${position('de', 'o.end_at')} - ${position('df', 'o.from_at')}) / 1000.0) - o.paused_in_span)::int as b,
        greatest(0, floor(extract(epoch from (${now}::timestamptz - o.from_at))))::int as c,
        (o.due_at >= o.from_at and o.due_at <= ${now}::timestamptz) as due,
        (o.breached_at is not null and o.breached_at >= o.from_at and o.breached_at <= ${now}::timestamptz) as breached
      from open_raw o
        join cal_offsets off on off.c = o.cal
        join cal_days df on df.c = o.cal and df.d = ${dayOf('o.from_at')}
        join cal_days de on de.c = o.cal and de.d = ${dayOf('o.end_at')}
    )`;
}

export interface PercentileRow {
  k1: string | null;
  k2: string | null;
  clock: ReportClock;
  basis: TimeBasis;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

export interface OpenRow {
  k1: string | null;
  k2: string | null;
  clock: ReportClock;
  open: number;
  due: number;
  breaches: number;
}

export interface SpanRow {
  k1: string | null;
  k2: string | null;
  clock: ReportClock;
  spans: number;
  met: number;
  due: number;
  on_time: number;
  breaches: number;
}

export interface TicketCountRow {
  k1: string | null;
  k2: string | null;
  tickets: number;
  open: number;
  resolved: number;
  reopened: number;
  leads: number;
  lead_orders: number;
}

export interface RerouteRow {
  k1: string | null;
  k2: string | null;
  reroutes: number;
}

const OPEN_STATUSES_SQL = sql.raw(`('new','dispatched','acknowledged','in_progress','pending_customer','rerouted','reopened')`);

/**
 * Kaplan–Meier percentiles per cell, clock and time basis, over the closed stretches and the running clocks given.
 * At each distinct time: d events, n at risk (time ≥ t); S = Π(1 − d/n) as exp(Σ ln), with a step to 0 counted apart;
 * the percentile p is the first event time where S ≤ 1 − p (within SURVIVAL_TOLERANCE).
 */
export function percentileSql(options: { dims: [SQL, SQL]; from: SQL; where: SQL; open: SQL }): SQL {
  const threshold = (p: number) => sql.raw(String(1 - p + SURVIVAL_TOLERANCE));
  const [p50, p90, p95] = REPORT_PERCENTILES;
  return sql`
    with ${options.open},
    observed as (
      select ${options.dims[0]} collate "C" as k1, ${options.dims[1]} collate "C" as k2, s.clock, s.business_seconds as b, s.clock_seconds as c, s.outcome = 'met' as ev
      from ${options.from}
      where s.clock in ('acknowledge', 'first_contact', 'resolve') and ${options.where}
      union all
      select o.k1 collate "C", o.k2 collate "C", o.clock, o.b, o.c, false from open_obs o
    ),
    steps as (
      select k1, k2, clock, 'business' as basis, b as t, count(*) filter (where ev) as d, count(*) as n from observed group by k1, k2, clock, b
      union all
      select k1, k2, clock, 'clock' as basis, c as t, count(*) filter (where ev) as d, count(*) as n from observed group by k1, k2, clock, c
    ),
    -- At risk at t: every observation of the curve not below t. One ordering (t ascending) serves both windows.
    risk as (
      select k1, k2, clock, basis, t, d,
        sum(n) over (partition by k1, k2, clock, basis) - sum(n) over w + n as at_risk
      from steps
      window w as (partition by k1, k2, clock, basis order by t)
    ),
    curve as (
      select k1, k2, clock, basis, t,
        sum(case when d = at_risk then 1 else 0 end) over w as zeros,
        sum(case when d < at_risk then ln(1 - d::float8 / at_risk) else 0 end) over w as logs
      from risk where d > 0
      window w as (partition by k1, k2, clock, basis order by t)
    )
    select k1, k2, clock, basis,
      min(t) filter (where zeros > 0 or exp(logs) <= ${threshold(p50)}) as p50,
      min(t) filter (where zeros > 0 or exp(logs) <= ${threshold(p90)}) as p90,
      min(t) filter (where zeros > 0 or exp(logs) <= ${threshold(p95)}) as p95
    from curve
    group by k1, k2, clock, basis`;
}

const percentileOf = (value: number | null) => (value !== null ? { seconds: Number(value), reason: null } : { seconds: null, reason: 'not_reached' as const });

const emptyPercentiles = (): Percentiles => ({
  p50: { seconds: null, reason: 'no_observations' },
  p90: { seconds: null, reason: 'no_observations' },
  p95: { seconds: null, reason: 'no_observations' },
});

const emptyClock = (): ClockFigures => ({
  observations: 0,
  met: 0,
  open: 0,
  business: emptyPercentiles(),
  clock: emptyPercentiles(),
  sla: { due: 0, onTime: 0, compliance: null },
  breaches: 0,
});

/**
 * Runs one of the report's statements with room to sort and hash in memory: the default work_mem (4 MB) sends the
 * Kaplan–Meier sorts of a large report to disk. SET LOCAL holds for this statement's own transaction only.
 */
async function withWorkMem<T>(db: Executor, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local work_mem = '${REPORT_WORK_MEM}'`));
    return rowsOf<T>(await tx.execute(query));
  });
}

const REPORT_WORK_MEM = '128MB';

/** What the report's statements give, per cell (k1, k2) — from SQL or from the in-process index alike. */
export interface ReportRows {
  percentileRows: PercentileRow[];
  openRows: OpenRow[];
  spanRows: SpanRow[];
  ticketRows: TicketCountRow[];
  rerouteRows: RerouteRow[];
}

/**
 * The report's rows by SQL: five statements side by side over the stretches, the running clocks and the tickets. The
 * general path (any filter, the vehicle model), and the reference the indexed path is tested against.
 */
async function sqlReportRows(db: Executor, options: { filters: ReportFilters; dimensions: readonly ReportDimension[]; now: Date }): Promise<ReportRows> {
  const { filters, dimensions, now } = options;
  const [d1, d2] = dimensions;
  const withVehicle = needsVehicle(filters, dimensions);
  const withTicket = needsTicket(filters, dimensions);
  const dims = (source: 'clock' | 'ticket'): [SQL, SQL] => [
    d1 ? dimensionSql(d1, source, filters.basis) : sql`null::text`,
    d2 ? dimensionSql(d2, source, filters.basis) : sql`null::text`,
  ];
  const [clockK1, clockK2] = dims('clock');
  const [ticketK1, ticketK2] = dims('ticket');
  const spanWhere = filterSql('clock', filters);

  const tables = await calendarDayTables(db, now);
  const open = openClocksSql({ dims: [clockK1, clockK2], filters, withVehicle, now, tables });
  const [percentileRows, openRows, spanRows, ticketRows, rerouteRows] = await Promise.all([
    withWorkMem<PercentileRow>(db, percentileSql({ dims: [clockK1, clockK2], from: clockFromSql('sla_clock_spans', withVehicle, withTicket), where: spanWhere, open })),
    db
      .execute(
        sql`with ${open} select k1, k2, clock, count(*)::int as open, count(*) filter (where due)::int as due, count(*) filter (where breached)::int as breaches
          from open_obs group by 1, 2, 3`,
      )
      .then(rowsOf<OpenRow>),
    db
      .execute(
        sql`select ${clockK1} as k1, ${clockK2} as k2, s.clock,
          count(*)::int as spans,
          count(*) filter (where s.outcome = 'met')::int as met,
          count(*) filter (where s.due_at >= s.from_at and (s.outcome = 'met' or s.due_at <= s.to_at))::int as due,
          count(*) filter (where s.due_at >= s.from_at and s.outcome = 'met' and s.to_at <= s.due_at)::int as on_time,
          count(*) filter (where s.breached)::int as breaches
        from ${clockFromSql('sla_clock_spans', withVehicle, withTicket)}
        where s.clock in ('acknowledge', 'first_contact', 'resolve') and ${spanWhere}
        group by 1, 2, 3`,
      )
      .then(rowsOf<SpanRow>),
    db
      .execute(
        sql`select ${ticketK1} as k1, ${ticketK2} as k2,
          count(*)::int as tickets,
          count(*) filter (where t.status in ${OPEN_STATUSES_SQL})::int as open,
          count(*) filter (where t.resolved_at is not null or t.reopen_count > 0 or t.status = 'closed')::int as resolved,
          count(*) filter (where t.reopen_count > 0)::int as reopened,
          count(*) filter (where t.type = 'lead')::int as leads,
          count(*) filter (where t.type = 'lead' and exists (select 1 from lead_follow_ups f where f.ticket_id = t.id and f.outcome = 'order'))::int as lead_orders
        from ${ticketFromSql(withVehicle)}
        where ${filterSql('ticket', filters)}
        group by 1, 2`,
      )
      .then(rowsOf<TicketCountRow>),
    db
      .execute(
        sql`select ${clockK1} as k1, ${clockK2} as k2, count(distinct s.ticket_id)::int as reroutes
        from ${clockFromSql('sla_clock_spans', withVehicle, withTicket)}
        where s.outcome in ('rerouted', 'handed_over') and s.clock <> 'internal' and ${spanWhere}
        group by 1, 2`,
      )
      .then(rowsOf<RerouteRow>),
  ]);

  return { percentileRows, openRows, spanRows, ticketRows, rerouteRows };
}

/**
 * Which path gives a report's rows: the in-process index (./indexed-report.ts) when it serves the query and `db` is
 * the database itself (a transaction may hold writes of its own, which the index must not keep), else SQL. `via`
 * forces one (tests compare the two).
 */
function reportRows(db: Executor, options: { filters: ReportFilters; dimensions: readonly ReportDimension[]; now: Date; via?: 'index' | 'sql' }): Promise<ReportRows> {
  const indexed = options.via === 'index' || (options.via === undefined && indexServes(options.filters, options.dimensions) && !(db instanceof PgTransaction));
  return indexed ? indexedReportRows(db as Database, options) : sqlReportRows(db, options);
}

/** The report for `query` as `scope` may read it, at `now` (`via`: see reportRows). */
export async function resolutionReport(
  db: Executor,
  options: { scope: TicketScope; query: ResolutionQuery; now?: Date; via?: 'index' | 'sql' },
): Promise<ResolutionReport> {
  const now = options.now ?? new Date();
  const filters = scopedFilters(options.scope, options.query);
  const dimensions = options.query.groupBy;
  const [d1, d2] = dimensions;
  const { percentileRows, openRows, spanRows, ticketRows, rerouteRows } = await reportRows(db, { filters, dimensions, now, via: options.via });

  const cells = new Map<string, ResolutionCell>();
  const cellOf = (k1: string | null, k2: string | null): ResolutionCell => {
    const key = cellKeyOf(k1, k2);
    let cell = cells.get(key);
    if (!cell) {
      const keys: Record<string, string> = {};
      if (d1) keys[d1] = k1 ?? NO_KEY;
      if (d2) keys[d2] = k2 ?? NO_KEY;
      cell = {
        keys,
        labels: {},
        tickets: 0,
        openTickets: 0,
        resolvedTickets: 0,
        reopened: 0,
        reopenRate: null,
        reroutes: 0,
        leads: 0,
        leadOrders: 0,
        leadConversion: null,
        clocks: Object.fromEntries(REPORT_CLOCKS.map((clock) => [clock, emptyClock()])) as ResolutionCell['clocks'],
        metrics: {},
      };
      cells.set(key, cell);
    }
    return cell;
  };
  for (const row of ticketRows) {
    const cell = cellOf(row.k1, row.k2);
    Object.assign(cell, {
      tickets: Number(row.tickets),
      openTickets: Number(row.open),
      resolvedTickets: Number(row.resolved),
      reopened: Number(row.reopened),
      reopenRate: Number(row.resolved) === 0 ? null : Number(row.reopened) / Number(row.resolved),
      leads: Number(row.leads),
      leadOrders: Number(row.lead_orders),
      leadConversion: Number(row.leads) === 0 ? null : Number(row.lead_orders) / Number(row.leads),
    });
  }
  for (const row of rerouteRows) cellOf(row.k1, row.k2).reroutes = Number(row.reroutes);
  for (const row of spanRows) {
    const figures = cellOf(row.k1, row.k2).clocks[row.clock];
    figures.observations += Number(row.spans);
    figures.met += Number(row.met);
    figures.sla.due += Number(row.due);
    figures.sla.onTime += Number(row.on_time);
    figures.breaches += Number(row.breaches);
  }
  for (const row of openRows) {
    const figures = cellOf(row.k1, row.k2).clocks[row.clock];
    figures.observations += Number(row.open);
    figures.open += Number(row.open);
    figures.sla.due += Number(row.due);
    figures.breaches += Number(row.breaches);
  }
  for (const row of percentileRows) {
    cellOf(row.k1, row.k2).clocks[row.clock][row.basis] = { p50: percentileOf(row.p50), p90: percentileOf(row.p90), p95: percentileOf(row.p95) };
  }
  for (const cell of cells.values()) {
    for (const clock of REPORT_CLOCKS) {
      const figures = cell.clocks[clock];
      figures.sla.compliance = figures.sla.due === 0 ? null : figures.sla.onTime / figures.sla.due;
      // A curve with no event has no row: its percentiles are not reached (or there was nothing to observe).
      for (const basis of TIME_BASES) {
        for (const key of ['p50', 'p90', 'p95'] as const) {
          if (figures[basis][key].seconds === null) figures[basis][key].reason = figures.observations === 0 ? 'no_observations' : 'not_reached';
        }
      }
    }
  }
  const rows = [...cells.values()];
  // The seam for figures other tables give (callbacks): each metric answers per cell key.
  for (const metric of REPORT_METRICS) {
    const values = await metric.compute(db, { filters, dimensions, now });
    for (const row of values) {
      const cell = cells.get(cellKeyOf(row.k1, row.k2));
      if (cell) cell.metrics[metric.key] = row.value;
    }
    for (const cell of rows) cell.metrics[metric.key] ??= null;
  }
  await labelsOf(db, dimensions, rows);
  rows.sort((a, b) => compareKeys(a, b, dimensions));
  return {
    groupBy: dimensions,
    filters: { ...filters },
    at: now,
    timeBases: [...TIME_BASES],
    percentiles: [...REPORT_PERCENTILES],
    metrics: REPORT_METRICS.map(({ key, nameZh, nameEn }) => ({ key, nameZh, nameEn })),
    cells: rows,
  };
}

function compareKeys(a: ResolutionCell, b: ResolutionCell, dimensions: readonly ReportDimension[]): number {
  for (const dimension of dimensions) {
    const left = a.labels[dimension] ?? a.keys[dimension] ?? '';
    const right = b.labels[dimension] ?? b.keys[dimension] ?? '';
    const order = left.localeCompare(right);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * A dealer's standing among all dealers, for its own users: its position by median business time to resolve (lower
 * is better; a dealer without a median ranks after those with one), and how many dealers were ranked. No other
 * dealer's name or figure leaves this function.
 */
export async function dealerRank(db: Executor, options: { dealerId: string; query: ReportFilters; now?: Date }): Promise<{ position: number | null; of: number; by: 'resolve.business.p50' }> {
  const everyone = await resolutionReport(db, { scope: { kind: 'all' }, query: { ...options.query, dealerId: undefined, groupBy: ['dealer'] }, now: options.now });
  const ranked = everyone.cells
    .filter((cell) => cell.keys.dealer !== NO_KEY)
    .map((cell) => ({ dealerId: cell.keys.dealer!, median: cell.clocks.resolve.business.p50.seconds }))
    .sort((a, b) => (a.median ?? Number.POSITIVE_INFINITY) - (b.median ?? Number.POSITIVE_INFINITY));
  const index = ranked.findIndex((entry) => entry.dealerId === options.dealerId);
  return { position: index < 0 ? null : index + 1, of: ranked.length, by: 'resolve.business.p50' };
}
