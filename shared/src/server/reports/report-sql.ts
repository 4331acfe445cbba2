/**
 * The SQL pieces the resolution report, its drill-down and its exports share: the dimensions of a cell and the
 * filters, in the two places figures come from — a party's stretch of a clock (`sla_clock_spans`, or a running
 * `sla_milestones` row) and the ticket itself. Dimension expressions come from a fixed table (never from input);
 * every value is a bound parameter.
 */
import { type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { boundToDate, NO_KEY, type ReportDimension } from '../../reports/report.schemas';
import type { Executor } from '../db/client';
import type { TicketScope } from '../tickets/ticket-queries';

/** Where a row's figures come from: a clock stretch (alias `s`: spans or milestones, owner dealer `od`) or a ticket. */
export type ReportSource = 'clock' | 'ticket';

/** Asia/Shanghai months: a ticket of the 31st at 23:30 local belongs to that month. */
const LOCAL_ZONE = 'Asia/Shanghai';

/**
 * A cell's key per dimension, as text (null: nobody). A clock stretch belongs to the party that held it and to that
 * party's region; a ticket to its responsible party now and its region.
 */
export function dimensionSql(dimension: ReportDimension, source: ReportSource, basis: 'created' | 'resolved'): SQL {
  const at = basis === 'created' ? sql.raw('t.created_at') : sql.raw('t.resolved_at');
  switch (dimension) {
    case 'dealer':
      return source === 'clock' ? sql.raw(`(case when s.owner_type = 'dealer' then s.owner_id::text end)`) : sql.raw('t.responsible_dealer_id::text');
    case 'department':
      return source === 'clock' ? sql.raw(`(case when s.owner_type = 'department' then s.owner_id::text end)`) : sql.raw('t.responsible_department_id::text');
    case 'region':
      return source === 'clock' ? sql.raw('coalesce(od.region_id, t.region_id)::text') : sql.raw('t.region_id::text');
    case 'type':
      return sql.raw('t.type');
    case 'category':
      return sql.raw('t.category_id::text');
    case 'vehicleModel':
      return sql.raw('v.model');
    case 'month':
      return sql`to_char(${at} at time zone ${LOCAL_ZONE}, 'YYYY-MM')`;
  }
}

export interface ReportFilters {
  basis: 'created' | 'resolved';
  from?: string;
  to?: string;
  type?: string;
  regionId?: string;
  dealerId?: string;
  departmentId?: string;
  categoryId?: string;
  vehicleModel?: string;
}

/** A cell's keys, as the drill-down names them (`none`: nobody). */
export type CellKeys = Partial<Record<ReportDimension, string>>;

/**
 * The filters as the scope leaves them: a dealer's user reads its own dealer's figures only, a department's user its
 * department's; asking for another one is NOT_FOUND (as another dealer's standing is). Outside every scope: FORBIDDEN.
 */
export function scopedFilters<F extends ReportFilters>(scope: TicketScope, filters: F): F {
  switch (scope.kind) {
    case 'all':
      return filters;
    case 'dealer':
      if (filters.dealerId && filters.dealerId !== scope.dealerId) throw new AppError('NOT_FOUND');
      return { ...filters, dealerId: scope.dealerId };
    case 'department':
      if (filters.departmentId && filters.departmentId !== scope.departmentId) throw new AppError('NOT_FOUND');
      return { ...filters, departmentId: scope.departmentId };
    case 'none':
      throw new AppError('FORBIDDEN');
  }
}

/** An id key as a condition an index can serve (the text form of dimensionSql cannot). */
function uuidKeySql(dimension: ReportDimension, source: ReportSource, id: string): SQL | null {
  switch (dimension) {
    case 'dealer':
      return source === 'clock' ? sql`s.owner_type = 'dealer' and s.owner_id = ${id}::uuid` : sql`t.responsible_dealer_id = ${id}::uuid`;
    case 'department':
      return source === 'clock' ? sql`s.owner_type = 'department' and s.owner_id = ${id}::uuid` : sql`t.responsible_department_id = ${id}::uuid`;
    case 'region':
      return source === 'clock' ? sql`coalesce(od.region_id, t.region_id) = ${id}::uuid` : sql`t.region_id = ${id}::uuid`;
    case 'category':
      return sql`t.category_id = ${id}::uuid`;
    default:
      return null;
  }
}

/** Does a query need the vehicles join. */
export const needsVehicle = (filters: ReportFilters, dimensions: readonly ReportDimension[], keys: CellKeys = {}) =>
  Boolean(filters.vehicleModel) || dimensions.includes('vehicleModel') || keys.vehicleModel !== undefined;

/** The WHERE conditions of filters and cell keys, for one source. */
export function filterSql(source: ReportSource, filters: ReportFilters, keys: CellKeys = {}): SQL {
  const conditions: SQL[] = [sql`true`];
  const basisColumn = filters.basis === 'created' ? sql.raw('t.created_at') : sql.raw('t.resolved_at');
  if (filters.basis === 'resolved') conditions.push(sql`t.resolved_at is not null`);
  if (filters.from) conditions.push(sql`${basisColumn} >= ${boundToDate(filters.from).toISOString()}::timestamptz`);
  if (filters.to) conditions.push(sql`${basisColumn} < ${boundToDate(filters.to).toISOString()}::timestamptz`);
  if (filters.type) conditions.push(sql`t.type = ${filters.type}`);
  if (filters.categoryId) {
    conditions.push(sql`t.category_id in (select sub.id from categories sub, categories root
      where root.id = ${filters.categoryId}::uuid and (sub.path = root.path or sub.path like root.path || '/%'))`);
  }
  if (filters.vehicleModel) conditions.push(sql`v.model = ${filters.vehicleModel}`);
  const keyed = (dimension: ReportDimension, value: string | undefined) => {
    if (value === undefined) return;
    const expression = dimensionSql(dimension, source, filters.basis);
    if (value === NO_KEY) conditions.push(sql`${expression} is null`);
    else conditions.push(uuidKeySql(dimension, source, value) ?? sql`${expression} = ${value}`);
  };
  keyed('dealer', filters.dealerId);
  keyed('department', filters.departmentId);
  keyed('region', filters.regionId);
  for (const [dimension, value] of Object.entries(keys) as Array<[ReportDimension, string | undefined]>) keyed(dimension, value);
  return sql.join(conditions, sql` and `);
}

/**
 * Whether a clock-stretch query reads the ticket row: for a period, a ticket filter or a ticket dimension. The
 * per-dealer (or per-department) report over all time reads the stretches alone.
 */
export function needsTicket(filters: ReportFilters, dimensions: readonly ReportDimension[], keys: CellKeys = {}): boolean {
  const ticketDimensions: ReportDimension[] = ['region', 'type', 'category', 'vehicleModel', 'month'];
  return (
    filters.basis === 'resolved' ||
    Boolean(filters.from || filters.to || filters.type || filters.categoryId || filters.vehicleModel || filters.regionId) ||
    dimensions.some((dimension) => ticketDimensions.includes(dimension)) ||
    ticketDimensions.some((dimension) => keys[dimension] !== undefined)
  );
}

/** FROM … joins of a source (`s` is `sla_clock_spans` or `sla_milestones`; `t` only when `withTicket`). */
export function clockFromSql(table: 'sla_clock_spans' | 'sla_milestones', withVehicle: boolean, withTicket = true): SQL {
  return sql.raw(
    `${table} s ${withTicket || withVehicle ? 'join tickets t on t.id = s.ticket_id' : ''}
     left join dealers od on s.owner_type = 'dealer' and od.id = s.owner_id
     ${withVehicle ? 'left join vehicles v on v.id = t.vehicle_id' : ''}`,
  );
}

export function ticketFromSql(withVehicle: boolean): SQL {
  return sql.raw(`tickets t ${withVehicle ? 'left join vehicles v on v.id = t.vehicle_id' : ''}`);
}

/** The map key of a cell (its one or two raw keys, null: nobody). */
export const cellKeyOf = (k1: string | null, k2: string | null) => `${k1 ?? NO_KEY}\u0000${k2 ?? NO_KEY}`;

/** Rows of a raw query (`{ rows }` on pg and PGlite alike). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * A figure per cell from rows of another table that name a ticket (the metrics seam, ./report-metrics.ts): `rows`
 * (alias `c`, with a `ticket_id`) joined to their tickets (alias `t`), filtered and grouped as the report's ticket
 * figures are; the value is numerator / denominator (null where the denominator is 0).
 */
export async function ratioPerCell(
  db: Executor,
  { filters, dimensions }: { filters: ReportFilters; dimensions: readonly ReportDimension[] },
  rows: SQL,
  numerator: SQL,
  denominator: SQL,
): Promise<Array<{ k1: string | null; k2: string | null; value: number | null }>> {
  const [first, second] = dimensions;
  const k1 = dimensionSql(first, 'ticket', filters.basis);
  const k2 = second ? dimensionSql(second, 'ticket', filters.basis) : sql`null::text`;
  const vehicle = needsVehicle(filters, dimensions) ? sql.raw('left join vehicles v on v.id = t.vehicle_id') : sql``;
  const result = await db.execute(sql`
    select ${k1} as k1, ${k2} as k2, (${numerator})::float8 as num, (${denominator})::float8 as den
    from (${rows}) c join tickets t on t.id = c.ticket_id ${vehicle}
    where ${filterSql('ticket', filters)}
    group by 1, 2`);
  return rowsOf<{ k1: string | null; k2: string | null; num: number; den: number }>(result).map((row) => ({
    k1: row.k1,
    k2: row.k2,
    value: Number(row.den) === 0 ? null : Number(row.num) / Number(row.den),
  }));
}
