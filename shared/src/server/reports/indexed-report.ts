/**
 * The resolution report's figures from the in-process index (./report-index.ts), row for row what the SQL statements
 * of ./resolution-report.ts give: the same cells, counts and Kaplan–Meier percentiles (the product-limit curve walked
 * in time order, as shared/src/reports/kaplan-meier.ts defines it), on the same data at the same moment.
 *
 * Serves every filter and any one or two dimensions except the vehicle model (vehicles are not indexed): those
 * reports take the SQL path. Cost per report: one pass over the tickets, one over the stretches to find their cells,
 * and per time basis one walk over the stretches in their kept order merged with the running clocks (sorted per
 * request, as their ages grow) — arrays only, no sort of the millions.
 */
import { sql } from 'drizzle-orm';
import { BusinessTimeIndex } from '../../reports/business-time-index';
import { kaplanMeierPercentilesSorted, SURVIVAL_TOLERANCE } from '../../reports/kaplan-meier';
import { boundToDate, REPORT_CLOCKS, REPORT_PERCENTILES, type ReportDimension, type TimeBasis } from '../../reports/report.schemas';
import type { BusinessCalendar } from '../../sla/business-calendar';
import { ALWAYS_OPEN_CALENDAR } from '../../sla/sla-planner';
import type { Database } from '../db/client';
import { cachedCalendar } from '../sla/sla-clocks';
import {
  currentReportIndex,
  INTERNAL_CLOCK,
  type ReportIndex,
  SPAN_BREACHED,
  SPAN_DUE,
  SPAN_LEFT,
  SPAN_MET,
  SPAN_ON_TIME,
  ownerClockOf,
  ownerOfKey,
  type OwnerSeries,
  type SortedSpans,
  sortedSlots,
} from './report-index';
import type { ReportFilters } from './report-sql';
import { rowsOf } from './report-sql';
import type { OpenRow, PercentileRow, RerouteRow, ReportRows, SpanRow, TicketCountRow } from './resolution-report';

/** Whether the index can give this report (else: the SQL statements). */
export const indexServes = (filters: ReportFilters, dimensions: readonly ReportDimension[]) => !filters.vehicleModel && !dimensions.includes('vehicleModel');

const DAY = 86_400_000;
/** Below every time a stretch can have (times are ≥ 0; an edited one stays above −2^31). */
const NO_TIME = -2_147_483_648;
const NO_EXTRA = Number.POSITIVE_INFINITY;
const CLOCKS = REPORT_CLOCKS.length;
const OPEN_STATUSES = ['new', 'dispatched', 'acknowledged', 'in_progress', 'pending_customer', 'rerouted', 'reopened'];
/** Two keys in one number: first × 2^26 + second (interned codes stay far below 2^26). */
const KEY_SPAN = 67_108_864;

/** The small tables a report reads as they are now: owners' regions and calendars, policies' calendars. */
interface Lookups {
  dealerRegion: Map<number, number>;
  dealerCalendar: Map<number, string>;
  departmentCalendar: Map<number, string>;
  policyCalendar: Map<number, string>;
  categories: Set<number> | null;
  leadOrders: Set<number>;
}

async function lookupsOf(db: Database, index: ReportIndex, filters: ReportFilters): Promise<Lookups> {
  const s = index.strings;
  const [dealers, departments, policies, orders] = await Promise.all([
    db.execute(sql`select id::text as id, region_id::text as region, calendar_id::text as calendar from dealers`).then(rowsOf<{ id: string; region: string | null; calendar: string | null }>),
    db.execute(sql`select id::text as id, calendar_id::text as calendar from departments`).then(rowsOf<{ id: string; calendar: string | null }>),
    db.execute(sql`select id::text as id, calendar_id::text as calendar from sla_policies`).then(rowsOf<{ id: string; calendar: string | null }>),
    db.execute(sql`select distinct ticket_id::text as id from lead_follow_ups where outcome = 'order'`).then(rowsOf<{ id: string }>),
  ]);
  const calendars = (rows: Array<{ id: string; calendar: string | null }>) =>
    new Map(rows.filter((row) => row.calendar !== null).map((row) => [s.code(row.id), row.calendar!]));
  let categories: Set<number> | null = null;
  if (filters.categoryId) {
    const subtree = rowsOf<{ id: string }>(
      await db.execute(sql`select sub.id::text as id from categories sub, categories root
        where root.id = ${filters.categoryId}::uuid and (sub.path = root.path or sub.path like root.path || '/%')`),
    );
    categories = new Set(subtree.map((row) => s.code(row.id)));
  }
  return {
    dealerRegion: new Map(dealers.filter((row) => row.region !== null).map((row) => [s.code(row.id), s.code(row.region)])),
    dealerCalendar: calendars(dealers),
    departmentCalendar: calendars(departments),
    policyCalendar: calendars(policies),
    categories,
    leadOrders: new Set(orders.map((row) => index.tickets.slots.get(row.id)).filter((slot): slot is number => slot !== undefined)),
  };
}

