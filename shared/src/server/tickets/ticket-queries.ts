import { and, asc, desc, eq, gte, inArray, lte, not, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor, isDealerRole, isHotlineRole } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { isOpenStatus } from '../../tickets/ticket-lifecycle';
import type { TTicketListQuery } from '../../tickets/ticket.schemas';
import { TICKET_STATUSES } from '../../tickets/ticket-vocabulary';
import type { Database, Executor } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { categories, customers, dealers, departments, ticketEvents, tickets, vehicles } from '../db/schema';
import type { TicketRow } from './ticket-command';

/**
 * What part of the ticket table an actor may read. Every query helper below takes one as a required argument, so a
 * query that forgets scoping does not compile.
 */
export type TicketScope =
  | { kind: 'all' }
  | { kind: 'dealer'; dealerId: string }
  | { kind: 'department'; departmentId: string }
  | { kind: 'none' };

export function ticketScopeOf(actor: Actor): TicketScope {
  if (isHotlineRole(actor.role) || actor.kind === 'system') return { kind: 'all' };
  if (isDealerRole(actor.role) && actor.dealerId) return { kind: 'dealer', dealerId: actor.dealerId };
  if (actor.role === 'dept_user' && actor.departmentId) return { kind: 'department', departmentId: actor.departmentId };
  return { kind: 'none' };
}

function scopeCondition(scope: TicketScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'dealer':
      return eq(tickets.responsibleDealerId, scope.dealerId);
    case 'department':
      return or(
        eq(tickets.responsibleDepartmentId, scope.departmentId),
        sql`${tickets.ccDepartmentIds} @> array[${scope.departmentId}]::uuid[]`,
      );
    case 'none':
      return sql`false`;
  }
}

const responsibleDealer = alias(dealers, 'responsible_dealer');
const responsibleDepartment = alias(departments, 'responsible_department');

const ticketViewColumns = {
  ticket: tickets,
  dealer: { id: responsibleDealer.id, code: responsibleDealer.code, nameZh: responsibleDealer.nameZh, nameEn: responsibleDealer.nameEn },
  department: { id: responsibleDepartment.id, code: responsibleDepartment.code, nameZh: responsibleDepartment.nameZh, nameEn: responsibleDepartment.nameEn },
  category: { id: categories.id, code: categories.code, path: categories.path, nameZh: categories.nameZh, nameEn: categories.nameEn },
  customer: { id: customers.id, name: customers.name, phone: customers.phone, kind: customers.kind, city: customers.city },
  vehicle: { id: vehicles.id, vin: vehicles.vin, model: vehicles.model, plate: vehicles.plate },
  // The copied departments' names, in the order the ticket lists them, read in the same statement.
  ccDepartments: sql<Named[]>`coalesce((
    select json_agg(json_build_object('id', d.id, 'code', d.code, 'nameZh', d.name_zh, 'nameEn', d.name_en)
                    order by array_position(${tickets.ccDepartmentIds}, d.id))
    from ${departments} d where d.id = any(${tickets.ccDepartmentIds})), '[]'::json)`,
};

