/**
 * The provenance-aware merge of imported records (issue 13): one customer per person, one vehicle per VIN, each field
 * remembering which source gave it, when, and in which import. Pure: the importer loads the stored fields, merges,
 * and writes the merged fields and the changes (the undo log of the import) in one transaction.
 *
 * The merge of one field is the join of a total order on claims (`ranks`), so merging is commutative, associative and
 * idempotent: the fields after a set of imports are the same in whatever order they ran.
 * 1. A higher-priority source wins (finance > invoice > dealer-entered by default, admins configure the numbers); a
 *    lower-priority source never overwrites it, however much later its file is.
 * 2. Equal priority: the later `at` wins.
 * 3. Equal priority and time: the greater value (code-point order), then the greater source name: arbitrary, but the
 *    same whichever arrives first.
 * 4. A claim equal in value, source and `at` is the same claim: the one already stored stays, with its import id. So a
 *    file imported again changes nothing, provided `at` comes from the file (its export time, or a row's own
 *    modification time), not from the clock of the import. With the import's clock as `at`, a re-import changes only
 *    the provenance time of the values it confirms.
 * Empty incoming values never erase anything: a source without a value says nothing about the field.
 */
import { isValidMobile, normalizeMobile } from '../customers/phone';
import { normalizeVin } from '../customers/vin';
import { normalizeResidentId } from './resident-id';

/** Source systems' codes → priority; the higher number wins. A source not listed ranks below every listed one. */
export type SourcePriorities = Readonly<Record<string, number>>;

export const DEFAULT_SOURCE_PRIORITIES: SourcePriorities = { finance: 30, invoice: 20, dealer: 10 };

export interface ProvenancedValue {
  value: string;
  /** The source system's code (a key of `SourcePriorities`). */
  source: string;
  /** ISO 8601 instant the source asserted the value. */
  at: string;
  /** The import that brought it. */
  importId: string;
}

export type ProvenancedFields = Readonly<Record<string, ProvenancedValue>>;

/** Incoming fields of one record; an undefined or empty (after trimming) value is no value. */
export type IncomingFields = Readonly<Record<string, ProvenancedValue | undefined>>;

export type MergeAction = 'set' | 'overwrite' | 'kept_higher' | 'same';

/**
 * What merging one incoming value did to a field.
 * - `set`: the field had no value; `after` is the incoming claim.
 * - `overwrite`: the incoming claim ranked higher and its value differs; `before` is what it replaced.
 * - `kept_higher`: the stored claim ranks higher (priority, then time) and its value differs: the incoming is dropped.
 * - `same`: the value does not change. `before` and `after` still differ when the incoming claim ranked higher (a
 *   higher-priority source or a later time confirming the same value takes over the provenance).
 */
export interface FieldChange {
  field: string;
  before?: ProvenancedValue;
  after: ProvenancedValue;
  action: MergeAction;
}

export interface MergeResult {
  fields: Record<string, ProvenancedValue>;
  changes: FieldChange[];
}

const UNLISTED_PRIORITY = Number.NEGATIVE_INFINITY;

function priorityOf(source: string, priorities: SourcePriorities): number {
  return Object.hasOwn(priorities, source) ? priorities[source] : UNLISTED_PRIORITY;
}

function instantOf(at: string): number {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${at}`);
  return ms;
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order of claims: positive when `a` ranks above `b`, negative below, 0 when they are the same claim (equal value,
 * source and instant; the import id does not rank).
 */
export function compareClaims(a: ProvenancedValue, b: ProvenancedValue, priorities: SourcePriorities): number {
  const priority = priorityOf(a.source, priorities) - priorityOf(b.source, priorities);
  if (priority !== 0 && !Number.isNaN(priority)) return priority;
  return Math.sign(instantOf(a.at) - instantOf(b.at)) || compareStrings(a.value, b.value) || compareStrings(a.source, b.source);
}

const isEmpty = (claim: ProvenancedValue | undefined): claim is undefined => claim === undefined || claim.value.trim() === '';

/**
 * `incoming` merged into `existing` field by field (see the module comment for the rules), with one change per
 * incoming non-empty value. Neither argument is modified.
 */
export function mergeFields(existing: ProvenancedFields, incoming: IncomingFields, priorities: SourcePriorities = DEFAULT_SOURCE_PRIORITIES): MergeResult {
  const fields: Record<string, ProvenancedValue> = { ...existing };
  const changes: FieldChange[] = [];
  for (const field of Object.keys(incoming).sort()) {
    const claim = incoming[field];
    if (isEmpty(claim)) continue;
    const before = existing[field];
    if (before === undefined) {
      fields[field] = claim;
      changes.push({ field, after: claim, action: 'set' });
      continue;
    }
    const wins = compareClaims(claim, before, priorities) > 0;
    if (wins) fields[field] = claim;
    const action: MergeAction = claim.value === before.value ? 'same' : wins ? 'overwrite' : 'kept_higher';
    changes.push({ field, before, after: wins ? claim : before, action });
  }
  return { fields, changes };
}

const sameClaim = (a: ProvenancedValue | undefined, b: ProvenancedValue) =>
  a !== undefined && a.value === b.value && a.source === b.source && a.at === b.at && a.importId === b.importId;

/**
 * `fields` with one import's `changes` taken back: each field that import set or took over gets back what it held
 * before (a field it set is removed again), but only where the field still holds exactly what the import wrote. Where
 * a later import has changed the field since, the later value stays: undo never throws away another import's work.
 * Changes that did not touch the field (`kept_higher`, or `same` without a provenance change) are skipped.
 *
 * Undo is meant in reverse order of imports. The merge keeps only the winning claim, so a lower-priority value that
 * lost against the undone import's value is not brought back: import that file again to re-apply it.
 */
export function undoChanges(fields: ProvenancedFields, changes: readonly FieldChange[]): Record<string, ProvenancedValue> {
  const restored: Record<string, ProvenancedValue> = { ...fields };
  // Backwards, so that an import touching one field twice (two rows of one customer) restores the first `before`.
  for (const change of [...changes].reverse()) {
    // A log read back from the database holds copies, so claims are compared, not object identities.
    if (change.action === 'kept_higher' || (change.before !== undefined && sameClaim(change.before, change.after))) continue;
    if (!sameClaim(restored[change.field], change.after)) continue;
    if (change.before === undefined) delete restored[change.field];
    else restored[change.field] = change.before;
  }
  return restored;
}

/** The plain values of provenanced fields. */
export function valuesOf(fields: ProvenancedFields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, claim]) => [field, claim.value]));
}

/**
 * The key that makes records of one person across sources one customer: `id:` and the 18-character resident ID when
 * the row has a valid one (15-digit old IDs upgraded, so both forms meet), else `mobile:` and the 11 normalised digits,
 * else null (the row cannot be matched, and cleansing rejects it for its missing mobile anyway).
 */
export function customerKeyOf(row: { idNumber?: string; mobile?: string }): string | null {
  const idNumber = row.idNumber === undefined ? null : normalizeResidentId(row.idNumber);
  if (idNumber) return `id:${idNumber}`;
  const mobile = row.mobile === undefined ? '' : normalizeMobile(row.mobile.trim());
  return isValidMobile(mobile) ? `mobile:${mobile}` : null;
}

/** The key of a vehicle: its normalised VIN. */
export function vehicleKeyOf(row: { vin: string }): string {
  return `vin:${normalizeVin(row.vin.replace(/\s+/g, ''))}`;
}