/**
 * The keys and filters of a report over the index: a ticket's own (`ticketKey`, `ticketPasses`) and a clock
 * stretch's, which belongs to the party that held it and that party's region (`clockKey`, `clockPasses`).
 */
function selection(index: ReportIndex, filters: ReportFilters, dimensions: readonly ReportDimension[], lookups: Lookups) {
  const t = index.tickets;
  const s = index.strings;
  const resolvedBasis = filters.basis === 'resolved';
  const basisUs = resolvedBasis ? t.resolvedUs : t.createdUs;
  const fromUs = filters.from ? boundToDate(filters.from).getTime() * 1000 : Number.NEGATIVE_INFINITY;
  const toUs = filters.to ? boundToDate(filters.to).getTime() * 1000 : Number.POSITIVE_INFINITY;
  const typeCode = filters.type ? s.find(filters.type) : 0;
  const wanted = (id: string | undefined) => (id ? s.find(id) : 0);
  const dealerCode = wanted(filters.dealerId);
  const departmentCode = wanted(filters.departmentId);
  const regionCode = wanted(filters.regionId);
  const ticketPasses = new Uint8Array(t.count);
  for (let slot = 0; slot < t.count; slot += 1) {
    const at = basisUs[slot];
    if (resolvedBasis && Number.isNaN(at)) continue;
    if (at < fromUs || at >= toUs) continue;
    if (typeCode !== 0 && t.type[slot] !== typeCode) continue;
    if (lookups.categories && !lookups.categories.has(t.category[slot])) continue;
    ticketPasses[slot] = 1;
  }
  const month = resolvedBasis ? t.resolvedMonth : t.createdMonth;
  const ticketDimension = (dimension: ReportDimension | undefined, slot: number): number => {
    switch (dimension) {
      case 'dealer':
        return t.dealer[slot];
      case 'department':
        return t.department[slot];
      case 'region':
        return t.region[slot];
      case 'type':
        return t.type[slot];
      case 'category':
        return t.category[slot];
      case 'month':
        return month[slot];
      default:
        return 0;
    }
  };
  const clockRegion = (dealer: number, slot: number) => (dealer !== 0 ? lookups.dealerRegion.get(dealer) : undefined) ?? t.region[slot];
  const clockDimension = (dimension: ReportDimension | undefined, dealer: number, department: number, slot: number): number => {
    if (dimension === 'dealer') return dealer;
    if (dimension === 'department') return department;
    if (dimension === 'region') return clockRegion(dealer, slot);
    return ticketDimension(dimension, slot);
  };
  const [d1, d2] = dimensions;
  const ownerPasses = (dealer: number, department: number) =>
    (dealerCode === 0 || dealer === dealerCode) && (departmentCode === 0 || department === departmentCode);
  return {
    /**
     * A report whose stretches' cells and filters depend on their holder alone (by dealer and/or department, all time,
     * created basis, no ticket filter): the walks look curves up by holder and clock, not stretch by stretch.
     */
    ownerOnly:
      !resolvedBasis && !filters.from && !filters.to && !filters.type && !filters.categoryId && !filters.regionId && dimensions.every((dimension) => dimension === 'dealer' || dimension === 'department'),
    ownerPasses,
    ticketPasses: (slot: number) =>
      ticketPasses[slot] === 1 &&
      (dealerCode === 0 || t.dealer[slot] === dealerCode) &&
      (departmentCode === 0 || t.department[slot] === departmentCode) &&
      (regionCode === 0 || t.region[slot] === regionCode),
    clockPasses: (dealer: number, department: number, slot: number) =>
      ticketPasses[slot] === 1 && ownerPasses(dealer, department) && (regionCode === 0 || clockRegion(dealer, slot) === regionCode),
    ticketKey: (slot: number) => ticketDimension(d1, slot) * KEY_SPAN + ticketDimension(d2, slot),
    clockKey: (dealer: number, department: number, slot: number) =>
      clockDimension(d1, dealer, department, slot) * KEY_SPAN + clockDimension(d2, dealer, department, slot),
  };
}