function ticketViewQuery(db: Executor) {
  return db
    .select(ticketViewColumns)
    .from(tickets)
    .leftJoin(responsibleDealer, eq(responsibleDealer.id, tickets.responsibleDealerId))
    .leftJoin(responsibleDepartment, eq(responsibleDepartment.id, tickets.responsibleDepartmentId))
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(vehicles, eq(vehicles.id, tickets.vehicleId));
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof ticketViewQuery>['execute']>>[number];
type Named = { id: string; code: string; nameZh: string; nameEn: string };

export interface TicketView {
  ticket: TicketRow;
  dealer: Named | null;
  department: Named | null;
  category: (Named & { path: string }) | null;
  customer: { id: string; name: string; phone: string; kind: string; city: string | null } | null;
  vehicle: { id: string; vin: string; model: string; plate: string | null } | null;
  ccDepartments: Named[];
}

function toViews(rows: ViewRow[]): TicketView[] {
  return rows.map((row) => ({
    ticket: row.ticket,
    dealer: row.dealer?.id ? (row.dealer as Named) : null,
    department: row.department?.id ? (row.department as Named) : null,
    category: row.category?.id ? (row.category as Named & { path: string }) : null,
    customer: row.customer?.id ? (row.customer as TicketView['customer']) : null,
    vehicle: row.vehicle?.id ? (row.vehicle as TicketView['vehicle']) : null,
    ccDepartments: row.ccDepartments,
  }));
}

/** One ticket with the names around it, or null when it does not exist or is outside the scope. */
export async function findTicketView(db: Database, scope: TicketScope, ticketId: string): Promise<TicketView | null> {
  let rows: ViewRow[];
  switch (scope.kind) {
    case 'all':
      rows = await ticketViewById(db).execute({ ticketId });
      break;
    case 'dealer':
      rows = await ticketViewByIdForDealer(db).execute({ ticketId, dealerId: scope.dealerId });
      break;
    case 'department':
      rows = await ticketViewByIdForDepartment(db).execute({ ticketId, departmentId: scope.departmentId });
      break;
    case 'none':
      return null;
  }
  return rows.length === 0 ? null : toViews(rows)[0];
}

// Every ticket page, every command's response and every socket `watch` reads one: prepared once per scope kind, with
// the same conditions as scopeCondition.
const ticketViewById = preparedPerDatabase((db) =>
  ticketViewQuery(db).where(eq(tickets.id, sql.placeholder('ticketId'))).prepare('careline_ticket_view'),
);
const ticketViewByIdForDealer = preparedPerDatabase((db) =>
  ticketViewQuery(db)
    .where(and(eq(tickets.id, sql.placeholder('ticketId')), eq(tickets.responsibleDealerId, sql.placeholder('dealerId'))))
    .prepare('careline_ticket_view_dealer'),
);
const ticketViewByIdForDepartment = preparedPerDatabase((db) =>
  ticketViewQuery(db)
    .where(
      and(
        eq(tickets.id, sql.placeholder('ticketId')),
        or(eq(tickets.responsibleDepartmentId, sql.placeholder('departmentId')), sql`${tickets.ccDepartmentIds} @> array[${sql.placeholder('departmentId')}]::uuid[]`),
      ),
    )
    .prepare('careline_ticket_view_department'),
);

const SORT_COLUMNS = { createdAt: tickets.createdAt, updatedAt: tickets.updatedAt, priority: tickets.priority } as const;

interface Cursor {
  value: string;
  id: string;
  /** The page ended among the open roadside tickets (the first part of a roadside-first list). */
  urgent?: boolean;
}

/**
 * Open roadside help (not resolved, closed or cancelled): someone waits by the road, so it heads every list before
 * the chosen order. The statuses are written as constants, the same text as the partial index
 * `tickets_open_roadside_idx`, so the planner reads those few rows from it.
 */
const URGENT_STATUSES = TICKET_STATUSES.filter(isOpenStatus);
const urgentTicket = sql`(${tickets.type} = 'roadside' and ${tickets.status} in (${sql.raw(URGENT_STATUSES.map((status) => `'${status}'`).join(', '))}))`;

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof parsed.value === 'string' && typeof parsed.id === 'string' && /^[0-9a-f-]{36}$/i.test(parsed.id)) {
      return { value: parsed.value, id: parsed.id, urgent: parsed.urgent === true };
    }
  } catch {
    // fall through: any undecodable cursor is the same client error
  }
  throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'cursor', message: 'invalid cursor' }] });
}

