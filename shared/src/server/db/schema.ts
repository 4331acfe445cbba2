/**
 * The whole domain model of careline (docs/ARCHITECTURE.md). Tables exist here before the behaviour that uses them,
 * so later features add code, not migrations that reshape what is already in production.
 * Column values that are enums live in shared/src/tickets/ticket-vocabulary.ts; renaming one needs a migration.
 */
import { sql } from 'drizzle-orm';
import type { ResolutionReport } from '../../reports/report.types';
import type { CallbackTaskStatus } from '../../callbacks/callback-rules';
import type { RoadsideCandidate, RoadsideJobStatus, RoadsideOfferStatus } from '../../roadside/roadside-vocabulary';
import type { MilestoneClock } from '../../sla/sla-policy';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  customType,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Weekly working hours: ISO weekday (1 = Monday) → list of [start, end) in local 'HH:MM'. */
export type TWeeklyHours = Record<string, Array<[string, string]>>;

export const calendars = pgTable('calendars', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  weeklyHours: jsonb('weekly_hours').$type<TWeeklyHours>().notNull(),
  /** 24×7 calendars ignore weekly hours and holidays. */
  alwaysOpen: boolean('always_open').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Public holidays (closed) and the make-up working days of the Chinese schedule (调休, open on a weekend). */
export const calendarDays = pgTable(
  'calendar_days',
  {
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => calendars.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    name: text('name'),
  },
  (table) => [primaryKey({ columns: [table.calendarId, table.day] })],
);

export const regions = pgTable('regions', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** Regional managers and others an escalation reaches by role (`regional_manager`). */
  escalationContacts: jsonb('escalation_contacts')
    .$type<Array<{ role: string; name: string; email: string; locale?: 'zh-CN' | 'en' }>>()
    .notNull()
    .default(sql`'[]'::jsonb`),
});

export const dealers = pgTable(
  'dealers',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    province: text('province').notNull(),
    city: text('city').notNull(),
    address: text('address').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    capabilities: text('capabilities').array().notNull().default(sql`'{}'::text[]`),
    rescue24h: boolean('rescue_24h').notNull().default(false),
    calendarId: uuid('calendar_id').references(() => calendars.id),
    businessHours: jsonb('business_hours').$type<{ weekdays: number[]; open: string; close: string }>().notNull(),
    notificationEmails: text('notification_emails').array().notNull().default(sql`'{}'::text[]`),
    /** Escalation contacts by role: service manager, regional manager… with name and e-mail. */
    escalationContacts: jsonb('escalation_contacts')
      .$type<Array<{ role: string; name: string; email: string; locale?: 'zh-CN' | 'en' }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    capacity: integer('capacity').notNull().default(50),
    /**
     * Who makes the new-vehicle campaign calls (新车回访 3 days, 7 days, 1 month after purchase) for the cars this dealer
     * sold: the dealer itself (the usual practice) or the hotline's callback queue. Admins set it per dealer.
     */
    campaignCallbacks: text('campaign_callbacks').$type<'dealer' | 'hotline'>().notNull().default('dealer'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('dealers_region_idx').on(table.regionId), index('dealers_city_idx').on(table.province, table.city)],
);

export const departments = pgTable('departments', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  notificationEmails: text('notification_emails').array().notNull().default(sql`'{}'::text[]`),
  calendarId: uuid('calendar_id').references(() => calendars.id),
  active: boolean('active').notNull().default(true),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    dealerId: uuid('dealer_id').references(() => dealers.id),
    departmentId: uuid('department_id').references(() => departments.id),
    locale: text('locale').notNull().default('zh-CN'),
    notificationPreferences: jsonb('notification_preferences')
      .$type<{ nonUrgent: 'immediate' | 'digest' }>()
      .notNull()
      .default(sql`'{"nonUrgent":"immediate"}'::jsonb`),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    passwordChangedAt: instant('password_changed_at'),
    /** TOTP (RFC 6238) shared secret, base32; set at enrolment, confirmed when `totpEnabledAt` is set. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: instant('totp_enabled_at'),
    /** The last time step a code was accepted for: a code is good once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** Recovery codes, each stored by its SHA-256, with the moment it was used. */
    recoveryCodes: jsonb('recovery_codes')
      .$type<Array<{ hash: string; usedAt: string | null }>>()
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (table) => [index('users_dealer_idx').on(table.dealerId), index('users_department_idx').on(table.departmentId)],
);

/** Sessions are stored by the SHA-256 of their token: a database leak does not leak live cookies. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    /** `active`: a full session; `mfa`: password accepted, second factor awaited; `enrol`: must enrol TOTP first. */
    stage: text('stage').$type<'active' | 'mfa' | 'enrol'>().notNull().default('active'),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/** Keys for dealer systems (DMS). A key acts as its dealer with the dealer_user abilities. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull().unique(),
  keyHash: text('key_hash').notNull(),
  dealerId: uuid('dealer_id')
    .notNull()
    .references(() => dealers.id),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
  lastUsedAt: instant('last_used_at'),
  revokedAt: instant('revoked_at'),
});

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'person' | 'company'>().notNull().default('person'),
    name: text('name').notNull(),
    /** Normalized digits (see shared/src/customers/phone.ts): the customer key callers are found by. */
    phone: text('phone').notNull(),
    email: text('email'),
    province: text('province'),
    city: text('city'),
    /** Which source system gave each field, when, and through which import (import_sources rank them). */
    fieldSources: jsonb('field_sources').$type<Record<string, FieldSource>>().notNull().default(sql`'{}'::jsonb`),
    /**
     * The resident ID number, never stored in clear: a keyed hash (HMAC-SHA256 with the installation's data key) that
     * finds the same person across sources, and the number masked for display (110101********1234).
     */
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    /** Data-quality flags (shared/src/import): what a supervisor should look at. */
    qualityFlags: text('quality_flags').array().notNull().default(sql`'{}'::text[]`),
    /** Merged by hand into another record (its tickets and vehicles moved there); the row stays for the history. */
    mergedInto: uuid('merged_into'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('customers_phone_idx').on(table.phone),
    index('customers_name_idx').on(table.name),
    index('customers_id_number_idx').on(table.idNumberHash),
  ],
);

