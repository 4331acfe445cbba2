/**
 * From a report cell to its tickets (GET /api/reports/resolution/tickets): the same filters plus the cell's keys,
 * newest first, paged by key (created_at, id) so a page costs the same at the millionth ticket as at the first. Each
 * row names its ticket page (`/tickets/:id`, the timeline) and the clock stretches behind the cell's figures.
 *
 * Which tickets a cell holds: those it counts as tickets (their responsible party now), and, for readers who see all
 * (QA, supervisors, admins), those whose clocks the cell's party held before the ticket moved on (a rejection, a
 * transfer): their stretch is in the party's figures. A dealer or department reads only its own tickets, and of each
 * only its own stretches.
 */
import { type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../errors/app-error';
import { BusinessTimeIndex } from '../../reports/business-time-index';
import { clockSpanOf } from '../../reports/clock-spans';
import type { ReportDimension } from '../../reports/report.schemas';
import { ALWAYS_OPEN_CALENDAR } from '../../sla/sla-planner';
import type { Executor } from '../db/client';
import { cachedCalendar } from '../sla/sla-clocks';
import type { TicketScope } from '../tickets/ticket-queries';
import { type CellKeys, filterSql, type ReportFilters, rowsOf, scopedFilters } from './report-sql';

export interface DrillDownQuery extends ReportFilters, CellKeys {
  limit: number;
  cursor?: string;
}

export interface ClockStretch {
  clock: string;
  ownerType: string;
  ownerId: string | null;
  outcome: 'met' | 'handed_over' | 'rerouted' | 'stopped' | 'running';
  fromAt: Date;
  toAt: Date | null;
  dueAt: Date;
  breached: boolean;
  businessSeconds: number;
  clockSeconds: number;
}

export interface DrillDownRow {
  id: string;
  number: string;
  type: string;
  status: string;
  priority: string;
  subject: string;
  createdAt: Date;
  resolvedAt: Date | null;
  responsibleDealerId: string | null;
  responsibleDepartmentId: string | null;
  regionId: string | null;
  categoryId: string | null;
  vehicleModel: string | null;
  reopenCount: number;
  rerouteCount: number;
  /** The ticket page, with its timeline, in the console. */
  link: string;
  stretches: ClockStretch[];
}

const CELL_KEY_NAMES = ['dealer', 'region', 'department', 'type', 'category', 'vehicleModel', 'month'] as const satisfies readonly ReportDimension[];

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('shape');
    return { createdAt, id };
  } catch {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'cursor', code: 'invalid_cursor', message: 'not a cursor this API gave' }] });
  }
}

interface TicketPageRow {
  id: string;
  number: string;
  type: string;
  status: string;
  priority: string;
  subject: string;
  created_at: string;
  resolved_at: string | Date | null;
  responsible_dealer_id: string | null;
  responsible_department_id: string | null;
  region_id: string | null;
  category_id: string | null;
  vehicle_model: string | null;
  reopen_count: number;
  reroute_count: number;
}

const asDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/**
 * Which tickets a cell holds (the query's filters and cell keys, scoped), as two conditions on `tickets t` joined
 * with `vehicles v`: those it counts as its tickets now, and (oversight, cells of a party) those whose clocks its party
 * held before they moved on — a small set, read from the stretches that ended by the ticket leaving the party.
 */
export function cellTicketConditions(scope: TicketScope, query: ReportFilters & CellKeys): { current: SQL; former: SQL | null } {
  const filters = scopedFilters(scope, query);
  const keys: CellKeys = {};
  for (const name of CELL_KEY_NAMES) if (query[name] !== undefined) keys[name] = query[name];
  const current = filterSql('ticket', filters, keys);
  const byParty = Boolean(filters.dealerId || filters.departmentId || filters.regionId || keys.dealer || keys.department || keys.region);
  if (scope.kind !== 'all' || !byParty) return { current, former: null };
  const former = sql`t.id in (select s.ticket_id from sla_clock_spans s join tickets t on t.id = s.ticket_id
      left join dealers od on s.owner_type = 'dealer' and od.id = s.owner_id left join vehicles v on v.id = t.vehicle_id
    where s.clock in ('acknowledge', 'first_contact', 'resolve') and s.outcome in ('rerouted', 'handed_over') and ${filterSql('clock', filters, keys)})`;
  return { current, former };
}

