/**
 * The figures QA reports read — SLA clocks, resolution and closing times, lead follow-ups — are rows derived from a
 * ticket's history. Each change records on its event (the `facts` column, covered by the event's hash) what it did to
 * those rows: per table, the rows it inserted and the fields it set. Verification replays a ticket's facts in
 * sequence order and compares the result with the rows as they are: a figure edited in the database no longer matches
 * its chain, and the ticket, the row and the field are named.
 *
 * Adding a derived table (callbacks, say) is one entry in DERIVED_TABLES — its name, the fields the chain vouches for,
 * and how to load its rows — plus the command recording `{ <table>: { insert | update } }` facts on its event through
 * saveTicketChange's `facts`. The replay and the comparison are the same for every table.
 */

/** One row as the facts carry it: its id and field values as JSON (instants as ISO strings). */
export type FactRow = { id: string } & Record<string, FactValue>;
export type FactValue = string | number | boolean | null;

/** What one change did to one table: rows inserted (every vouched field), fields set on existing rows. */
export interface TableFacts {
  insert?: FactRow[];
  update?: FactRow[];
}

/** What one event did to the derived tables, by table name. */
export type EventFacts = Record<string, TableFacts>;

/** A value as facts carry it: instants as ISO strings, undefined as null. */
export function factValue(value: unknown): FactValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** `row`'s id and `fields` as facts carry them (only the fields it has, unless `all`). */
export function factRow(row: { id: string } & Record<string, unknown>, fields: readonly string[], all = true): FactRow {
  const fact: FactRow = { id: row.id };
  for (const field of fields) if (all || field in row) fact[field] = factValue(row[field]);
  return fact;
}