/** Where a record's field came from: the source system, when, and the import (null: entered in careline). */
export interface FieldSource {
  source: string;
  at: string;
  importId: string | null;
}

export const vehicles = pgTable(
  'vehicles',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    vin: text('vin').notNull().unique(),
    plate: text('plate'),
    model: text('model').notNull(),
    powertrain: text('powertrain').$type<'ice' | 'ev' | 'phev'>().notNull().default('ice'),
    purchaseDate: date('purchase_date', { mode: 'string' }),
    sellingDealerId: uuid('selling_dealer_id').references(() => dealers.id),
    servicingDealerId: uuid('servicing_dealer_id').references(() => dealers.id),
    warrantyEnd: date('warranty_end', { mode: 'string' }),
    batteryWarrantyEnd: date('battery_warranty_end', { mode: 'string' }),
    mileageKm: integer('mileage_km'),
    /** PDI, internal and accident vehicles (shared/src/import): kept, but left out of outreach such as new-vehicle callbacks. */
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    fieldSources: jsonb('field_sources').$type<Record<string, FieldSource>>().notNull().default(sql`'{}'::jsonb`),
  },
  (table) => [index('vehicles_customer_idx').on(table.customerId), index('vehicles_plate_idx').on(table.plate)],
);

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    parentId: uuid('parent_id'),
    /** Codes from the root down, joined by '/': a subtree is a prefix match. */
    path: text('path').notNull(),
    ticketType: text('ticket_type').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    defaultPriority: text('default_priority'),
    ccDepartmentIds: uuid('cc_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /**
     * Words and phrases (zh or en) that point to this category: the category suggestions' fallback before there is
     * enough confirmed history to learn from (shared/src/assist). Admins edit them with the tree.
     */
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
  },
  (table) => [index('categories_parent_idx').on(table.parentId), index('categories_path_idx').on(table.path)],
);

export const slaPolicies = pgTable('sla_policies', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  /** One label for places without a reader's language (logs, validation messages); the console shows nameZh/nameEn. */
  name: text('name').notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  ticketType: text('ticket_type'),
  priority: text('priority'),
  acknowledgeMinutes: integer('acknowledge_minutes').notNull(),
  firstContactMinutes: integer('first_contact_minutes').notNull(),
  resolveMinutes: integer('resolve_minutes').notNull(),
  calendarId: uuid('calendar_id').references(() => calendars.id),
  warningRatio: doublePrecision('warning_ratio').notNull().default(0.75),
  escalationChain: jsonb('escalation_chain')
    .$type<Array<{ level: number; afterMinutes: number; recipients: string[]; channels: string[] }>>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  /** Operational-level target for each copied department (business minutes on its calendar); null: none. */
  ccInternalMinutes: integer('cc_internal_minutes'),
  /** Business minutes (on the resolve clock's calendar) within which the hotline calls back after a resolution; null: no callback. */
  callbackMinutes: integer('callback_minutes'),
  /** Roadside: minutes (24×7) from the call to a provider's acceptance; null: no such clock. */
  rescueAcceptMinutes: integer('rescue_accept_minutes'),
  /** Roadside: minutes (24×7) from a provider's acceptance to its arrival at the car; null: no such clock. */
  rescueArriveMinutes: integer('rescue_arrive_minutes'),
  version: integer('version').notNull().default(1),
  active: boolean('active').notNull().default(true),
  updatedAt: updatedAt(),
});

export const routingRuleSets = pgTable('routing_rule_sets', {
  id: uuid('id').primaryKey(),
  version: integer('version').notNull().unique(),
  status: text('status').$type<'draft' | 'published' | 'archived'>().notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
  publishedAt: instant('published_at'),
  publishedBy: uuid('published_by').references(() => users.id),
});

