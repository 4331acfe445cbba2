/**
 * Reads what the pure routing engine needs from the database: the published rule set, the dealers with their
 * current load and opening state, and the facts of a ticket (category path, customer place, vehicle, history).
 */
import { and, count, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { lifecycleStageOf, monthsBetween } from '../../customers/lifecycle-stage';
import { openingStateAt } from '../../routing/business-hours';
import type { RoutingDealer, RoutingEnvironment, RoutingTicket } from '../../routing/route-ticket';
import type { RoutingAction, RoutingCondition, RoutingRule, RoutingRuleSet } from '../../routing/routing-rules';
import { type BusinessCalendar, calendarFromRows } from '../../sla/business-calendar';
import type { Channel, DealerCapability, Priority, PurchaseTiming, TicketType } from '../../tickets/ticket-vocabulary';
import type { Executor } from '../db/client';
import { calendarDays, calendars, categories, customers, dealers, departments, routingRules, routingRuleSets, slaPolicies, tickets, vehicles } from '../db/schema';

const OPEN_STATUSES = ['new', 'dispatched', 'acknowledged', 'in_progress', 'pending_customer', 'rerouted', 'reopened'];

/** `set:P2` / `raise:P2` in routing_rules.set_priority. */
export function encodeRulePriority(priority: RoutingRule['priority']): string | null {
  return priority ? `${priority.mode}:${priority.value}` : null;
}

function decodeRulePriority(value: string | null): RoutingRule['priority'] {
  if (!value) return undefined;
  const [mode, priority] = value.split(':');
  return { mode: mode === 'raise' ? 'raise' : 'set', value: priority as Priority };
}

/** The newest published rule set, or null when none was ever published. */
export async function loadPublishedRuleSet(db: Executor): Promise<RoutingRuleSet | null> {
  const [ruleSet] = await db
    .select()
    .from(routingRuleSets)
    .where(eq(routingRuleSets.status, 'published'))
    .orderBy(desc(routingRuleSets.version))
    .limit(1);
  if (!ruleSet) return null;
  const rows = await ruleRowsOf(db, ruleSet.id);
  return {
    version: ruleSet.version,
    rules: rows.map((row) => ({
      id: row.id,
      name: row.name,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      enabled: row.enabled,
      conditions: row.conditions as RoutingCondition[],
      action: row.action as RoutingAction,
      ccDepartmentIds: row.ccDepartmentIds,
      priority: decodeRulePriority(row.setPriority),
      ...(row.slaPolicyCode ? { slaPolicyCode: row.slaPolicyCode } : {}),
    })),
  };
}

/** A rule set's rule rows in order, each with the code of the SLA policy it names (stored as the policy's id). */
export async function ruleRowsOf(db: Executor, ruleSetId: string) {
  const rows = await db
    .select({ rule: routingRules, slaPolicyCode: slaPolicies.code })
    .from(routingRules)
    .leftJoin(slaPolicies, eq(slaPolicies.id, routingRules.slaPolicyId))
    .where(eq(routingRules.ruleSetId, ruleSetId))
    .orderBy(routingRules.position);
  return rows.map(({ rule, slaPolicyCode }) => ({ ...rule, slaPolicyCode }));
}

/**
 * Every dealer with its open-ticket count and whether it is open at `at` on its business calendar (holidays and
 * make-up working days included, as SLA counts); the departments the signals copy. Each calendar is built once per
 * snapshot from two reads (the calendars, and their special days near `at`), not per dealer or per ticket.
 */
export async function loadRoutingEnvironment(db: Executor, at: Date): Promise<RoutingEnvironment> {
  const [dealerRows, loads, departmentRows, calendarsById] = await Promise.all([
    db.select().from(dealers),
    db
      .select({ dealerId: tickets.responsibleDealerId, open: count(), leads: sql<number>`count(*) filter (where ${tickets.type} = 'lead')`.mapWith(Number) })
      .from(tickets)
      .where(inArray(tickets.status, OPEN_STATUSES))
      .groupBy(tickets.responsibleDealerId),
    db.select({ id: departments.id, code: departments.code }).from(departments),
    loadCalendarsAround(db, at),
  ]);
  const loadOf = new Map(loads.map((row) => [row.dealerId, row]));
  const departmentId = (code: string) => departmentRows.find((row) => row.code === code)?.id ?? code;
  return {
    dealers: dealerRows.map((dealer): RoutingDealer => {
      const opening = openingStateAt(dealer.calendarId ? (calendarsById.get(dealer.calendarId) ?? null) : null, at);
      return {
        id: dealer.id,
        code: dealer.code,
        regionId: dealer.regionId,
        province: dealer.province,
        city: dealer.city,
        lat: dealer.lat,
        lng: dealer.lng,
        capabilities: dealer.capabilities as DealerCapability[],
        rescue24h: dealer.rescue24h,
        active: dealer.active,
        openTickets: loadOf.get(dealer.id)?.open ?? 0,
        openLeads: loadOf.get(dealer.id)?.leads ?? 0,
        capacity: dealer.capacity,
        openNow: opening.openNow,
        alwaysOpen: opening.alwaysOpen,
      };
    }),
    signalDepartments: { quality: departmentId('DEPT-QUALITY'), prLegal: departmentId('DEPT-PR-LEGAL'), rnd: departmentId('DEPT-RND') },
  };
}

/**
 * Every calendar, with only the holidays and make-up days within two days of `at` (enough to answer "open at `at`"
 * in any fixed-offset time zone), so the read stays small however many years of holidays are stored.
 */
async function loadCalendarsAround(db: Executor, at: Date): Promise<Map<string, BusinessCalendar>> {
  const day = (offsetDays: number) => new Date(at.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const [calendarRows, dayRows] = await Promise.all([
    db.select().from(calendars),
    db
      .select({ calendarId: calendarDays.calendarId, day: calendarDays.day, kind: calendarDays.kind })
      .from(calendarDays)
      .where(and(gte(calendarDays.day, day(-2)), lte(calendarDays.day, day(2)))),
  ]);
  return new Map(calendarRows.map((calendar) => [calendar.id, calendarFromRows(calendar, dayRows.filter((row) => row.calendarId === calendar.id))]));
}

/** What a ticket (saved, or a draft being previewed) tells the router. */
export interface TicketFactsSource {
  id?: string;
  type: TicketType;
  priority: Priority;
  categoryId: string | null;
  customerId: string | null;
  vehicleId: string | null;
  subject: string;
  description: string;
  channel: Channel;
  location: { lat?: number; lng?: number } | null;
  details: Record<string, unknown>;
  purchaseTiming: string | null;
  excludedDealerIds: readonly string[];
  excludedDepartmentIds: readonly string[];
}

interface TicketFactsRow {
  category_path: string | null;
  customer_id: string | null;
  province: string | null;
  city: string | null;
  vehicle_id: string | null;
  model: string | null;
  purchase_date: string | null;
  warranty_end: string | null;
  selling_dealer_id: string | null;
  servicing_dealer_id: string | null;
  vin_complaints: number | string | null;
  customer_tickets: number | string | null;
}

export async function loadTicketFacts(db: Executor, source: TicketFactsSource, environment: RoutingEnvironment, at: Date): Promise<RoutingTicket> {
  const since = (days: number) => new Date(at.getTime() - days * 86_400_000).toISOString();
  const thisTicket = source.id ?? null;
  // One round trip for everything the engine reads of this ticket: it runs inside every create, reject and dry run.
  const result = await db.execute(sql`
    select
      (select path from ${categories} where id = ${source.categoryId ?? null}::uuid) as category_path,
      c.id as customer_id, c.province, c.city,
      v.id as vehicle_id, v.model, v.purchase_date::text as purchase_date, v.warranty_end::text as warranty_end,
      v.selling_dealer_id, v.servicing_dealer_id,
      (select count(*)::int from ${tickets} t where t.vehicle_id = v.id and t.type = 'complaint'
         and t.created_at >= ${since(90)}::timestamptz and (${thisTicket}::uuid is null or t.id <> ${thisTicket}::uuid)) as vin_complaints,
      (select count(*)::int from ${tickets} t where t.customer_id = c.id
         and t.created_at >= ${since(30)}::timestamptz and (${thisTicket}::uuid is null or t.id <> ${thisTicket}::uuid)) as customer_tickets
    from (select 1) as one
    left join ${customers} c on c.id = ${source.customerId ?? null}::uuid
    left join ${vehicles} v on v.id = ${source.vehicleId ?? null}::uuid`);
  const row = (result as unknown as { rows: TicketFactsRow[] }).rows[0];
  const category = row.category_path !== null ? { path: row.category_path } : undefined;
  const customer = row.customer_id !== null ? { province: row.province, city: row.city } : undefined;
  const vehicle =
    row.vehicle_id !== null
      ? {
          id: row.vehicle_id,
          model: row.model!,
          purchaseDate: row.purchase_date,
          warrantyEnd: row.warranty_end,
          sellingDealerId: row.selling_dealer_id,
          servicingDealerId: row.servicing_dealer_id,
        }
      : undefined;
  const vinHistory = { n: Number(row.vin_complaints ?? 0) };
  const customerHistory = { n: Number(row.customer_tickets ?? 0) };
  // Customers are known by city; the city's dealers give its region and an approximate centre.
  const cityDealers = customer?.city ? environment.dealers.filter((dealer) => dealer.city === customer.city) : [];
  const centre = cityDealers.length
    ? { lat: cityDealers.reduce((sum, dealer) => sum + dealer.lat, 0) / cityDealers.length, lng: cityDealers.reduce((sum, dealer) => sum + dealer.lng, 0) / cityDealers.length }
    : null;
  const today = at.toISOString().slice(0, 10);
  const hasLocation = source.location?.lat !== undefined && source.location?.lng !== undefined;
  const named = (source.details.namedDealerId ?? source.details.praisedDealerId) as string | undefined;
  return {
    type: source.type,
    priority: source.priority,
    categoryPath: category ? category.path.split('/') : [],
    subject: source.subject,
    description: source.description,
    channel: source.channel,
    location: hasLocation ? { lat: source.location!.lat!, lng: source.location!.lng! } : null,
    customer: customer
      ? { province: customer.province, city: customer.city, regionId: cityDealers[0]?.regionId ?? null, lat: centre?.lat ?? null, lng: centre?.lng ?? null }
      : null,
    vehicle: vehicle
      ? {
          model: vehicle.model,
          ageMonths: vehicle.purchaseDate ? monthsBetween(new Date(`${vehicle.purchaseDate}T00:00:00Z`), at) : null,
          inWarranty: vehicle.warrantyEnd !== null && vehicle.warrantyEnd >= today,
          sellingDealerId: vehicle.sellingDealerId,
          servicingDealerId: vehicle.servicingDealerId,
        }
      : null,
    lifecycleStage: vehicle ? lifecycleStageOf(vehicle.purchaseDate, at) : null,
    namedDealerId: named ?? null,
    purchaseTiming: (source.purchaseTiming as PurchaseTiming | null) ?? null,
    excludedDealerIds: source.excludedDealerIds,
    excludedDepartmentIds: source.excludedDepartmentIds,
    history: { vinComplaints90d: vinHistory.n, customerTickets30d: customerHistory.n },
  };
}

/** Readable names for the ids in a decision, for the explanation shown to people. */
export async function namesForDecision(db: Executor, dealerIds: string[], departmentIds: string[]) {
  const [dealerRows, departmentRows] = await Promise.all([
    dealerIds.length ? db.select({ id: dealers.id, code: dealers.code, nameZh: dealers.nameZh, nameEn: dealers.nameEn }).from(dealers).where(inArray(dealers.id, dealerIds)) : [],
    departmentIds.length ? db.select({ id: departments.id, code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn }).from(departments).where(inArray(departments.id, departmentIds)) : [],
  ]);
  return { dealers: dealerRows, departments: departmentRows };
}
