/**
 * The resolution-time report (GET /api/reports/resolution): per cell of one or two dimensions, how long the parties
 * took to acknowledge, make first contact and resolve — median, p90, p95 in business and clock time, open tickets
 * kept as censored observations (Kaplan–Meier, shared/src/reports/kaplan-meier.ts) — SLA compliance per clock,
 * breaches, reopen rate, reroutes and lead conversion. What each figure means and whose it is:
 * docs/ARCHITECTURE.md, "Reports".
 *
 * Cost: the closed stretches are precomputed (`sla_clock_spans`, written when a stretch ends), so the query is
 * aggregation and one sort per clock and time basis in PostgreSQL; only the running clocks are measured now, in
 * JavaScript on their calendars (they are few: the open tickets).
 */
import { type SQL, sql } from 'drizzle-orm';
import { clockSpanOf } from '../../reports/clock-spans';
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
import type { Executor } from '../db/client';
import { ALWAYS_OPEN_CALENDAR } from '../../sla/sla-planner';
import { cachedCalendar } from '../sla/sla-clocks';
import type { TicketScope } from '../tickets/ticket-queries';
import { REPORT_METRICS } from './report-metrics';
import { labelsOf } from './report-labels';
import { type CellKeys, cellKeyOf, clockFromSql, dimensionSql, filterSql, needsVehicle, type ReportFilters, rowsOf, scopedFilters, ticketFromSql } from './report-sql';

export interface ResolutionQuery extends ReportFilters {
  groupBy: ReportDimension[];
}


/** A running clock's age so far: a censored observation, measured on its calendar now. */
interface OpenClockRow {
  k1: string | null;
  k2: string | null;
  clock: ReportClock;
  started_at: string | Date;
  owned_since: string | Date | null;
  paused_seconds: number;
  paused_seconds_before_owner: number;
  breached_at: string | Date | null;
  due_at: string | Date;
  paused_at: string | Date | null;
  status: string;
  calendar_id: string | null;
}

export interface OpenObservation {
  k1: string | null;
  k2: string | null;
  clock: ReportClock;
  b: number;
  c: number;
  /** The due time passed while this party holds it. */
  due: boolean;
  breached: boolean;
}

const asDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/** Measures the running clocks of the selection at `now` (business time on each clock's calendar). */
export async function openObservations(db: Executor, options: { filters: ReportFilters; dimensions: ReportDimension[]; keys?: CellKeys; now: Date }): Promise<OpenObservation[]> {
  const { filters, dimensions, now } = options;
  const [d1, d2] = dimensions;
  const result = await db.execute(sql`
    select ${d1 ? dimensionSql(d1, 'clock', filters.basis) : sql`null`} as k1, ${d2 ? dimensionSql(d2, 'clock', filters.basis) : sql`null`} as k2,
      s.clock, s.started_at, s.owned_since, s.paused_seconds, s.paused_seconds_before_owner, s.breached_at, s.due_at,
      t.paused_at, t.status,
      coalesce(p.calendar_id, od.calendar_id, odep.calendar_id)::text as calendar_id
    from ${clockFromSql('sla_milestones', needsVehicle(filters, dimensions, options.keys))}
      left join sla_policies p on p.id = t.sla_policy_id
      left join departments odep on s.owner_type = 'department' and odep.id = s.owner_id
    where s.met_at is null and s.cancelled_at is null and s.clock in ('acknowledge', 'first_contact', 'resolve')
      and ${filterSql('clock', filters, options.keys)}`);
  const observations: OpenObservation[] = [];
  for (const row of rowsOf<OpenClockRow>(result)) {
    const calendar = (row.calendar_id ? await cachedCalendar(db, row.calendar_id) : null) ?? ALWAYS_OPEN_CALENDAR;
    const waiting = row.status === 'pending_customer' && row.paused_at !== null;
    const span = clockSpanOf({
      clock: {
        startedAt: asDate(row.started_at),
        ownedSince: row.owned_since ? asDate(row.owned_since) : null,
        pausedSecondsBeforeOwner: Number(row.paused_seconds_before_owner),
        breachedAt: row.breached_at ? asDate(row.breached_at) : null,
      },
      pausedSeconds: Number(row.paused_seconds),
      calendar,
      endAt: now,
      pausedAt: waiting ? asDate(row.paused_at!) : null,
    });
    const dueAt = asDate(row.due_at);
    observations.push({
      k1: row.k1,
      k2: row.k2,
      clock: row.clock,
      b: span.businessSeconds,
      c: span.clockSeconds,
      due: dueAt >= span.fromAt && dueAt <= now,
      breached: span.breached,
    });
  }
  return observations;
}

interface PercentileRow {
  k1: string | null;
  k2: string | null;
  clock: ReportClock;
  basis: TimeBasis;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  observations: number;
}

interface SpanRow {
  k1: string | null;
  k2: string | null;
  clock: ReportClock;
  spans: number;
  met: number;
  due: number;
  on_time: number;
  breaches: number;
}

interface TicketRow {
  k1: string | null;
  k2: string | null;
  tickets: number;
  open: number;
  resolved: number;
  reopened: number;
  leads: number;
  lead_orders: number;
}