/** Cells numbered as met; `keys` gives their two codes back. */
class Cells {
  private readonly numbers = new Map<number, number>();
  readonly keys: number[] = [];

  of(key: number): number {
    let cell = this.numbers.get(key);
    if (cell === undefined) {
      cell = this.keys.length;
      this.keys.push(key);
      this.numbers.set(key, cell);
    }
    return cell;
  }

  names(index: ReportIndex, cell: number): { k1: string | null; k2: string | null } {
    const key = this.keys[cell];
    const first = Math.floor(key / KEY_SPAN);
    return { k1: index.strings.names[first], k2: index.strings.names[key - first * KEY_SPAN] };
  }
}

/** The running clocks' ages at `now`, as openClocksSql measures them (a clock whose days are out of range drops out). */
async function openAges(db: Database, index: ReportIndex, lookups: Lookups, now: Date) {
  const o = index.open;
  const t = index.tickets;
  const nowUs = now.getTime() * 1000;
  const pendingCode = index.strings.find('pending_customer');
  let oldest = Number.POSITIVE_INFINITY;
  for (let slot = 0; slot < o.size; slot += 1) if (o.alive[slot] === 1 && o.fromUs[slot] < oldest) oldest = o.fromUs[slot];
  const fromMs = Math.min(Number.isFinite(oldest) ? Math.floor(oldest / 1000) : now.getTime(), now.getTime()) - DAY;
  const range = { from: new Date(fromMs), to: new Date(now.getTime() + DAY) };
  // Every calendar a clock can count in, measured once per report (policies', owners', and 24×7 for none).
  const positions = new Map<string | null, (ms: number) => number | null>();
  const calendarIds = new Set<string | null>([null, ...lookups.policyCalendar.values(), ...lookups.dealerCalendar.values(), ...lookups.departmentCalendar.values()]);
  for (const calendarId of calendarIds) {
    const calendar: BusinessCalendar = (calendarId ? await cachedCalendar(db, calendarId) : null) ?? ALWAYS_OPEN_CALENDAR;
    positions.set(calendarId, dayPositionsOf(calendar, range));
  }
  const business = new Int32Array(o.size);
  const clock = new Int32Array(o.size);
  const measured = new Uint8Array(o.size);
  for (let slot = 0; slot < o.size; slot += 1) {
    if (o.alive[slot] !== 1 || o.clock[slot] === INTERNAL_CLOCK) continue;
    const ticket = o.ticket[slot];
    const calendarId =
      lookups.policyCalendar.get(t.policy[ticket]) ??
      (o.dealer[slot] !== 0 ? lookups.dealerCalendar.get(o.dealer[slot]) : undefined) ??
      (o.department[slot] !== 0 ? lookups.departmentCalendar.get(o.department[slot]) : undefined) ??
      null;
    const position = positions.get(calendarId)!;
    const paused = t.pausedUs[ticket];
    const endUs = t.status[ticket] === pendingCode && !Number.isNaN(paused) && paused < nowUs ? paused : nowUs;
    const start = position(Math.floor(o.fromUs[slot] / 1000));
    const end = position(Math.floor(endUs / 1000));
    if (start === null || end === null) continue;
    business[slot] = Math.max(0, Math.floor((end - start) / 1000) - o.pausedInSpan[slot]);
    clock[slot] = Math.max(0, Math.floor((nowUs - o.fromUs[slot]) / 1_000_000));
    measured[slot] = 1;
  }
  return { business, clock, measured, nowUs };
}