/** The same, as one condition (counting a cell's tickets). */
export function cellTicketCondition(scope: TicketScope, query: ReportFilters & CellKeys): SQL {
  const { current, former } = cellTicketConditions(scope, query);
  return former ? sql`((${current}) or ${former})` : sql`(${current})`;
}

/** One page of a cell's tickets, newest first; `nextCursor` is null on the last page. */
export async function drillDownPage(db: Executor, options: { scope: TicketScope; query: DrillDownQuery; now?: Date }): Promise<{ items: DrillDownRow[]; nextCursor: string | null }> {
  const now = options.now ?? new Date();
  const { limit, cursor, ...rest } = options.query;
  const { current, former } = cellTicketConditions(options.scope, rest);
  const after = cursor ? decodeCursor(cursor) : null;
  // Each part walks its own index in key order and stops after a page; the union is merged and cut to a page.
  const part = (condition: SQL) => sql`(select t.id, t.number, t.type, t.status, t.priority, t.subject, t.created_at,
      t.resolved_at, t.responsible_dealer_id, t.responsible_department_id, t.region_id, t.category_id, v.model as vehicle_model,
      t.reopen_count, t.reroute_count
    from tickets t left join vehicles v on v.id = t.vehicle_id
    where ${condition}
      ${after ? sql`and (t.created_at, t.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
    order by t.created_at desc, t.id desc
    limit ${limit + 1})`;
  const result = await db.execute(sql`
    select page.id, page.number, page.type, page.status, page.priority, page.subject, page.resolved_at,
      page.responsible_dealer_id, page.responsible_department_id, page.region_id, page.category_id, page.vehicle_model,
      page.reopen_count, page.reroute_count,
      to_char(page.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at
    from (${former ? sql`${part(current)} union ${part(former)}` : part(current)}) as page
    order by page.created_at desc, page.id desc
    limit ${limit + 1}`);
  const rows = rowsOf<TicketPageRow>(result);
  const page = rows.slice(0, limit);
  const stretches = await stretchesOf(db, { scope: options.scope, ticketIds: page.map((row) => row.id), now });
  return {
    items: page.map((row) => ({
      id: row.id,
      number: row.number,
      type: row.type,
      status: row.status,
      priority: row.priority,
      subject: row.subject,
      createdAt: new Date(row.created_at),
      resolvedAt: row.resolved_at ? asDate(row.resolved_at) : null,
      responsibleDealerId: row.responsible_dealer_id,
      responsibleDepartmentId: row.responsible_department_id,
      regionId: row.region_id,
      categoryId: row.category_id,
      vehicleModel: row.vehicle_model,
      reopenCount: Number(row.reopen_count),
      rerouteCount: Number(row.reroute_count),
      link: `/tickets/${row.id}`,
      stretches: stretches.get(row.id) ?? [],
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].created_at, page[page.length - 1].id) : null,
  };
}

interface StretchRow {
  ticket_id: string;
  clock: string;
  owner_type: string;
  owner_id: string | null;
  outcome: ClockStretch['outcome'];
  from_at: string | Date;
  to_at: string | Date | null;
  due_at: string | Date;
  breached: boolean;
  business_seconds: number | null;
  clock_seconds: number | null;
  started_at: string | Date | null;
  owned_since: string | Date | null;
  paused_seconds: number | null;
  paused_seconds_before_owner: number | null;
  breached_at: string | Date | null;
  paused_at: string | Date | null;
  status: string | null;
  calendar_id: string | null;
}

/** The customer's clocks' stretches of the tickets, ended and running; a dealer or department sees only its own. */
async function stretchesOf(db: Executor, options: { scope: TicketScope; ticketIds: string[]; now: Date }): Promise<Map<string, ClockStretch[]>> {
  const byTicket = new Map<string, ClockStretch[]>();
  if (options.ticketIds.length === 0) return byTicket;
  const ids = JSON.stringify(options.ticketIds);
  const own =
    options.scope.kind === 'dealer'
      ? sql`and s.owner_type = 'dealer' and s.owner_id = ${options.scope.dealerId}::uuid`
      : options.scope.kind === 'department'
        ? sql`and s.owner_type = 'department' and s.owner_id = ${options.scope.departmentId}::uuid`
        : sql``;
  const result = await db.execute(sql`
    select s.ticket_id, s.clock, s.owner_type, s.owner_id::text, s.outcome, s.from_at, s.to_at, s.due_at, s.breached,
      s.business_seconds, s.clock_seconds, null::timestamptz as started_at, null::timestamptz as owned_since,
      null::int as paused_seconds, null::int as paused_seconds_before_owner, null::timestamptz as breached_at,
      null::timestamptz as paused_at, null::text as status, null::text as calendar_id
    from sla_clock_spans s
    where s.ticket_id in (select value::uuid from jsonb_array_elements_text(${ids}::jsonb)) and s.clock <> 'internal' ${own}
    union all
    select s.ticket_id, s.clock, s.owner_type, s.owner_id::text, 'running', coalesce(s.owned_since, s.started_at), null, s.due_at, false,
      null, null, s.started_at, s.owned_since, s.paused_seconds, s.paused_seconds_before_owner, s.breached_at,
      t.paused_at, t.status, coalesce(p.calendar_id, od.calendar_id, odep.calendar_id)::text
    from sla_milestones s join tickets t on t.id = s.ticket_id
      left join sla_policies p on p.id = t.sla_policy_id
      left join dealers od on s.owner_type = 'dealer' and od.id = s.owner_id
      left join departments odep on s.owner_type = 'department' and odep.id = s.owner_id
    where s.ticket_id in (select value::uuid from jsonb_array_elements_text(${ids}::jsonb)) and s.clock <> 'internal'
      and s.met_at is null and s.cancelled_at is null ${own}
    order by 1, 6`);
  const rows = rowsOf<StretchRow>(result);
  // One day table per calendar for the page's running clocks (a walk over each clock's days would cost per clock).
  const running = rows.filter((row) => row.outcome === 'running');
  const oldest = Math.min(options.now.getTime(), ...running.map((row) => asDate(row.from_at).getTime()));
  const indexes = new Map<string, BusinessTimeIndex>();
  const indexOf = async (calendarId: string | null) => {
    const key = calendarId ?? '24x7';
    let index = indexes.get(key);
    if (!index) {
      const calendar = (calendarId ? await cachedCalendar(db, calendarId) : null) ?? ALWAYS_OPEN_CALENDAR;
      index = new BusinessTimeIndex(calendar, { from: new Date(oldest - 86_400_000), to: new Date(options.now.getTime() + 86_400_000) });
      indexes.set(key, index);
    }
    return index;
  };
  for (const row of rows) {
    let stretch: ClockStretch;
    if (row.outcome === 'running') {
      const index = await indexOf(row.calendar_id);
      const calendar = index.calendar;
      const waiting = row.status === 'pending_customer' && row.paused_at !== null;
      const span = clockSpanOf({
        clock: {
          startedAt: asDate(row.started_at!),
          ownedSince: row.owned_since ? asDate(row.owned_since) : null,
          pausedSecondsBeforeOwner: Number(row.paused_seconds_before_owner ?? 0),
          breachedAt: row.breached_at ? asDate(row.breached_at) : null,
        },
        pausedSeconds: Number(row.paused_seconds ?? 0),
        calendar,
        endAt: options.now,
        pausedAt: waiting ? asDate(row.paused_at!) : null,
        businessMs: (from, to) => index.between(from, to),
      });
      stretch = { clock: row.clock, ownerType: row.owner_type, ownerId: row.owner_id, outcome: 'running', fromAt: span.fromAt, toAt: null, dueAt: asDate(row.due_at), breached: span.breached, businessSeconds: span.businessSeconds, clockSeconds: span.clockSeconds };
    } else {
      stretch = {
        clock: row.clock,
        ownerType: row.owner_type,
        ownerId: row.owner_id,
        outcome: row.outcome,
        fromAt: asDate(row.from_at),
        toAt: row.to_at ? asDate(row.to_at) : null,
        dueAt: asDate(row.due_at),
        breached: row.breached,
        businessSeconds: Number(row.business_seconds),
        clockSeconds: Number(row.clock_seconds),
      };
    }
    byTicket.set(row.ticket_id, [...(byTicket.get(row.ticket_id) ?? []), stretch]);
  }
  return byTicket;
}
