/**
 * Customers and vehicles as the import's merge sees them: each stored field with its provenance (the value from the
 * column, the source from `field_sources`), and the columns a merged set of fields writes back. The ID number is
 * never in clear: its field's value is the keyed hash the column holds, so that claims compare by it.
 */
import { createHmac } from 'node:crypto';
import type { ProvenancedFields, ProvenancedValue } from '../../import/import-merge';
import { derivedKey } from '../audit/audit-keys';
import type { customers, FieldSource, vehicles } from '../db/schema';

export type CustomerRow = typeof customers.$inferSelect;
export type VehicleRow = typeof vehicles.$inferSelect;

/** The keyed hash an ID number is found by (HMAC-SHA256 with a key derived from the audit key). */
export function idNumberHash(idNumber: string): string {
  return createHmac('sha256', derivedKey('careline resident id numbers v1')).update(idNumber.toUpperCase()).digest('hex');
}

/** 110101********1234: the region code and the last four characters. */
export const maskIdNumber = (idNumber: string) => `${idNumber.slice(0, 6)}${'*'.repeat(Math.max(0, idNumber.length - 10))}${idNumber.slice(-4)}`;

/** The customer fields an import sets, as `field_sources` names them, with their columns. */
export const CUSTOMER_MERGE_FIELDS = ['kind', 'name', 'phone', 'idNumber', 'email', 'province', 'city'] as const;
export type CustomerMergeField = (typeof CUSTOMER_MERGE_FIELDS)[number];

export const VEHICLE_MERGE_FIELDS = ['customerId', 'plate', 'model', 'powertrain', 'purchaseDate', 'warrantyEnd', 'mileageKm', 'sellingDealerId', 'servicingDealerId'] as const;
export type VehicleMergeField = (typeof VEHICLE_MERGE_FIELDS)[number];

/** A field stored before provenance was kept (or entered in careline without one) ranks below every source. */
const LEGACY = 'legacy';

function provenanced(value: unknown, source: FieldSource | undefined, createdAt: Date): ProvenancedValue | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return { value: String(value), source: source?.source ?? LEGACY, at: source?.at ?? createdAt.toISOString(), importId: source?.importId ?? '' };
}

export function customerFields(row: CustomerRow): ProvenancedFields {
  const fields: Record<string, ProvenancedValue> = {};
  const values: Record<CustomerMergeField, unknown> = {
    kind: row.kind,
    name: row.name,
    phone: row.phone,
    idNumber: row.idNumberHash,
    email: row.email,
    province: row.province,
    city: row.city,
  };
  for (const field of CUSTOMER_MERGE_FIELDS) {
    const claim = provenanced(values[field], row.fieldSources[field], row.createdAt);
    if (claim) fields[field] = claim;
  }
  return fields;
}

export function vehicleFields(row: VehicleRow, createdAt: Date): ProvenancedFields {
  const fields: Record<string, ProvenancedValue> = {};
  for (const field of VEHICLE_MERGE_FIELDS) {
    const claim = provenanced(row[field], row.fieldSources[field], createdAt);
    if (claim) fields[field] = claim;
  }
  return fields;
}

/** What a field's provenance is kept as (`field_sources`): the claim without its value. */
export const sourceOf = (claim: ProvenancedValue): FieldSource => ({ source: claim.source, at: claim.at, importId: claim.importId || null });

const sourcesOf = (fields: ProvenancedFields) => Object.fromEntries(Object.entries(fields).map(([field, claim]) => [field, sourceOf(claim)]));

/** The customer columns merged fields write (the ID number's masked form comes with its claim, from the file). */
export function customerColumns(fields: ProvenancedFields, masked: string | null | undefined) {
  return {
    kind: (fields.kind?.value ?? 'person') as CustomerRow['kind'],
    name: fields.name?.value ?? '',
    phone: fields.phone?.value ?? '',
    idNumberHash: fields.idNumber?.value ?? null,
    idNumberMasked: fields.idNumber ? (masked ?? null) : null,
    email: fields.email?.value ?? null,
    province: fields.province?.value ?? null,
    city: fields.city?.value ?? null,
    fieldSources: sourcesOf(fields),
  };
}

export function vehicleColumns(fields: ProvenancedFields) {
  const text = (field: VehicleMergeField) => fields[field]?.value ?? null;
  const mileage = text('mileageKm');
  return {
    customerId: text('customerId') ?? '',
    plate: text('plate'),
    model: text('model') ?? '',
    powertrain: (text('powertrain') ?? 'ice') as VehicleRow['powertrain'],
    purchaseDate: text('purchaseDate'),
    warrantyEnd: text('warrantyEnd'),
    mileageKm: mileage === null ? null : Number(mileage),
    sellingDealerId: text('sellingDealerId'),
    servicingDealerId: text('servicingDealerId'),
    fieldSources: sourcesOf(fields),
  };
}