/**
 * A calendar's day positions over a range, kept while the range's days stay the same (a calendar edited is a new
 * object from cachedCalendar, so it is measured again).
 */
function dayPositionsOf(calendar: BusinessCalendar, range: { from: Date; to: Date }): (ms: number) => number | null {
  const days = `${calendar.localDayOf(range.from)}:${calendar.localDayOf(range.to)}`;
  const kept = keptPositions.get(calendar);
  if (kept?.days === days) return kept.positions;
  const positions = dayPositions(new BusinessTimeIndex(calendar, range));
  keptPositions.set(calendar, { days, positions });
  return positions;
}

const keptPositions = new WeakMap<BusinessCalendar, { days: string; positions: (ms: number) => number | null }>();

/** Business ms from the index's first day to an instant (ms), by the day tables as the SQL reads them; null out of range. */
function dayPositions(index: BusinessTimeIndex): (ms: number) => number | null {
  const rows = index.rows();
  const offset = index.offsetMs;
  const first = rows.length > 0 ? rows[0].day : 0;
  return (ms) => {
    const row = rows[Math.floor((ms + offset) / DAY) - first];
    if (!row) return null;
    let within = 0;
    for (let span = 0; span < row.starts.length; span += 1) within += Math.max(0, Math.min(row.ends[span], ms) - row.starts[span]);
    return row.cum + within;
  };
}

/**
 * Kaplan–Meier percentiles of every curve (cell × clock) at once: the observations come in time order — the kept order
 * of the stretches merged with the others sorted now — and each curve steps S = S·(1 − d/n) at each of its event
 * times, n being its observations not yet passed.
 */
function percentilesOf(options: {
  curves: number;
  totals: Int32Array;
  sorted: SortedSpans;
  /** The curve of each stretch of `sorted`, in its order (−1: not in the report). */
  sortedCurve: Int32Array;
  extraCurve: Int32Array;
  extraTimes: Int32Array;
  extraEvent: Uint8Array;
}): Float64Array {
  const { curves, totals, sortedCurve, extraCurve, extraTimes, extraEvent } = options;
  const { times, met } = options.sorted;
  const thresholds = REPORT_PERCENTILES.map((p) => 1 - p + SURVIVAL_TOLERANCE);
  const found = new Float64Array(curves * REPORT_PERCENTILES.length).fill(Number.NaN);
  const hadEvent = new Uint8Array(curves);
  const survival = new Float64Array(curves).fill(1);
  const passed = new Int32Array(curves);
  // Per curve: the time being gathered (NO_TIME: none yet), its events and observations so far.
  const time = new Int32Array(curves).fill(NO_TIME);
  const events = new Int32Array(curves);
  const atTime = new Int32Array(curves);
  const step = (curve: number) => {
    const d = events[curve];
    if (d > 0) {
      hadEvent[curve] = 1;
      const s = (survival[curve] *= 1 - d / (totals[curve] - passed[curve]));
      for (let p = 0; p < thresholds.length; p += 1) {
        const at = curve * thresholds.length + p;
        if (s <= thresholds[p] && Number.isNaN(found[at])) found[at] = time[curve];
      }
    }
    passed[curve] += atTime[curve];
  };
  // One observation of a curve at time t (times come in order): a new time closes the curve's step at the last one.
  const gather = (curve: number, t: number, event: number) => {
    if (time[curve] !== t) {
      if (time[curve] !== NO_TIME) step(curve);
      time[curve] = t;
      events[curve] = 0;
      atTime[curve] = 0;
    }
    atTime[curve] += 1;
    events[curve] += event;
  };
  const extras = sortedSlots(extraTimes, extraTimes.length);
  let next = 0;
  const gatherExtrasUpTo = (t: number) => {
    for (; next < extras.length && extraTimes[extras[next]] <= t; next += 1) gather(extraCurve[extras[next]], extraTimes[extras[next]], extraEvent[extras[next]]);
  };
  for (let i = 0; i < times.length; i += 1) {
    const curve = sortedCurve[i];
    if (curve < 0) continue;
    gatherExtrasUpTo(times[i]);
    gather(curve, times[i], met[i]);
  }
  gatherExtrasUpTo(NO_EXTRA);
  for (let curve = 0; curve < curves; curve += 1) if (time[curve] !== NO_TIME) step(curve);
  for (let curve = 0; curve < curves; curve += 1) if (!hadEvent[curve]) found[curve * thresholds.length] = Number.POSITIVE_INFINITY;
  return found;
}