export const routingRules = pgTable(
  'routing_rules',
  {
    id: uuid('id').primaryKey(),
    ruleSetId: uuid('rule_set_id')
      .notNull()
      .references(() => routingRuleSets.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** One label for places without a reader's language (logs, validation messages); the console shows nameZh/nameEn. */
    name: text('name').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    conditions: jsonb('conditions').notNull(),
    action: jsonb('action').notNull(),
    ccDepartmentIds: uuid('cc_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    setPriority: text('set_priority'),
    slaPolicyId: uuid('sla_policy_id').references(() => slaPolicies.id),
  },
  (table) => [index('routing_rules_set_idx').on(table.ruleSetId, table.position)],
);

/** A ticket's location (ZStoredLocation in shared/src/tickets/ticket.schemas.ts): jsonb, so new optional fields need no migration. */
export type TLocation = {
  address: string;
  lat?: number;
  lng?: number;
  source?: 'typed' | 'gazetteer';
  precision?: 'exact' | 'district' | 'city' | 'province';
  place?: { province: string; city?: string; district?: string };
};

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    type: text('type').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    priority: text('priority').notNull(),
    categoryId: uuid('category_id').references(() => categories.id),
    customerId: uuid('customer_id').references(() => customers.id),
    vehicleId: uuid('vehicle_id').references(() => vehicles.id),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    location: jsonb('location').$type<TLocation>(),
    /** Type-specific fields (lead source, purchase timing, roadside type…), validated by the create schema. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    purchaseTiming: text('purchase_timing'),
    responsibleDealerId: uuid('responsible_dealer_id').references(() => dealers.id),
    responsibleDepartmentId: uuid('responsible_department_id').references(() => departments.id),
    ccDepartmentIds: uuid('cc_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Dealers that rejected this ticket: routing never sends it back to them. */
    excludedDealerIds: uuid('excluded_dealer_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Departments that rejected this ticket: a department rule does not send it back to them. */
    excludedDepartmentIds: uuid('excluded_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Region of the responsible dealer, or of the customer's city while nobody is responsible. */
    regionId: uuid('region_id').references(() => regions.id),
    routingRuleSetVersion: integer('routing_rule_set_version'),
    routingDecision: jsonb('routing_decision'),
    slaPolicyId: uuid('sla_policy_id').references(() => slaPolicies.id),
    acknowledgeDueAt: instant('acknowledge_due_at'),
    firstContactDueAt: instant('first_contact_due_at'),
    resolveDueAt: instant('resolve_due_at'),
    dispatchedAt: instant('dispatched_at'),
    acknowledgedAt: instant('acknowledged_at'),
    firstContactAt: instant('first_contact_at'),
    resolvedAt: instant('resolved_at'),
    closedAt: instant('closed_at'),
    cancelledAt: instant('cancelled_at'),
    pausedAt: instant('paused_at'),
    pausedSeconds: integer('paused_seconds').notNull().default(0),
    slaState: text('sla_state').$type<'ok' | 'warning' | 'breached'>().notNull().default('ok'),
    breachedClocks: text('breached_clocks').array().notNull().default(sql`'{}'::text[]`),
    escalationLevel: integer('escalation_level').notNull().default(0),
    rerouteCount: integer('reroute_count').notNull().default(0),
    reopenCount: integer('reopen_count').notNull().default(0),
    satisfaction: integer('satisfaction'),
    trackingToken: text('tracking_token').notNull().unique(),
    /**
     * Hash and count of the ticket's last event, written with every event: deleting events from the end of a chain
     * (which leaves a shorter chain that is valid in itself) no longer matches the ticket.
     */
    auditHeadHash: text('audit_head_hash').notNull(),
    auditEventCount: integer('audit_event_count').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    index('tickets_created_idx').on(table.createdAt, table.id),
    index('tickets_status_idx').on(table.status),
    index('tickets_dealer_idx').on(table.responsibleDealerId, table.createdAt),
    index('tickets_department_idx').on(table.responsibleDepartmentId, table.createdAt),
    index('tickets_cc_idx').using('gin', table.ccDepartmentIds),
    index('tickets_customer_idx').on(table.customerId),
    index('tickets_vehicle_idx').on(table.vehicleId),
    index('tickets_category_idx').on(table.categoryId),
    // Open roadside tickets head every list (ticket-queries.ts, the same predicate word for word): a few rows.
    index('tickets_open_roadside_idx')
      .on(table.createdAt, table.id)
      .where(sql`type = 'roadside' and status in ('new', 'dispatched', 'acknowledged', 'in_progress', 'pending_customer', 'rerouted', 'reopened')`),
  ],
);

/**
 * Append-only history. Each event carries the hash of the previous event of its ticket (shared/src/audit), so a
 * row edited in the database is found by `npm run audit:verify`.
 */
/** The columns of an event on a hash chain (a ticket's, or a campaign task's), after the id of the chain's owner. */
const chainedEventColumns = () => ({
  sequence: integer('sequence').notNull(),
  type: text('type').notNull(),
  actorId: uuid('actor_id'),
  actorRole: text('actor_role'),
  actorName: text('actor_name').notNull(),
  occurredAt: instant('occurred_at').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  /**
   * What the event did to the rows derived from the history (SLA clocks, resolution times, lead follow-ups, callback
   * figures), covered by the hash: verification replays them against the rows (shared/src/server/audit/
   * derived-figures.ts). Null on events written before the chain carried them.
   */
  facts: jsonb('facts').$type<Record<string, unknown>>(),
  previousHash: text('previous_hash').notNull(),
  hash: text('hash').notNull(),
});

export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    ...chainedEventColumns(),
  },
  (table) => [
    uniqueIndex('ticket_events_sequence_idx').on(table.ticketId, table.sequence),
    index('ticket_events_type_idx').on(table.type, table.occurredAt),
  ],
);

/** Per-type per-day counters for ticket numbers (TS20261122-00042). */
export const ticketNumberCounters = pgTable('ticket_number_counters', {
  key: text('key').primaryKey(),
  lastValue: integer('last_value').notNull(),
});

/** One ticket per Idempotency-Key per caller; the request's hash catches a key reused for another body. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    callerId: text('caller_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.callerId, table.key] })],
);

/**
 * What must happen after a commit (realtime events, mails, SLA timers), written in the command's transaction and
 * carried out at least once by the relay in workers/.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    ticketId: uuid('ticket_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    availableAt: instant('available_at').notNull().defaultNow(),
    processedAt: instant('processed_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (table) => [index('outbox_pending_idx').on(table.processedAt, table.availableAt, table.id)],
);

/** SLA clocks of a ticket: one row per clock and owner (a reroute starts a new acknowledge clock). */
export const slaMilestones = pgTable(
  'sla_milestones',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    clock: text('clock').$type<MilestoneClock>().notNull(),
    ownerType: text('owner_type').$type<'hotline' | 'dealer' | 'department'>().notNull(),
    ownerId: uuid('owner_id'),
    startedAt: instant('started_at').notNull(),
    dueAt: instant('due_at').notNull(),
    warnAt: instant('warn_at'),
    metAt: instant('met_at'),
    pausedSeconds: integer('paused_seconds').notNull().default(0),
    warnedAt: instant('warned_at'),
    breachedAt: instant('breached_at'),
    cancelledAt: instant('cancelled_at'),
    /** Highest escalation level reached after the breach, and when the next level is due (null: none left). */
    escalationLevel: integer('escalation_level').notNull().default(0),
    nextEscalationAt: instant('next_escalation_at'),
    /**
     * Derived for the reports (docs/ARCHITECTURE.md, "Reports"): when the current owner got this clock — its start, or
     * the `dispatched` event that carried it over to a new owner — and the paused business seconds it had by then.
     * Null: since its start.
     */
    ownedSince: instant('owned_since'),
    pausedSecondsBeforeOwner: integer('paused_seconds_before_owner').notNull().default(0),
  },
  (table) => [
    index('sla_milestones_ticket_idx').on(table.ticketId),
    index('sla_milestones_due_idx').on(table.dueAt),
    // The reports read the running clocks (their age so far is a censored observation).
    index('sla_milestones_open_idx').on(table.clock, table.ownerType, table.ownerId).where(sql`met_at is null and cancelled_at is null`),
    // …and the oldest of them, where the calendar day tables must start.
    index('sla_milestones_open_since_idx').using('btree', sql`coalesce(owned_since, started_at)`).where(sql`met_at is null and cancelled_at is null`),
  ],
);