interface RerouteRow {
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
function percentileSql(options: { dims: [SQL, SQL]; from: SQL; where: SQL; open: OpenObservation[] }): SQL {
  const openJson = JSON.stringify(options.open.map((o) => ({ k1: o.k1, k2: o.k2, clock: o.clock, b: o.b, c: o.c })));
  const threshold = (p: number) => sql.raw(String(1 - p + SURVIVAL_TOLERANCE));
  const [p50, p90, p95] = REPORT_PERCENTILES;
  return sql`
    with observed as (
      select ${options.dims[0]} as k1, ${options.dims[1]} as k2, s.clock, s.business_seconds as b, s.clock_seconds as c, s.outcome = 'met' as ev
      from ${options.from}
      where s.clock in ('acknowledge', 'first_contact', 'resolve') and ${options.where}
      union all
      select o.k1, o.k2, o.clock, o.b, o.c, false from jsonb_to_recordset(${openJson}::jsonb) as o(k1 text, k2 text, clock text, b int, c int)
    ),
    steps as (
      select k1, k2, clock, 'business' as basis, b as t, count(*) filter (where ev) as d, count(*) as n from observed group by k1, k2, clock, b
      union all
      select k1, k2, clock, 'clock' as basis, c as t, count(*) filter (where ev) as d, count(*) as n from observed group by k1, k2, clock, c
    ),
    risk as (
      select k1, k2, clock, basis, t, d, n,
        sum(n) over (partition by k1, k2, clock, basis order by t desc) as at_risk
      from steps
    ),
    curve as (
      select k1, k2, clock, basis, t,
        sum(case when d = at_risk then 1 else 0 end) over w as zeros,
        sum(case when d < at_risk then ln(1 - d::float8 / at_risk) else 0 end) over w as logs
      from risk where d > 0
      window w as (partition by k1, k2, clock, basis order by t)
    ),
    totals as (
      select k1, k2, clock, basis, sum(n)::int as observations from steps group by k1, k2, clock, basis
    )
    select totals.k1, totals.k2, totals.clock, totals.basis, totals.observations,
      min(curve.t) filter (where curve.zeros > 0 or exp(curve.logs) <= ${threshold(p50)}) as p50,
      min(curve.t) filter (where curve.zeros > 0 or exp(curve.logs) <= ${threshold(p90)}) as p90,
      min(curve.t) filter (where curve.zeros > 0 or exp(curve.logs) <= ${threshold(p95)}) as p95
    from totals left join curve
      on curve.k1 is not distinct from totals.k1 and curve.k2 is not distinct from totals.k2 and curve.clock = totals.clock and curve.basis = totals.basis
    group by totals.k1, totals.k2, totals.clock, totals.basis, totals.observations`;
}

const percentileOf = (value: number | null, observations: number) =>
  value !== null ? { seconds: Number(value), reason: null } : { seconds: null, reason: observations === 0 ? ('no_observations' as const) : ('not_reached' as const) };

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

/** The report for `query` as `scope` may read it, at `now`. */
export async function resolutionReport(db: Executor, options: { scope: TicketScope; query: ResolutionQuery; now?: Date }): Promise<ResolutionReport> {
  const now = options.now ?? new Date();
  const filters = scopedFilters(options.scope, options.query);
  const dimensions = options.query.groupBy;
  const [d1, d2] = dimensions;
  const withVehicle = needsVehicle(filters, dimensions);
  const dims = (source: 'clock' | 'ticket'): [SQL, SQL] => [
    d1 ? dimensionSql(d1, source, filters.basis) : sql`null::text`,
    d2 ? dimensionSql(d2, source, filters.basis) : sql`null::text`,
  ];
  const [clockK1, clockK2] = dims('clock');
  const [ticketK1, ticketK2] = dims('ticket');
  const spanWhere = filterSql('clock', filters);

  const open = await openObservations(db, { filters, dimensions, now });
  const [percentileRows, spanRows, ticketRows, rerouteRows] = await Promise.all([
    db.execute(percentileSql({ dims: [clockK1, clockK2], from: clockFromSql('sla_clock_spans', withVehicle), where: spanWhere, open })).then(rowsOf<PercentileRow>),
    db
      .execute(
        sql`select ${clockK1} as k1, ${clockK2} as k2, s.clock,
          count(*)::int as spans,
          count(*) filter (where s.outcome = 'met')::int as met,
          count(*) filter (where s.due_at >= s.from_at and (s.outcome = 'met' or s.due_at <= s.to_at))::int as due,
          count(*) filter (where s.due_at >= s.from_at and s.outcome = 'met' and s.to_at <= s.due_at)::int as on_time,
          count(*) filter (where s.breached)::int as breaches
        from ${clockFromSql('sla_clock_spans', withVehicle)}
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
      .then(rowsOf<TicketRow>),
    db
      .execute(
        sql`select ${clockK1} as k1, ${clockK2} as k2, count(distinct s.ticket_id)::int as reroutes
        from ${clockFromSql('sla_clock_spans', withVehicle)}
        where s.outcome in ('rerouted', 'handed_over') and s.clock <> 'internal' and ${spanWhere}
        group by 1, 2`,
      )
      .then(rowsOf<RerouteRow>),
  ]);

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
  for (const observation of open) {
    const figures = cellOf(observation.k1, observation.k2).clocks[observation.clock];
    figures.observations += 1;
    figures.open += 1;
    if (observation.due) figures.sla.due += 1;
    if (observation.breached) figures.breaches += 1;
  }
  for (const row of percentileRows) {
    const figures = cellOf(row.k1, row.k2).clocks[row.clock];
    const observations = Number(row.observations);
    figures[row.basis] = {
      p50: percentileOf(row.p50, observations),
      p90: percentileOf(row.p90, observations),
      p95: percentileOf(row.p95, observations),
    };
  }
  for (const cell of cells.values()) {
    for (const clock of REPORT_CLOCKS) {
      const { sla: slaFigures } = cell.clocks[clock];
      slaFigures.compliance = slaFigures.due === 0 ? null : slaFigures.onTime / slaFigures.due;
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