/** The report's rows from the index (the caller checked indexServes). */
export async function indexedReportRows(db: Database, options: { filters: ReportFilters; dimensions: readonly ReportDimension[]; now: Date }): Promise<ReportRows> {
  const { filters, dimensions, now } = options;
  const index = await currentReportIndex(db);
  const lookups = await lookupsOf(db, index, filters);
  const select = selection(index, filters, dimensions, lookups);
  const t = index.tickets;
  const spans = index.spans;
  const cells = new Cells();

  const ticketCounts: number[][] = [];
  // Statuses as a table by code; cells by key through a one-entry memo (tickets of one cell often come in runs).
  const openStatus = new Uint8Array(index.strings.names.length);
  for (const status of OPEN_STATUSES) if (index.strings.find(status) > 0) openStatus[index.strings.find(status)] = 1;
  const closedCode = index.strings.find('closed');
  const leadCode = index.strings.find('lead');
  let lastKey = Number.NaN;
  let lastCell = -1;
  for (let slot = 0; slot < t.count; slot += 1) {
    if (!select.ticketPasses(slot)) continue;
    const key = select.ticketKey(slot);
    if (key !== lastKey) [lastKey, lastCell] = [key, cells.of(key)];
    const cell = lastCell;
    const counts = (ticketCounts[cell] ??= [0, 0, 0, 0, 0, 0]);
    const lead = t.type[slot] === leadCode;
    counts[0] += 1;
    if (openStatus[t.status[slot]] === 1) counts[1] += 1;
    if (!Number.isNaN(t.resolvedUs[slot]) || t.reopened[slot] === 1 || t.status[slot] === closedCode) counts[2] += 1;
    if (t.reopened[slot] === 1) counts[3] += 1;
    if (lead) counts[4] += 1;
    if (lead && lookups.leadOrders.has(slot)) counts[5] += 1;
  }

  if (select.ownerOnly) return byHolderRows({ db, index, lookups, select, cells, ticketCounts, now });

  // Each stretch's curve (cell × clock; −1: not in the report), its figures, and the tickets that left each cell.
  // Constants as locals: imported bindings are property reads through the module in CommonJS (tsx), in a hot loop.
  const [MET, DUE, ON_TIME, BREACHED, LEFT, INTERNAL] = [SPAN_MET, SPAN_DUE, SPAN_ON_TIME, SPAN_BREACHED, SPAN_LEFT, INTERNAL_CLOCK];
  const spanCurve = new Int32Array(spans.count).fill(-1);
  const spanCounts: number[][] = [];
  const reroutes = new Map<number, Set<number>>();
  for (let slot = 0; slot < spans.count; slot += 1) {
    const clock = spans.clock[slot];
    const ticket = spans.ticket[slot];
    if (clock === INTERNAL || !select.clockPasses(spans.dealer[slot], spans.department[slot], ticket)) continue;
    const curve = cells.of(select.clockKey(spans.dealer[slot], spans.department[slot], ticket)) * CLOCKS + clock;
    const cell = Math.floor(curve / CLOCKS);
    spanCurve[slot] = curve;
    const flags = spans.flags[slot];
    const counts = (spanCounts[curve] ??= [0, 0, 0, 0, 0]);
    counts[0] += 1;
    if (flags & MET) counts[1] += 1;
    if (flags & DUE) counts[2] += 1;
    if (flags & ON_TIME) counts[3] += 1;
    if (flags & BREACHED) counts[4] += 1;
    if (flags & LEFT) {
      let left = reroutes.get(cell);
      if (!left) reroutes.set(cell, (left = new Set()));
      left.add(ticket);
    }
  }

  // The running clocks, and the stretches not yet in the kept order: the observations sorted per request.
  const ages = await openAges(db, index, lookups, now);
  const openCounts: number[][] = [];
  const extraCurve: number[] = [];
  const extraBusiness: number[] = [];
  const extraClock: number[] = [];
  const extraEvent: number[] = [];
  for (let slot = spans.sorted; slot < spans.count; slot += 1) {
    if (spanCurve[slot] < 0) continue;
    extraCurve.push(spanCurve[slot]);
    extraBusiness.push(spans.business[slot]);
    extraClock.push(spans.clockSeconds[slot]);
    extraEvent.push(spans.flags[slot] & MET ? 1 : 0);
  }
  runningClocks(index, select, cells, ages, openCounts, (curve, business, clock) => {
    extraCurve.push(curve);
    extraBusiness.push(business);
    extraClock.push(clock);
    extraEvent.push(0);
  });

  const curves = cells.keys.length * CLOCKS;
  const totals = new Int32Array(curves);
  for (let slot = 0; slot < spans.count; slot += 1) if (spanCurve[slot] >= 0) totals[spanCurve[slot]] += 1;
  for (let curve = 0; curve < openCounts.length; curve += 1) if (openCounts[curve]) totals[curve] += openCounts[curve][0];
  const sortedOf = (basis: TimeBasis) => (basis === 'business' ? spans.byBusiness : spans.byClock);
  // The curves in a kept order, each stretch's by its slot.
  const curvesInOrder = (sorted: SortedSpans) => {
    const curves = new Int32Array(sorted.times.length);
    for (let i = 0; i < curves.length; i += 1) curves[i] = spanCurve[sorted.slots[i]];
    return curves;
  };
  const walk = (basis: TimeBasis) =>
    percentilesOf({
      curves,
      totals,
      sorted: sortedOf(basis),
      sortedCurve: curvesInOrder(sortedOf(basis)),
      extraCurve: Int32Array.from(extraCurve),
      extraTimes: Int32Array.from(basis === 'business' ? extraBusiness : extraClock),
      extraEvent: Uint8Array.from(extraEvent),
    });

  const rerouteCounts = new Map([...reroutes].map(([cell, tickets]) => [cell, tickets.size]));
  return assembleRows(index, cells, ticketCounts, spanCounts, openCounts, rerouteCounts, walk);
}