/**
 * Derived for the reports: one row per stretch of an SLA clock held by one party, written when the stretch ends — the
 * clock met, stopped, or carried over to another party by a reroute. Running stretches are the open `sla_milestones`
 * themselves (their owner since `owned_since`). Every column follows from the ticket's events (the event that ended
 * the stretch, the `dispatched` event that began it, the pauses in between) with its SLA policy and the owner's
 * calendar, as the SLA clocks count them: see docs/ARCHITECTURE.md, "Reports".
 */
export const slaClockSpans = pgTable(
  'sla_clock_spans',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    milestoneId: uuid('milestone_id')
      .notNull()
      .references(() => slaMilestones.id),
    clock: text('clock').$type<MilestoneClock>().notNull(),
    ownerType: text('owner_type').$type<'hotline' | 'dealer' | 'department'>().notNull(),
    ownerId: uuid('owner_id'),
    fromAt: instant('from_at').notNull(),
    toAt: instant('to_at').notNull(),
    /** met; handed_over (a reroute carried the clock to the next owner); rerouted (stopped as the ticket left); stopped. */
    outcome: text('outcome').$type<'met' | 'handed_over' | 'rerouted' | 'stopped'>().notNull(),
    dueAt: instant('due_at').notNull(),
    /** The clock breached while this party held it. */
    breached: boolean('breached').notNull(),
    businessSeconds: integer('business_seconds').notNull(),
    clockSeconds: integer('clock_seconds').notNull(),
  },
  (table) => [
    index('sla_clock_spans_ticket_idx').on(table.ticketId),
    index('sla_clock_spans_owner_idx').on(table.clock, table.ownerType, table.ownerId),
    // A party's former tickets (the drill-down): the few stretches that ended by the ticket leaving it.
    index('sla_clock_spans_left_idx').on(table.ownerType, table.ownerId).where(sql`outcome in ('rerouted', 'handed_over')`),
  ],
);

/**
 * Derived for the reports' in-process index (server/reports/report-index.ts). `tickets`, `sla_milestones` and
 * `sla_clock_spans` also carry a column `changed_xid` (the transaction that last wrote the row, set by a trigger,
 * indexed) that migration 0014 adds by hand and this schema leaves out on purpose: no command writes or reads it, and
 * rows selected here do not carry it. This table's generation is bumped by a statement trigger whenever rows it cannot follow by
 * `changed_xid` go away or change in place (a delete or truncate of tickets, clocks or stretches; an update of a
 * stretch, which is written once). An index that sees another generation loads again from scratch.
 */
export const reportIndexGeneration = pgTable('report_index_generation', {
  id: integer('id').primaryKey(),
  generation: bigint('generation', { mode: 'number' }).notNull(),
});

/** What a customer may name when unhappy at a callback (回访不满意原因); admins edit the list, codes never change. */
export const callbackReasons = pgTable('callback_reasons', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  updatedAt: updatedAt(),
});

/**
 * A call the hotline (or a dealer) owes a customer: after a resolution (回访), or a new-vehicle campaign call. Every
 * attempt is also an event on the ticket's hash chain (a campaign call's: on its own, callback_task_events); this row
 * is the queue's view of it, derived from those events.
 */
export const callbackTasks = pgTable(
  'callback_tasks',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'resolution' | 'new_vehicle_3d' | 'new_vehicle_7d' | 'new_vehicle_1m'>().notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    vehicleId: uuid('vehicle_id').references(() => vehicles.id),
    customerId: uuid('customer_id').references(() => customers.id),
    /** Who calls: the hotline's callback queue, or a dealer (new-vehicle calls of the selling dealer). */
    assigneeType: text('assignee_type').$type<'hotline' | 'dealer'>().notNull(),
    dealerId: uuid('dealer_id').references(() => dealers.id),
    status: text('status').$type<CallbackTaskStatus>().notNull(),
    dueAt: instant('due_at').notNull(),
    /** When the next attempt should be made (after a failed one); the due time until the first attempt. */
    nextAttemptAt: instant('next_attempt_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    firstAttemptAt: instant('first_attempt_at'),
    /** The first attempt that reached the customer: what the timely-callback rate (及时回访率) measures. */
    reachedAt: instant('reached_at'),
    satisfaction: integer('satisfaction'),
    solved: boolean('solved'),
    reasonCode: text('reason_code'),
    completedAt: instant('completed_at'),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
    /**
     * A campaign task (no ticket) keeps its own hash chain in callback_task_events: its head, as tickets keep theirs
     * (catches events deleted from the end). Null and 0 on resolution tasks, whose events are on the ticket's chain.
     */
    auditHeadHash: text('audit_head_hash'),
    auditEventCount: integer('audit_event_count').notNull().default(0),
  },
  (table) => [
    index('callback_tasks_due_idx').on(table.kind, table.dueAt),
    index('callback_tasks_queue_idx').on(table.status, table.nextAttemptAt),
    index('callback_tasks_ticket_idx').on(table.ticketId),
    uniqueIndex('callback_tasks_one_open_idx').on(table.ticketId).where(sql`status = 'open' and ticket_id is not null`),
    uniqueIndex('callback_tasks_campaign_idx').on(table.vehicleId, table.kind).where(sql`vehicle_id is not null`),
  ],
);

/**
 * The audit chain of a campaign callback task (新车回访, no ticket): its creation and every call, hashed and linked
 * exactly as ticket_events are (the same HMAC-keyed chain code, with the task's id as the chain's id), carrying the
 * figures (task and attempt rows) they vouch for. Append-only (trigger, migration 0013).
 */
export const callbackTaskEvents = pgTable(
  'callback_task_events',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => callbackTasks.id),
    ...chainedEventColumns(),
  },
  (table) => [uniqueIndex('callback_task_events_sequence_idx').on(table.taskId, table.sequence)],
);