/** LIKE pattern for free text, with the user's % and _ taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

export interface TicketPage {
  items: TicketView[];
  nextCursor: string | null;
}

/** Filtered, sorted, keyset-paginated tickets inside the scope. */
export async function listTicketViews(db: Executor, scope: TicketScope, query: TTicketListQuery): Promise<TicketPage> {
  const conditions: Array<SQL | undefined> = [scopeCondition(scope)];
  if (query.type) conditions.push(inArray(tickets.type, query.type));
  if (query.status) conditions.push(inArray(tickets.status, query.status));
  if (query.priority) conditions.push(inArray(tickets.priority, query.priority));
  if (query.dealerId) conditions.push(eq(tickets.responsibleDealerId, query.dealerId));
  if (query.departmentId) {
    conditions.push(
      or(
        eq(tickets.responsibleDepartmentId, query.departmentId),
        sql`${tickets.ccDepartmentIds} @> array[${query.departmentId}]::uuid[]`,
      ),
    );
  }
  if (query.regionId) conditions.push(eq(tickets.regionId, query.regionId));
  if (query.slaState) conditions.push(inArray(tickets.slaState, query.slaState));
  // `me` is resolved to the caller's id by the route; an unresolved one matches nothing.
  if (query.createdBy) conditions.push(query.createdBy === 'me' ? sql`false` : eq(tickets.createdBy, query.createdBy));
  if (query.customerId) conditions.push(eq(tickets.customerId, query.customerId));
  if (query.queue === 'supervisor') {
    conditions.push(inArray(tickets.status, ['new', 'rerouted']), sql`${tickets.routingDecision} -> 'target' ->> 'kind' = 'supervisor_queue'`);
  }
  if (query.categoryId) {
    conditions.push(sql`${tickets.categoryId} in (
      select sub.id from ${categories} sub, ${categories} root
      where root.id = ${query.categoryId} and (sub.path = root.path or sub.path like root.path || '/%'))`);
  }
  if (query.createdFrom) conditions.push(gte(tickets.createdAt, new Date(query.createdFrom)));
  if (query.createdTo) conditions.push(lte(tickets.createdAt, new Date(query.createdTo)));
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(
      or(
        sql`${tickets.subject} ilike ${pattern}`,
        sql`${tickets.description} ilike ${pattern}`,
        sql`${tickets.contactName} ilike ${pattern}`,
        sql`${tickets.number} ilike ${pattern}`,
        sql`${customers.name} ilike ${pattern}`,
      ),
    );
  }
  const column = SORT_COLUMNS[query.sort];
  const direction = query.order === 'desc' ? desc : asc;
  const after = (cursor: Cursor | undefined): SQL | undefined => {
    if (!cursor) return undefined;
    const value = query.sort === 'priority' ? sql`${cursor.value}` : sql`${cursor.value}::timestamptz`;
    const comparison = query.order === 'desc' ? sql`<` : sql`>`;
    return sql`(${column}, ${tickets.id}) ${comparison} (${value}, ${cursor.id}::uuid)`;
  };
  const read = (part: SQL | undefined, cursor: Cursor | undefined, limit: number) =>
    ticketViewQuery(db)
      .where(and(...conditions, part, after(cursor)))
      .orderBy(direction(column), direction(tickets.id))
      .limit(limit);
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;

  // Roadside first (the default): the open roadside tickets in the chosen order, then the rest in the chosen order —
  // two keyset reads, the cursor saying in which part the last page ended. `roadsideFirst=false`: the order alone.
  const rows: Array<{ row: ViewRow; urgent: boolean }> = [];
  if (query.roadsideFirst === 'false') {
    for (const row of await read(undefined, cursor, query.limit + 1)) rows.push({ row, urgent: false });
  } else {
    if (!cursor || cursor.urgent) {
      for (const row of await read(urgentTicket, cursor, query.limit + 1)) rows.push({ row, urgent: true });
    }
    if (rows.length <= query.limit) {
      const rest = await read(not(urgentTicket), cursor?.urgent ? undefined : cursor, query.limit + 1 - rows.length);
      for (const row of rest) rows.push({ row, urgent: false });
    }
  }
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const sortValue = (row: ViewRow) => {
    const value = row.ticket[query.sort];
    return value instanceof Date ? value.toISOString() : String(value);
  };
  return {
    items: toViews(page.map(({ row }) => row)),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ value: sortValue(last.row), id: last.row.ticket.id, ...(last.urgent ? { urgent: true } : {}) })
        : null,
  };
}

export type TicketEventView = typeof ticketEvents.$inferSelect;

/** A ticket's events in order. The caller filters note visibility (canReadNote) before presenting. */
export async function listTicketEvents(db: Executor, scope: TicketScope, ticketId: string): Promise<TicketEventView[] | null> {
  const [visible] = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), scopeCondition(scope)));
  if (!visible) return null;
  return db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.sequence));
}