/** The rows from the counts per cell and curve and the percentiles per basis (`found`: per curve, REPORT_PERCENTILES). */
function assembleRows(
  index: ReportIndex,
  cells: Cells,
  ticketCounts: number[][],
  spanCounts: number[][],
  openCounts: number[][],
  reroutes: Map<number, number>,
  percentiles: (basis: TimeBasis) => Float64Array,
): ReportRows {
  const curves = cells.keys.length * CLOCKS;
  const percentileRows: PercentileRow[] = [];
  for (const basis of ['business', 'clock'] as const) {
    const found = percentiles(basis);
    for (let curve = 0; curve < curves; curve += 1) {
      const at = curve * REPORT_PERCENTILES.length;
      if (found[at] === Number.POSITIVE_INFINITY) continue;
      const value = (p: number) => (Number.isNaN(found[at + p]) ? null : found[at + p]);
      const cell = Math.floor(curve / CLOCKS);
      percentileRows.push({ ...cells.names(index, cell), clock: REPORT_CLOCKS[curve % CLOCKS], basis, p50: value(0), p90: value(1), p95: value(2) });
    }
  }
  const curveRows = <R>(counts: number[][], row: (names: { k1: string | null; k2: string | null }, clock: (typeof REPORT_CLOCKS)[number], values: number[]) => R): R[] =>
    counts.flatMap((values, curve) => (values ? [row(cells.names(index, Math.floor(curve / CLOCKS)), REPORT_CLOCKS[curve % CLOCKS], values)] : []));
  return {
    percentileRows,
    openRows: curveRows<OpenRow>(openCounts, (names, clock, [open, due, breaches]) => ({ ...names, clock, open, due, breaches })),
    spanRows: curveRows<SpanRow>(spanCounts, (names, clock, [count, met, due, onTime, breaches]) => ({ ...names, clock, spans: count, met, due, on_time: onTime, breaches })),
    ticketRows: ticketCounts.flatMap((values, cell) =>
      values ? [{ ...cells.names(index, cell), tickets: values[0], open: values[1], resolved: values[2], reopened: values[3], leads: values[4], lead_orders: values[5] } satisfies TicketCountRow] : [],
    ),
    rerouteRows: [...reroutes].map(([cell, count]) => ({ ...cells.names(index, cell), reroutes: count }) satisfies RerouteRow),
  };
}