/** One call of a callback task: who called, when, and what came of it. */
export const callbackAttempts = pgTable(
  'callback_attempts',
  {
    id: uuid('id').primaryKey(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => callbackTasks.id),
    attempt: integer('attempt').notNull(),
    result: text('result').$type<'reached' | 'no_answer' | 'busy' | 'wrong_number'>().notNull(),
    satisfaction: integer('satisfaction'),
    solved: boolean('solved'),
    reasonCode: text('reason_code').references(() => callbackReasons.code),
    comment: text('comment'),
    calledBy: uuid('called_by').references(() => users.id),
    calledAt: instant('called_at').notNull(),
  },
  (table) => [uniqueIndex('callback_attempts_task_idx').on(table.taskId, table.attempt)],
);

/** A scorecard QA reviewers fill in for a sampled ticket: items answered yes/no or 1–5, each with a weight. */
export const qaScorecards = pgTable('qa_scorecards', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  items: jsonb('items')
    .$type<Array<{ key: string; labelZh: string; labelEn: string; kind: 'yes_no' | 'scale'; weight: number }>>()
    .notNull(),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  updatedAt: updatedAt(),
});

/**
 * A ticket drawn for QA review (monthly sampling per dealer, seeded and reproducible) and, once reviewed, its
 * answers and score. A ticket is drawn at most once, ever (`ticket_id` unique). Both the draw and the review are
 * events on the ticket's chain; this row is their queryable copy.
 */
export const qaReviews = pgTable(
  'qa_reviews',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id)
      .unique(),
    /** The month sampled, 'YYYY-MM' (closing month, Asia/Shanghai). */
    month: text('month').notNull(),
    dealerId: uuid('dealer_id').references(() => dealers.id),
    scorecardId: uuid('scorecard_id')
      .notNull()
      .references(() => qaScorecards.id),
    seed: text('seed').notNull(),
    /** Rank of the ticket in the seeded order of its dealer-month's candidates (1 = drawn first). */
    rank: integer('rank').notNull(),
    sampledAt: instant('sampled_at').notNull(),
    sampledBy: uuid('sampled_by').references(() => users.id),
    reviewerId: uuid('reviewer_id').references(() => users.id),
    answers: jsonb('answers').$type<Record<string, boolean | number>>(),
    /** Weighted score 0–100, once reviewed. */
    score: doublePrecision('score'),
    comment: text('comment'),
    completedAt: instant('completed_at'),
    version: integer('version').notNull().default(1),
  },
  (table) => [index('qa_reviews_month_idx').on(table.month, table.dealerId)],
);

/**
 * A tsvector built from careline's own tokens (shared/src/assist/text-tokens.ts: Chinese character bigrams and
 * English words), written as a tsvector literal, never through a text search configuration: PostgreSQL's parser
 * drops Chinese characters under the C locale, and PGlite has no Chinese parser either.
 */
const tsvector = customType<{ data: string; driverData: string }>({ dataType: () => 'tsvector' });

export type KbArticleStatus = 'draft' | 'published' | 'archived';
/** `agents`: the hotline only; `everyone`: dealers, their technicians and departments too. */
export type KbAudience = 'agents' | 'everyone';

/** A knowledge-base article (知识库): the current version; every version is kept in `kb_article_versions`. */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    /** Markdown, rendered on the server without raw HTML. */
    body: text('body').notNull(),
    /** Vehicle models it applies to; empty: every model. */
    models: text('models').array().notNull().default(sql`'{}'::text[]`),
    /** Model years it applies to (inclusive); null: open-ended. */
    yearFrom: integer('year_from'),
    yearTo: integer('year_to'),
    symptoms: text('symptoms').array().notNull().default(sql`'{}'::text[]`),
    audience: text('audience').$type<KbAudience>().notNull().default('agents'),
    status: text('status').$type<KbArticleStatus>().notNull().default('draft'),
    version: integer('version').notNull().default(1),
    /** Title and symptoms weighted A, body B (see `tsvector` above). */
    search: tsvector('search').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: updatedAt(),
    publishedAt: instant('published_at'),
  },
  (table) => [index('kb_articles_search_idx').using('gin', table.search), index('kb_articles_status_idx').on(table.status, table.updatedAt)],
);

/** Every saved version of an article, as it was saved: who changed what, and when. */
export const kbArticleVersions = pgTable(
  'kb_article_versions',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    models: text('models').array().notNull(),
    yearFrom: integer('year_from'),
    yearTo: integer('year_to'),
    symptoms: text('symptoms').array().notNull(),
    audience: text('audience').$type<KbAudience>().notNull(),
    status: text('status').$type<KbArticleStatus>().notNull(),
    editedBy: uuid('edited_by').references(() => users.id),
    editedAt: instant('edited_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.version] })],
);

/**
 * An article used on a ticket: attached by an agent (an event on the ticket's chain), and whether the ticket was
 * resolved with it. Articles show how often they solved a ticket from these rows.
 */
export const ticketKbLinks = pgTable(
  'ticket_kb_links',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id),
    /** The article's version when it was attached. */
    articleVersion: integer('article_version').notNull(),
    linkedBy: uuid('linked_by').references(() => users.id),
    linkedAt: instant('linked_at').notNull().defaultNow(),
    /** The ticket was resolved with this article (first-contact resolution of an enquiry, or a later resolve). */
    resolvedWith: boolean('resolved_with').notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.ticketId, table.articleId] }), index('ticket_kb_links_article_idx').on(table.articleId)],
);

/**
 * Labelled complaints a hotline brings from its former system (CSV or XLSX, import kind `complaint_history`): they
 * count as confirmed history when the category suggestions are trained, marked as imported.
 */
export const assistHistory = pgTable(
  'assist_history',
  {
    id: uuid('id').primaryKey(),
    text: text('text').notNull(),
    ticketType: text('ticket_type').notNull(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => categories.id),
    occurredAt: instant('occurred_at'),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    rowNumber: integer('row_number').notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('assist_history_row_idx').on(table.importId, table.rowNumber), index('assist_history_category_idx').on(table.categoryId)],
);

