import { NO_KEY, REPORT_DIMENSIONS, type ReportDimension, TIME_BASES, type TimeBasis } from '@shared/reports/report-vocabulary';
import { TICKET_TYPES, type TicketType } from '@shared/tickets/ticket-vocabulary';

/** The report's filters as the API takes them (shared/src/reports/report.schemas.ts, ZReportFilterShape). */
export interface ReportFilters {
  basis: 'created' | 'resolved';
  from?: string;
  to?: string;
  type?: TicketType;
  regionId?: string;
  dealerId?: string;
  departmentId?: string;
  categoryId?: string;
  vehicleModel?: string;
}

/** What the report page shows: its filters, one or two dimensions, and which time the figures are read in. */
export interface ReportView {
  filters: ReportFilters;
  groupBy: ReportDimension[];
  timeBasis: TimeBasis;
}

const TEXT_FILTERS = ['from', 'to', 'regionId', 'dealerId', 'departmentId', 'categoryId', 'vehicleModel'] as const;
const DEFAULT_GROUP_BY: ReportDimension[] = ['dealer'];

const isOneOf = <T extends string>(values: readonly T[], value: string | null): value is T => value !== null && (values as readonly string[]).includes(value);

/**
 * The view from the page's URL query, so a report can be shared as a link. Unknown or doubled dimensions are dropped
 * rather than refused: a link edited by hand still opens a report, and the API validates whatever is sent.
 */
export function readReportView(search: URLSearchParams): ReportView {
  const filters: ReportFilters = { basis: search.get('basis') === 'resolved' ? 'resolved' : 'created' };
  for (const key of TEXT_FILTERS) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const type = search.get('type');
  if (isOneOf(TICKET_TYPES, type)) filters.type = type;
  const groupBy = [...new Set((search.get('groupBy') ?? '').split(','))].filter((part): part is ReportDimension => isOneOf(REPORT_DIMENSIONS, part)).slice(0, 2);
  const timeBasis = search.get('time');
  return { filters, groupBy: groupBy.length > 0 ? groupBy : DEFAULT_GROUP_BY, timeBasis: isOneOf(TIME_BASES, timeBasis) ? timeBasis : 'business' };
}

/** The URL query of a view (defaults left out, so the plain link stays `/reports`). */
export function writeReportView(view: ReportView): URLSearchParams {
  const search = new URLSearchParams();
  if (view.filters.basis !== 'created') search.set('basis', view.filters.basis);
  for (const key of [...TEXT_FILTERS, 'type'] as const) {
    const value = view.filters[key];
    if (value) search.set(key, value);
  }
  if (view.groupBy.join(',') !== DEFAULT_GROUP_BY.join(',')) search.set('groupBy', view.groupBy.join(','));
  if (view.timeBasis !== 'business') search.set('time', view.timeBasis);
  return search;
}

/** The report endpoint's query for a view, grouped as the view asks or by `groupBy` (the charts' own groupings). */
export function reportQuery(view: ReportView, groupBy: readonly ReportDimension[] = view.groupBy) {
  return { ...view.filters, groupBy: groupBy.join(',') };
}

/** A cell's keys, as the drill-down endpoint takes them: `type` is a filter there, the others are keys of their own. */
export type CellKeys = Partial<Record<ReportDimension, string>>;

/**
 * The drill-down (and ticket export) query of one cell: the view's filters narrowed by the cell's keys. A type key
 * becomes the type filter; a cell of tickets with no type cannot exist (every ticket has one).
 */
export function cellQuery(filters: ReportFilters, keys: CellKeys) {
  const { type, ...otherKeys } = keys;
  return { ...filters, ...otherKeys, ...(isOneOf(TICKET_TYPES, type ?? null) ? { type: type as TicketType } : {}) };
}

/** A stable string for a cell's keys (row keys, test ids, comparing a checkpoint's cells with now). */
export const cellId = (keys: CellKeys) =>
  REPORT_DIMENSIONS.filter((dimension) => keys[dimension] !== undefined)
    .map((dimension) => `${dimension}=${keys[dimension]}`)
    .join('&');

export { NO_KEY };