type Selection = ReturnType<typeof selection>;

/** Each holder's curve per clock, found once (−2: not yet; −1: not in the report), not per stretch through the cells' map. */
function holderCurves(index: ReportIndex, select: Selection, cells: Cells) {
  const ownerCurves = new Int32Array((index.strings.names.length * 3 + 3) * 4).fill(-2);
  const ownerCurve = (dealer: number, department: number, clock: number): number => {
    const key = ownerClockOf(dealer, department, clock);
    if (ownerCurves[key] === -2) {
      ownerCurves[key] = clock === INTERNAL_CLOCK || !select.ownerPasses(dealer, department) ? -1 : cells.of(select.clockKey(dealer, department, 0)) * CLOCKS + clock;
    }
    return ownerCurves[key];
  };
  return { ownerCurves, ownerCurve };
}

/** The running clocks of the report: counted per curve (open, due, breached) and handed on with their ages. */
function runningClocks(
  index: ReportIndex,
  select: Selection,
  cells: Cells,
  ages: Awaited<ReturnType<typeof openAges>>,
  openCounts: number[][],
  each: (curve: number, business: number, clock: number) => void,
): void {
  const o = index.open;
  for (let slot = 0; slot < o.size; slot += 1) {
    const ticket = o.ticket[slot];
    if (ages.measured[slot] !== 1 || !select.clockPasses(o.dealer[slot], o.department[slot], ticket)) continue;
    const curve = cells.of(select.clockKey(o.dealer[slot], o.department[slot], ticket)) * CLOCKS + o.clock[slot];
    const counts = (openCounts[curve] ??= [0, 0, 0]);
    const from = o.fromUs[slot];
    counts[0] += 1;
    if (o.dueUs[slot] >= from && o.dueUs[slot] <= ages.nowUs) counts[1] += 1;
    if (o.breachedUs[slot] >= from && o.breachedUs[slot] <= ages.nowUs) counts[2] += 1;
    each(curve, ages.business[slot], ages.clock[slot]);
  }
}

/** Sorted parts and loose times (any order) as one ascending array; a lone sorted part as it is. */
function mergedTimes(sortedParts: Int32Array[], loose: number[] | undefined): Int32Array {
  const parts = sortedParts.filter((part) => part.length > 0);
  if (loose && loose.length > 0) parts.push(Int32Array.from(loose).sort());
  if (parts.length === 0) return new Int32Array(0);
  let merged = parts[0];
  for (let k = 1; k < parts.length; k += 1) {
    const [a, b] = [merged, parts[k]];
    const out = new Int32Array(a.length + b.length);
    let [i, j, n] = [0, 0, 0];
    while (i < a.length && j < b.length) out[n++] = a[i] <= b[j] ? a[i++] : b[j++];
    while (i < a.length) out[n++] = a[i++];
    while (j < b.length) out[n++] = b[j++];
    merged = out;
  }
  return merged;
}

/**
 * A report by holder alone (the per-dealer report): the stretches' counts from the index's tallies per holder and
 * clock, and each curve's percentiles from its holders' kept series (met and censored times in order) with the
 * stretches not yet in the kept order and the running clocks merged in — the walk telescoped between censored times
 * (kaplanMeierPercentilesSorted), so its cost follows the censored observations, not the millions of events.
 */