/**
 * A trained category-suggestion model: what it learned from, how well it did on the held-out part, and the model
 * itself (small: per-category feature weights). The newest `active` one serves suggestions.
 */
export const assistModels = pgTable(
  'assist_models',
  {
    id: uuid('id').primaryKey(),
    algorithm: text('algorithm').notNull(),
    status: text('status').$type<'active' | 'superseded'>().notNull(),
    /** Confirmed tickets and imported history rows it learned from, and the held-out ones it was scored on. */
    ticketSamples: integer('ticket_samples').notNull(),
    importedSamples: integer('imported_samples').notNull(),
    heldOutSamples: integer('held_out_samples').notNull(),
    /** top-1, top-3 and per-category accuracy on the held-out part. */
    accuracy: jsonb('accuracy').$type<Record<string, unknown>>().notNull(),
    model: jsonb('model').$type<Record<string, unknown>>().notNull(),
    trainMs: integer('train_ms').notNull(),
    /** null: the schedule. */
    trainedBy: uuid('trained_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (table) => [index('assist_models_created_idx').on(table.createdAt)],
);

/** A duplicate customer record merged by hand into another: who, when, and what moved with it. */
export const customerMerges = pgTable('customer_merges', {
  id: uuid('id').primaryKey(),
  fromCustomerId: uuid('from_customer_id')
    .notNull()
    .references(() => customers.id),
  intoCustomerId: uuid('into_customer_id')
    .notNull()
    .references(() => customers.id),
  mergedBy: uuid('merged_by').references(() => users.id),
  mergedAt: instant('merged_at').notNull().defaultNow(),
  tickets: integer('tickets').notNull(),
  vehicles: integer('vehicles').notNull(),
  /** The survivor's fields that the merged record's higher-ranked claims replaced, as they were. */
  fields: jsonb('fields').$type<Array<{ field: string; before: LoggedClaim | null; after: LoggedClaim }>>().notNull(),
});

/** The systems data is imported from, ranked: a higher `priority` wins a field over a lower one (admins edit it). */
export const importSources = pgTable('import_sources', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  priority: integer('priority').notNull(),
  active: boolean('active').notNull().default(true),
  updatedAt: updatedAt(),
});

/** The column mapping last used for a source and kind of file, offered again next time. */
export const importMappings = pgTable(
  'import_mappings',
  {
    source: text('source')
      .notNull()
      .references(() => importSources.code),
    kind: text('kind').$type<ImportKind>().notNull(),
    /** Target field → the file's column name. */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ columns: [table.source, table.kind] })],
);

export type ImportKind = 'customer' | 'vehicle' | 'relation' | 'complaint_history';
export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed' | 'undone';

/** One imported file: what it was, how far its worker got, and what it did. */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<ImportKind>().notNull(),
    source: text('source')
      .notNull()
      .references(() => importSources.code),
    fileName: text('file_name').notNull(),
    /** Where the upload is kept until the import ends (the server's import folder). */
    filePath: text('file_path').notNull(),
    fileSha256: text('file_sha256').notNull(),
    fileBytes: bigint('file_bytes', { mode: 'number' }).notNull(),
    format: text('format').$type<'csv' | 'xlsx'>().notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    /** When the file's values are as of: each field it sets remembers it (a re-import of the same file keeps the first's). */
    asOf: instant('as_of').notNull(),
    status: text('status').$type<ImportStatus>().notNull(),
    /** Rows read so far, and in all (known once the file is read through). */
    processedRows: integer('processed_rows').notNull().default(0),
    totalRows: integer('total_rows'),
    acceptedRows: integer('accepted_rows').notNull().default(0),
    rejectedRows: integer('rejected_rows').notNull().default(0),
    createdRecords: integer('created_records').notNull().default(0),
    updatedRecords: integer('updated_records').notNull().default(0),
    unchangedRecords: integer('unchanged_records').notNull().default(0),
    error: text('error'),
    /** The uploader's dealer, for a dealer's own upload (its rejected rows are its own). */
    dealerId: uuid('dealer_id').references(() => dealers.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
    undoneAt: instant('undone_at'),
    undoneBy: uuid('undone_by').references(() => users.id),
  },
  (table) => [index('imports_created_idx').on(table.createdAt)],
);

/** A row an import turned away: which field broke which rule, with the value as it was, for the dealer to fix. */
export const importRejections = pgTable(
  'import_rejections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    rowNumber: integer('row_number').notNull(),
    field: text('field').notNull(),
    rule: text('rule').notNull(),
    value: text('value'),
    /** The dealer the row belongs to (its dealer code, else the uploader's): that dealer may download it. */
    dealerId: uuid('dealer_id').references(() => dealers.id),
  },
  (table) => [index('import_rejections_import_idx').on(table.importId, table.rowNumber), index('import_rejections_dealer_idx').on(table.dealerId)],
);

/** A field's claim as an import's change log keeps it: the value and where it came from. */
export interface LoggedClaim {
  value: unknown;
  source: FieldSource | null;
}

/**
 * Every record an import made or changed, one row per record: whether it made it, and each field it set or overwrote
 * with what was there before (`fields`; a vehicle's flags as field `flags`). What undoing the import puts back.
 */
export const importChanges = pgTable(
  'import_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id),
    entity: text('entity').$type<'customer' | 'vehicle'>().notNull(),
    entityId: uuid('entity_id').notNull(),
    /** The import made the record: undo removes it when nothing refers to it. */
    created: boolean('created').notNull(),
    fields: jsonb('fields').$type<Array<{ field: string; before: LoggedClaim | null; after: LoggedClaim }>>().notNull(),
  },
  (table) => [index('import_changes_import_idx').on(table.importId), index('import_changes_entity_idx').on(table.entity, table.entityId)],
);

/**
 * A roadside ticket's rescue job (one per ticket): the ranked providers and why (`candidates`, like a routing
 * decision), who accepted it, and its progress. `status`: `offering` while offers go down the list, `unassigned` when
 * nobody was left (the ticket waits on the supervisor board), then the provider's progress.
 */