/** Merges several changes' facts into one event's (a change's SLA facts, its ticket columns, its own rows). */
export function mergeFacts(...parts: Array<EventFacts | undefined>): EventFacts | undefined {
  const merged: EventFacts = {};
  for (const part of parts) {
    for (const [table, facts] of Object.entries(part ?? {})) {
      const into = (merged[table] ??= {});
      if (facts.insert?.length) into.insert = [...(into.insert ?? []), ...facts.insert];
      if (facts.update?.length) into.update = [...(into.update ?? []), ...facts.update];
    }
  }
  for (const [table, facts] of Object.entries(merged)) if (!facts.insert && !facts.update) delete merged[table];
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** A derived table the chain vouches for. */
export interface DerivedTable {
  /** The table's name, as the facts key it. */
  table: string;
  /** The fields the chain vouches for (row ids always). */
  fields: readonly string[];
}

/**
 * The ticket columns that are figures — when a ticket was dispatched, acknowledged, first contacted, resolved… — and
 * those the reports group and filter them by: whose it is now, its region, type, category and vehicle, when it was
 * created, its status and since when it waits for the customer. Moving a ticket to another dealer in the database
 * moves its figures in the reports: the chain names it.
 */
export const TICKET_FIGURES: DerivedTable = {
  table: 'tickets',
  fields: [
    'dispatchedAt', 'acknowledgedAt', 'firstContactAt', 'resolvedAt', 'closedAt', 'cancelledAt', 'reopenCount', 'satisfaction',
    'responsibleDealerId', 'responsibleDepartmentId', 'regionId', 'type', 'categoryId', 'vehicleId', 'createdAt', 'status', 'pausedAt',
  ],
};

/**
 * SLA clocks: when each started, was due, met, paused (as paused time), warned, breached, cancelled, whose it is, and
 * since when (the reports measure a running clock's current stretch from `ownedSince`, less the paused time it had
 * then).
 */
export const SLA_MILESTONE_FIGURES: DerivedTable = {
  table: 'sla_milestones',
  fields: [
    'clock', 'ownerType', 'ownerId', 'startedAt', 'dueAt', 'warnAt', 'metAt', 'cancelledAt', 'pausedSeconds', 'warnedAt', 'breachedAt',
    'ownedSince', 'pausedSecondsBeforeOwner',
  ],
};

/** A lead's follow-ups by the dealer. */
export const LEAD_FOLLOW_UP_FIGURES: DerivedTable = {
  table: 'lead_follow_ups',
  fields: ['dealerId', 'outcome', 'reason', 'recordedAt', 'recordedBy'],
};

/** A ticket's callback tasks (回访): due, attempted, reached, the customer's answer, how it ended. */
export const CALLBACK_TASK_FIGURES: DerivedTable = {
  table: 'callback_tasks',
  fields: ['kind', 'status', 'dueAt', 'attempts', 'firstAttemptAt', 'reachedAt', 'satisfaction', 'solved', 'reasonCode', 'completedAt'],
};

/** Each call of a callback task. */
export const CALLBACK_ATTEMPT_FIGURES: DerivedTable = {
  table: 'callback_attempts',
  fields: ['taskId', 'attempt', 'result', 'satisfaction', 'solved', 'reasonCode', 'calledBy', 'calledAt'],
};

/** Each party's stretch of a clock, which the resolution report reads (written when the stretch ends). */
export const SLA_CLOCK_SPAN_FIGURES: DerivedTable = {
  table: 'sla_clock_spans',
  fields: ['milestoneId', 'clock', 'ownerType', 'ownerId', 'fromAt', 'toAt', 'outcome', 'dueAt', 'breached', 'businessSeconds', 'clockSeconds'],
};

/** A ticket drawn for QA review and, once reviewed, its score (the answers are on the `qa_reviewed` event). */
export const QA_REVIEW_FIGURES: DerivedTable = {
  table: 'qa_reviews',
  fields: ['month', 'dealerId', 'scorecardId', 'seed', 'rank', 'sampledAt', 'score', 'reviewerId', 'completedAt'],
};

/**
 * A roadside ticket's rescue, which the roadside figures read: its status and provider, the ETA promised, when it was
 * accepted, reached the car and ended, the tow destination, the offer time limit. Not its ranking (the events carry
 * the explanation) nor its last position (told live, not chained).
 */
export const ROADSIDE_JOB_FIGURES: DerivedTable = {
  table: 'roadside_jobs',
  fields: ['status', 'providerDealerId', 'etaMinutes', 'etaAt', 'acceptedAt', 'arrivedAt', 'finishedAt', 'towDestinationDealerId', 'offerSeconds', 'createdAt'],
};

/** Each offer of a rescue: to whom, its round and time limit, and its answer (accepted with an ETA, declined, timed out, withdrawn). */
export const ROADSIDE_OFFER_FIGURES: DerivedTable = {
  table: 'roadside_offers',
  fields: ['jobId', 'dealerId', 'round', 'status', 'offeredAt', 'dueAt', 'answeredAt', 'etaMinutes', 'declineReason'],
};

/**
 * The knowledge-base articles used on a ticket, which the articles' used/solved counts read: which version, who and
 * when, resolved with it or not. The table's key is (ticket, article): in the facts a row's id is the article's id.
 */
export const KB_LINK_FIGURES: DerivedTable = {
  table: 'ticket_kb_links',
  fields: ['articleVersion', 'linkedBy', 'linkedAt', 'resolvedWith'],
};

/** Every derived table verification compares (the loaders are in verify-audit.ts, by the same names). */
export const DERIVED_TABLES: readonly DerivedTable[] = [
  TICKET_FIGURES,
  SLA_MILESTONE_FIGURES,
  LEAD_FOLLOW_UP_FIGURES,
  CALLBACK_TASK_FIGURES,
  CALLBACK_ATTEMPT_FIGURES,
  QA_REVIEW_FIGURES,
  SLA_CLOCK_SPAN_FIGURES,
  ROADSIDE_JOB_FIGURES,
  ROADSIDE_OFFER_FIGURES,
  KB_LINK_FIGURES,
];

/** A derived table's facts for rows inserted (every vouched field) or fields set on rows (those given). */
export const insertedFacts = (table: DerivedTable, rows: ReadonlyArray<{ id: string } & Record<string, unknown>>): EventFacts | undefined =>
  rows.length > 0 ? { [table.table]: { insert: rows.map((row) => factRow(row, table.fields)) } } : undefined;
export const updatedFacts = (table: DerivedTable, ids: readonly string[], set: Record<string, unknown>): EventFacts | undefined =>
  ids.length > 0 ? { [table.table]: { update: ids.map((id) => factRow({ id, ...set }, table.fields, false)) } } : undefined;

/** The rows a ticket's facts add up to, by table, then row id. */
export type ReplayedRows = Map<string, Map<string, FactRow>>;

/** Replays a ticket's facts (events in sequence order): inserts set a row, updates set its fields. */
export function replayFacts(events: ReadonlyArray<{ facts?: Record<string, unknown> | null }>): ReplayedRows {
  const tables: ReplayedRows = new Map();
  for (const event of events) {
    for (const [table, facts] of Object.entries((event.facts ?? {}) as EventFacts)) {
      const rows = tables.get(table) ?? new Map<string, FactRow>();
      tables.set(table, rows);
      for (const row of facts.insert ?? []) rows.set(row.id, { ...row });
      for (const row of facts.update ?? []) rows.set(row.id, { ...(rows.get(row.id) ?? { id: row.id }), ...row });
    }
  }
  return tables;
}

/**
 * A ticket's history vouches for its figures when it recorded the ticket's insert (on the last event of the change
 * that created it: created, or created–routed–dispatched), which every ticket written since facts exist did.
 */
export function coversFigures(events: ReadonlyArray<{ facts?: Record<string, unknown> | null }>): boolean {
  return events.some((event) => Boolean((event.facts as EventFacts | null | undefined)?.[TICKET_FIGURES.table]?.insert?.length));
}

export type FigureProblem = 'row_missing' | 'row_unexpected' | 'field_mismatch';

export interface FigureDifference {
  table: string;
  rowId: string;
  field: string | null;
  problem: FigureProblem;
  expected: FactValue;
  actual: FactValue;
}

/**
 * Compares the rows the facts add up to with a table's rows as they are (values as factValue gives them): a row the
 * facts insert that is gone, a row no fact accounts for, a vouched field that differs. A field the row's facts never
 * name is not compared: it was added to the table's vouched fields after the row was inserted (an insert names every
 * field vouched at the time, so for rows inserted since, every field is compared).
 */
export function compareFigures(table: DerivedTable, expected: ReadonlyMap<string, FactRow> | undefined, actual: ReadonlyArray<{ id: string } & Record<string, unknown>>): FigureDifference[] {
  const differences: FigureDifference[] = [];
  const seen = new Set<string>();
  for (const row of actual) {
    seen.add(row.id);
    const replayed = expected?.get(row.id);
    if (!replayed) {
      differences.push({ table: table.table, rowId: row.id, field: null, problem: 'row_unexpected', expected: null, actual: row.id });
      continue;
    }
    for (const field of table.fields) {
      if (!(field in replayed)) continue;
      const want = replayed[field];
      const have = factValue(row[field]);
      if (!sameValue(want, have)) differences.push({ table: table.table, rowId: row.id, field, problem: 'field_mismatch', expected: want, actual: have });
    }
  }
  for (const rowId of expected?.keys() ?? []) {
    if (!seen.has(rowId)) differences.push({ table: table.table, rowId, field: null, problem: 'row_missing', expected: rowId, actual: null });
  }
  return differences;
}

/** Instants compare as instants (jsonb and drivers may format them differently), everything else as is. */
function sameValue(a: FactValue, b: FactValue): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [Date.parse(a), Date.parse(b)];
    return /^\d{4}-\d\d-\d\dT/.test(a) && /^\d{4}-\d\d-\d\dT/.test(b) && !Number.isNaN(x) && x === y;
  }
  return false;
}