async function byHolderRows(options: {
  db: Database;
  index: ReportIndex;
  lookups: Lookups;
  select: Selection;
  cells: Cells;
  ticketCounts: number[][];
  now: Date;
}): Promise<ReportRows> {
  const { db, index, lookups, select, cells, ticketCounts, now } = options;
  const spans = index.spans;
  const { ownerCurve } = holderCurves(index, select, cells);
  const spanCounts: number[][] = [];
  const holdersOfCurve = new Map<number, number[]>();
  for (const [key, tally] of spans.tallies) {
    const { dealer, department, clock } = ownerOfKey(key);
    const curve = ownerCurve(dealer, department, clock);
    if (curve < 0) continue;
    const counts = (spanCounts[curve] ??= [0, 0, 0, 0, 0]);
    for (let k = 0; k < 5; k += 1) counts[k] += tally[k];
    const holders = holdersOfCurve.get(curve);
    if (holders) holders.push(key);
    else holdersOfCurve.set(curve, [key]);
  }
  // Tickets that left a cell, counted once per cell (several holders share a cell only without their dimension).
  const leftByCell = new Map<number, Array<Set<number>>>();
  for (const [holder, tickets] of spans.left) {
    const { dealer, department } = ownerOfKey(holder);
    const curve = ownerCurve(dealer, department, 0);
    if (curve < 0) continue;
    const cell = Math.floor(curve / CLOCKS);
    leftByCell.set(cell, [...(leftByCell.get(cell) ?? []), tickets]);
  }
  const reroutes = new Map<number, number>();
  for (const [cell, sets] of leftByCell) reroutes.set(cell, sets.length === 1 ? sets[0].size : new Set(sets.flatMap((set) => [...set])).size);

  // What the kept series do not hold: stretches appended since the last sort, and the running clocks (censored).
  const loose = { business: { events: new Map<number, number[]>(), censored: new Map<number, number[]>() }, clock: { events: new Map<number, number[]>(), censored: new Map<number, number[]>() } };
  const add = (map: Map<number, number[]>, curve: number, time: number) => {
    const times = map.get(curve);
    if (times) times.push(time);
    else map.set(curve, [time]);
  };
  for (let slot = spans.sorted; slot < spans.count; slot += 1) {
    const curve = ownerCurve(spans.dealer[slot], spans.department[slot], spans.clock[slot]);
    if (curve < 0) continue;
    const part = spans.flags[slot] & SPAN_MET ? 'events' : 'censored';
    add(loose.business[part], curve, spans.business[slot]);
    add(loose.clock[part], curve, spans.clockSeconds[slot]);
  }
  const ages = await openAges(db, index, lookups, now);
  const openCounts: number[][] = [];
  runningClocks(index, select, cells, ages, openCounts, (curve, business, clock) => {
    add(loose.business.censored, curve, business);
    add(loose.clock.censored, curve, clock);
  });

  const percentiles = (basis: TimeBasis): Float64Array => {
    const series = basis === 'business' ? spans.seriesByBusiness : spans.seriesByClock;
    const { events: looseEvents, censored: looseCensored } = loose[basis];
    const curves = cells.keys.length * CLOCKS;
    const found = new Float64Array(curves * REPORT_PERCENTILES.length).fill(Number.NaN);
    for (let curve = 0; curve < curves; curve += 1) {
      const kept = (holdersOfCurve.get(curve) ?? []).map((key) => series.get(key)).filter((part): part is OwnerSeries => part !== undefined);
      const events = mergedTimes(kept.map((part) => part.events), looseEvents.get(curve));
      const censored = mergedTimes(kept.map((part) => part.censored), looseCensored.get(curve));
      const at = curve * REPORT_PERCENTILES.length;
      if (!kaplanMeierPercentilesSorted(events, censored, REPORT_PERCENTILES, found, at)) found[at] = Number.POSITIVE_INFINITY;
    }
    return found;
  };
  return assembleRows(index, cells, ticketCounts, spanCounts, openCounts, reroutes, percentiles);
}