export const roadsideJobs = pgTable(
  'roadside_jobs',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    status: text('status').$type<RoadsideJobStatus>().notNull(),
    /**
     * The latest ranking (shared/src/roadside/provider-selection.ts), every candidate with its reasons: taken at the
     * job's start and again at each next offer (each offer keeps its own in roadside_offers.ranking).
     */
    candidates: jsonb('candidates').$type<RoadsideCandidate[]>().notNull(),
    /** Where the distance was measured from (the incident's coordinates), or null: distance unknown. */
    origin: jsonb('origin').$type<{ lat: number; lng: number } | null>(),
    /** The time limit of the job's latest offer (the setting when it was made). */
    offerSeconds: integer('offer_seconds').notNull(),
    providerDealerId: uuid('provider_dealer_id').references(() => dealers.id),
    etaMinutes: integer('eta_minutes'),
    etaAt: instant('eta_at'),
    towDestinationDealerId: uuid('tow_destination_dealer_id').references(() => dealers.id),
    lastPosition: jsonb('last_position').$type<{ lat: number; lng: number; at: string }>(),
    acceptedAt: instant('accepted_at'),
    arrivedAt: instant('arrived_at'),
    finishedAt: instant('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('roadside_jobs_ticket_idx').on(table.ticketId), index('roadside_jobs_provider_idx').on(table.providerDealerId, table.status)],
);

/** One offer of a rescue job to one provider: answered (accepted with an ETA, declined with a reason) or expired. */
export const roadsideOffers = pgTable(
  'roadside_offers',
  {
    id: uuid('id').primaryKey(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => roadsideJobs.id),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    /** 1 for the first provider offered, then 2, 3… */
    round: integer('round').notNull(),
    status: text('status').$type<RoadsideOfferStatus>().notNull(),
    offeredAt: instant('offered_at').notNull(),
    /** The answer is due by then; a BullMQ delayed job (and the reconciler at start) expires it. */
    dueAt: instant('due_at').notNull(),
    answeredAt: instant('answered_at'),
    answeredBy: text('answered_by'),
    etaMinutes: integer('eta_minutes'),
    declineReason: text('decline_reason'),
    declineText: text('decline_text'),
    /**
     * What the offer was based on: the ranking taken when it was made (at the job's start, then again at each next
     * offer, the providers offered before left out). Null for offers made before rankings were kept per offer.
     */
    ranking: jsonb('ranking').$type<RoadsideCandidate[]>(),
  },
  (table) => [
    index('roadside_offers_dealer_idx').on(table.dealerId, table.status),
    index('roadside_offers_pending_idx').on(table.dueAt).where(sql`status = 'pending'`),
    uniqueIndex('roadside_offers_round_idx').on(table.jobId, table.round),
  ],
);

/**
 * One row (`id` 'roadside'): the roadside settings an admin changed (Admin → 道路救援). No row, or a null value: the
 * environment's default (ROADSIDE_OFFER_SECONDS). Changes are recorded in config_changes.
 */
export const roadsideSettings = pgTable('roadside_settings', {
  id: text('id').primaryKey(),
  /** Seconds a provider has to answer a new offer (30–3600). */
  offerSeconds: integer('offer_seconds'),
  updatedAt: updatedAt(),
});

/** A lead's follow-up by the dealer: contacted, test drive, order, lost (with reason). */
export const leadFollowUps = pgTable(
  'lead_follow_ups',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    dealerId: uuid('dealer_id').references(() => dealers.id),
    outcome: text('outcome').$type<'contacted' | 'test_drive' | 'order' | 'lost'>().notNull(),
    reason: text('reason'),
    recordedAt: instant('recorded_at').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (table) => [index('lead_follow_ups_ticket_idx').on(table.ticketId)],
);

/**
 * Every notification careline sends, one row per message and recipient. `dedupeKey` (outbox row + recipient) makes
 * consumers idempotent: a retried relay or job finds the row already sent and sends nothing.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    kind: text('kind').notNull(),
    channel: text('channel').$type<'mail'>().notNull(),
    recipient: text('recipient').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** `scheduled`: waiting for the recipient's working hours (quiet hours) or their digest. */
    /**
     * `sending`: claimed, the SMTP call may be under way (set and committed before the call; a row left `sending`
     * after a crash is reconciled); `failed`: retried past its window, shown to admins, who can resend it.
     */
    status: text('status').$type<'pending' | 'scheduled' | 'sending' | 'sent' | 'failed'>().notNull(),
    delivery: text('delivery').$type<'immediate' | 'digest'>().notNull().default('immediate'),
    notBefore: instant('not_before'),
    /** The digest mail this one went out in. */
    digestId: uuid('digest_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the next attempt is due after a failed one (growing delay). */
    nextAttemptAt: instant('next_attempt_at'),
    /** When the row was claimed for sending (status `sending`). */
    sendingAt: instant('sending_at'),
    /** The Message-ID the mail goes out with: the same on every attempt, so a duplicate is recognisable. */
    messageId: text('message_id'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (table) => [
    index('notifications_retry_idx').on(table.nextAttemptAt).where(sql`status in ('pending', 'sending')`),
    index('notifications_ticket_idx').on(table.ticketId),
    index('notifications_status_idx').on(table.status, table.createdAt),
    index('notifications_scheduled_idx').on(table.notBefore).where(sql`status = 'scheduled'`),
  ],
);

/**
 * The customer's tracking links (issue 12): one per SMS sent (first dispatch, a roadside provider's acceptance). Only
 * the SHA-256 of the token is kept; the token itself is derived from the link id with a server key when the SMS is
 * written (shared/src/server/tracking/tracking-links.ts), so neither this table nor the outbox holds it. Made by the
 * SMS worker from the `tracking.link_requested` outbox row the change wrote. The link expires a configured time after
 * the ticket closes (computed from the ticket, not stored).
 */
export const trackingLinks = pgTable(
  'tracking_links',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    tokenHash: text('token_hash').notNull().unique(),
    /** The outbox row that asked for it: a relay or job replayed finds its link instead of making another. */
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull().unique(),
    reason: text('reason').$type<'dispatched' | 'provider_accepted'>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('tracking_links_ticket_idx').on(table.ticketId)],
);

/**
 * Every SMS careline sends, one row per message. `dedupeKey` (the outbox row) makes the sender idempotent: a relay or
 * job replayed finds the row claimed or sent and sends nothing more. The recipient is kept masked and the text with
 * its tracking token blanked: the row proves what was sent without holding the link.
 */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: uuid('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    trackingLinkId: uuid('tracking_link_id').references(() => trackingLinks.id),
    kind: text('kind').notNull(),
    /** How it went out: `log` (development), `mail` (the mail-to-SMS fallback), `http` (a gateway). */
    channel: text('channel').$type<'log' | 'mail' | 'http'>().notNull(),
    recipientMasked: text('recipient_masked').notNull(),
    text: text('text').notNull(),
    /** `sending`: claimed, the gateway call may be under way; a row left so past its lease is taken over. */
    status: text('status').$type<'pending' | 'sending' | 'sent' | 'failed'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sendingAt: instant('sending_at'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (table) => [index('sms_messages_ticket_idx').on(table.ticketId)],
);

/**
 * Who looked a caller up by phone, VIN or plate, and what they found (personal data: the value is kept masked and
 * as a keyed hash, so an audit can answer "who looked up this number" without the log holding the number).
 */
export const customerLookups = pgTable(
  'customer_lookups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').notNull(),
    by: text('by').$type<'phone' | 'vin' | 'plate'>().notNull(),
    valueMasked: text('value_masked').notNull(),
    valueHash: text('value_hash').notNull(),
    customerIds: uuid('customer_ids').array().notNull().default(sql`'{}'::uuid[]`),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
  },
  (table) => [index('customer_lookups_actor_idx').on(table.actorId, table.occurredAt), index('customer_lookups_value_idx').on(table.valueHash)],
);

/**
 * One row: this database's identity. Job ids and Redis keys carry it, so two databases (or a reset one) sharing a
 * Redis never take each other's jobs for their own.
 */
export const installation = pgTable('installation', {
  id: uuid('id').primaryKey(),
  createdAt: createdAt(),
});

/**
 * Who changed careline's configuration (SLA policies, calendars, users, departments, API keys, notification settings,
 * routing rule sets), when, and from what to what. Written in the same transaction as the change; secrets (password
 * hashes, TOTP secrets, API key hashes) never enter it. Admins and QA read it at GET /api/admin/audit-log.
 */
export const configChanges = pgTable(
  'config_changes',
  {
    id: uuid('id').primaryKey(),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    actorName: text('actor_name').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
  },
  (table) => [index('config_changes_time_idx').on(table.occurredAt), index('config_changes_entity_idx').on(table.entity, table.entityId, table.occurredAt)],
);

/**
 * Every verification of the audit chains and the figures derived from them (nightly, on demand, from the CLI): when,
 * against which checkpoint, and what broke. QA and admins read it at GET /api/audit/runs; a broken run alerts them.
 */
export const auditRuns = pgTable(
  'audit_runs',
  {
    id: uuid('id').primaryKey(),
    trigger: text('trigger').$type<'nightly' | 'api' | 'cli'>().notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at').notNull(),
    ok: boolean('ok').notNull(),
    tickets: integer('tickets').notNull(),
    events: integer('events').notNull(),
    /** Tickets created before events carried their figures: their chains are verified, their figures cannot be. */
    uncoveredTickets: integer('uncovered_tickets').notNull(),
    checkpointId: text('checkpoint_id'),
    /** Why the checkpoint could not be used (bad signature, unreadable), when one was asked for or found. */
    checkpointError: text('checkpoint_error'),
    problemCount: integer('problem_count').notNull(),
    /** The first problems found (at most 1,000), each naming the ticket, the event or row, and the field. */
    problems: jsonb('problems').$type<Array<Record<string, unknown>>>().notNull(),
    alertedAt: instant('alerted_at'),
  },
  (table) => [index('audit_runs_started_idx').on(table.startedAt)],
);

/**
 * Tickets whose chains were written with plain SHA-256, before the chain was keyed: filled by the migration that
 * keyed it, emptied at start by the one-time upgrade (upgradeLegacyChains), which re-keys each chain that verifies.
 */
export const auditLegacyChains = pgTable('audit_legacy_chains', {
  ticketId: uuid('ticket_id').primaryKey(),
});

/**
 * A resolution-time report as it stood at a moment (the 10th, the 20th, the month end, or taken by hand): the query and
 * every cell, kept for comparison with the figures now. Append-only by trigger (migration report_checkpoints).
 */
export const reportCheckpoints = pgTable(
  'report_checkpoints',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<'scheduled' | 'manual'>().notNull(),
    /** Scheduled: the local date it stands for (2026-12-10); manual: the taker's label. */
    label: text('label').notNull(),
    /** The instant the figures stand for (a scheduled checkpoint: the end of its day, Asia/Shanghai). */
    cutoffAt: instant('cutoff_at').notNull(),
    takenAt: instant('taken_at').notNull(),
    takenBy: uuid('taken_by').references(() => users.id),
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    report: jsonb('report').$type<ResolutionReport>().notNull(),
  },
  (table) => [
    index('report_checkpoints_cutoff_idx').on(table.cutoffAt),
    uniqueIndex('report_checkpoints_scheduled_idx').on(table.label).where(sql`kind = 'scheduled'`),
  ],
);

/** An export (CSV or XLSX) written by a job: who asked, what, how far it got, where the file is. */
export const reportExports = pgTable(
  'report_exports',
  {
    id: uuid('id').primaryKey(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    kind: text('kind').$type<'report' | 'tickets'>().notNull(),
    format: text('format').$type<'csv' | 'xlsx'>().notNull(),
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'queued' | 'running' | 'done' | 'failed'>().notNull(),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsTotal: integer('rows_total'),
    fileName: text('file_name'),
    error: text('error'),
    createdAt: createdAt(),
    finishedAt: instant('finished_at'),
  },
  (table) => [index('report_exports_requested_idx').on(table.requestedBy, table.createdAt)],
);
