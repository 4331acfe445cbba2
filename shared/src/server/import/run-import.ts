/**
 * Running an import (the worker's job): the file is read once to count its rows (the progress figure's total), then
 * again in batches. Each batch is one transaction: its rows cleansed (shared/src/import/import-cleanse.ts), the
 * rejected ones recorded with every problem, the accepted ones merged into the stored records by the sources'
 * priorities (import-merge.ts) — a few statements per batch, whatever its size — every field change kept for undo,
 * and the import's counters and rows done moved on. A job that dies resumes after the last batch written; merging the
 * same claims again changes nothing, so even a batch written twice would not.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { cleanseComplaintHistoryRow, cleanseCustomerRow, cleanseRelationRow, cleanseVehicleRow, type CleanComplaintHistory, type CleanCustomer, type CleanRelation, type CleanVehicle, type ImportProblem } from '../../import/import-cleanse';
import type { ImportFlag } from '../../import/import-rules';
import { type FieldChange, mergeFields, type ProvenancedValue, type SourcePriorities } from '../../import/import-merge';
import { chinaDayOf, chinaMidnight } from '../../sla/china-time';
import { bulkInsert } from '../db/bulk-insert';
import type { Database, Executor } from '../db/client';
import { assistHistory, categories, customers, dealers, importChanges, importRejections, imports, importSources, vehicles } from '../db/schema';
import { flagSharedMobiles, loggedFields, sourcePriorities } from '../customers/record-provenance';
import { openImportFile } from './import-file';
import { customerColumns, customerFields, type CustomerRow, idNumberHash, maskIdNumber, vehicleColumns, vehicleFields, type VehicleRow } from './import-records';

export type ImportRecord = typeof imports.$inferSelect;

interface Counts {
  accepted: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
}

interface BatchContext {
  tx: Executor;
  run: ImportRecord;
  priorities: SourcePriorities;
  today: string;
}

type Rejection = typeof importRejections.$inferInsert;
type Change = typeof importChanges.$inferInsert;


/** Runs (or resumes) an import to its end. An import already ended is returned as it is. */
export async function runImport(
  db: Database,
  options: { importId: string; batchSize?: number; now?: () => Date; /** Told after the count and after each batch (the CLI's progress bar). */ onProgress?: (run: ImportRecord) => void },
): Promise<ImportRecord> {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 1000;
  const [found] = await db.select().from(imports).where(eq(imports.id, options.importId));
  if (!found) throw new Error(`import ${options.importId} does not exist`);
  if (found.status !== 'queued' && found.status !== 'running') return found;
  let [run] = await db
    .update(imports)
    .set({ status: 'running', startedAt: found.startedAt ?? now(), error: null })
    .where(eq(imports.id, found.id))
    .returning();
  try {
    if (run.totalRows === null) {
      let total = 0;
      for await (const _row of (await openImportFile(run.filePath, run.format)).rows) total += 1;
      [run] = await db.update(imports).set({ totalRows: total }).where(eq(imports.id, run.id)).returning();
    }
    options.onProgress?.(run);
    const opened = await openImportFile(run.filePath, run.format);
    const columnOf = new Map(opened.columns.map((column) => [column.name, column.index]));
    const mapping = Object.entries(run.mapping).flatMap(([field, header]) => (columnOf.has(header) ? [[field, columnOf.get(header)!] as const] : []));
    const priorities = await sourcePriorities(db);
    // Purchase dates are China's calendar days.
    const today = chinaDayOf(now());
    let skip = run.processedRows;
    let batch: Array<{ rowNumber: number; mapped: Record<string, string> }> = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      run = await db.transaction(async (tx) => {
        const counts = await processBatch({ tx, run, priorities, today }, rows);
        const [updated] = await tx
          .update(imports)
          .set({
            processedRows: sql`${imports.processedRows} + ${rows.length}`,
            acceptedRows: sql`${imports.acceptedRows} + ${counts.accepted}`,
            rejectedRows: sql`${imports.rejectedRows} + ${counts.rejected}`,
            createdRecords: sql`${imports.createdRecords} + ${counts.created}`,
            updatedRecords: sql`${imports.updatedRecords} + ${counts.updated}`,
            unchangedRecords: sql`${imports.unchangedRecords} + ${counts.unchanged}`,
          })
          .where(eq(imports.id, run.id))
          .returning();
        return updated;
      });
      options.onProgress?.(run);
    };
    for await (const row of opened.rows) {
      // Rows a run before this one already wrote (a job resumed after a crash).
      if (skip > 0) {
        skip -= 1;
        continue;
      }
      batch.push({ rowNumber: row.rowNumber, mapped: Object.fromEntries(mapping.map(([field, index]) => [field, row.cells[index] ?? ''])) });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    [run] = await db.update(imports).set({ status: 'done', finishedAt: now() }).where(eq(imports.id, run.id)).returning();
    // The rows are in the database now; the upload is not kept.
    await rm(run.filePath, { force: true });
    return run;
  } catch (error) {
    const [failed] = await db
      .update(imports)
      .set({ status: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: now() })
      .where(eq(imports.id, options.importId))
      .returning();
    return failed;
  }
}

/** Cleanses, merges and writes one batch; returns what it did. */
async function processBatch(context: BatchContext, rows: ReadonlyArray<{ rowNumber: number; mapped: Record<string, string> }>): Promise<Counts> {
  const { run } = context;
  const rejections: Rejection[] = [];
  const reject = (rowNumber: number, problems: readonly ImportProblem[], dealerId: string | null) => {
    for (const problem of problems) rejections.push({ importId: run.id, rowNumber, field: problem.field, rule: problem.rule, value: problem.value, dealerId: dealerId ?? run.dealerId });
  };
  let counts: Omit<Counts, 'accepted' | 'rejected'>;
  if (run.kind === 'customer') {
    const accepted: Array<{ rowNumber: number; record: CleanCustomer }> = [];
    for (const row of rows) {
      const result = cleanseCustomerRow(row.mapped);
      if (result.ok) accepted.push({ rowNumber: row.rowNumber, record: result.record });
      else reject(row.rowNumber, result.problems, null);
    }
    counts = await mergeCustomers(context, accepted);
  } else if (run.kind === 'vehicle') {
    const accepted: Array<{ rowNumber: number; record: CleanVehicle; flags: ImportFlag[] }> = [];
    for (const row of rows) {
      const result = cleanseVehicleRow(row.mapped, context.today);
      if (result.ok) accepted.push({ rowNumber: row.rowNumber, record: result.record, flags: result.flags });
      else reject(row.rowNumber, result.problems, null);
    }
    counts = await mergeVehicles(context, accepted, reject);
  } else if (run.kind === 'complaint_history') {
    const accepted: Array<{ rowNumber: number; record: CleanComplaintHistory }> = [];
    for (const row of rows) {
      const result = cleanseComplaintHistoryRow(row.mapped);
      if (result.ok) accepted.push({ rowNumber: row.rowNumber, record: result.record });
      else reject(row.rowNumber, result.problems, null);
    }
    counts = await insertComplaintHistory(context, accepted, reject);
  } else {
    const accepted: Array<{ rowNumber: number; record: CleanRelation }> = [];
    for (const row of rows) {
      const result = cleanseRelationRow(row.mapped);
      if (result.ok) accepted.push({ rowNumber: row.rowNumber, record: result.record });
      else reject(row.rowNumber, result.problems, null);
    }
    counts = await mergeRelations(context, accepted, reject);
  }
  await bulkInsert(context.tx, importRejections, rejections);
  const rejectedRows = new Set(rejections.map((rejection) => rejection.rowNumber)).size;
  return { ...counts, rejected: rejectedRows, accepted: rows.length - rejectedRows };
}

/** A claim of this import: the value, its source, the file's as-of instant, the import. */
const claimOf = (run: ImportRecord, value: string | number | undefined | null): ProvenancedValue | undefined =>
  value === undefined || value === null || value === '' ? undefined : { value: String(value), source: run.source, at: run.asOf.toISOString(), importId: run.id };

/**
 * Customers: one per person. A row with an ID number is the customer with that number (its keyed hash), else a
 * customer with its mobile and no ID number yet (which then gets it); a row without one is a customer with its mobile
 * (one without an ID number first). Anything else is a new customer. Rows of one person in a batch merge in file order.
 */
async function mergeCustomers(context: BatchContext, rows: ReadonlyArray<{ rowNumber: number; record: CleanCustomer }>): Promise<Omit<Counts, 'accepted' | 'rejected'>> {
  const { tx, run, priorities } = context;
  const hashOf = new Map(rows.flatMap((row) => (row.record.idNumber ? [[row.record.idNumber, idNumberHash(row.record.idNumber)] as const] : [])));
  const hashes = [...new Set(hashOf.values())];
  const phones = [...new Set(rows.map((row) => row.record.mobile))];
  const stored = await tx
    .select()
    .from(customers)
    .where(and(isNull(customers.mergedInto), sql`(${hashes.length > 0 ? inArray(customers.idNumberHash, hashes) : sql`false`} or ${inArray(customers.phone, phones)})`))
    .orderBy(customers.id);

  type Person = { existing: CustomerRow | null; id: string; fields: ReturnType<typeof customerFields>; masked: string | null; changes: FieldChange[]; touched: boolean };
  const byHash = new Map<string, Person>();
  const byPhone = new Map<string, Person[]>();
  const index = (person: Person) => {
    const hash = person.fields.idNumber?.value;
    if (hash) byHash.set(hash, person);
    const phone = person.fields.phone?.value;
    if (phone) {
      const list = byPhone.get(phone) ?? [];
      if (!list.includes(person)) list.push(person);
      // Those without an ID number first: a row without one is their record, before anyone's with one.
      list.sort((a, b) => Number(Boolean(a.fields.idNumber)) - Number(Boolean(b.fields.idNumber)));
      byPhone.set(phone, list);
    }
  };
  for (const row of stored) index({ existing: row, id: row.id, fields: customerFields(row), masked: row.idNumberMasked, changes: [], touched: false });

  for (const { record } of rows) {
    const hash = record.idNumber ? hashOf.get(record.idNumber)! : null;
    const samePhone = byPhone.get(record.mobile) ?? [];
    let person = hash ? (byHash.get(hash) ?? samePhone.find((candidate) => !candidate.fields.idNumber)) : samePhone[0];
    if (!person) person = { existing: null, id: randomUUID(), fields: {}, masked: null, changes: [], touched: false };
    const incoming = {
      kind: claimOf(run, record.kind),
      name: claimOf(run, record.name),
      phone: claimOf(run, record.mobile),
      idNumber: claimOf(run, hash),
      email: claimOf(run, record.email),
      province: claimOf(run, record.province),
      city: claimOf(run, record.city),
    };
    const merged = mergeFields(person.fields, incoming, priorities);
    if (record.idNumber && merged.fields.idNumber === incoming.idNumber) person.masked = maskIdNumber(record.idNumber);
    person.fields = merged.fields;
    person.changes.push(...merged.changes);
    person.touched = true;
    index(person);
  }

  const people = new Set([...byHash.values(), ...[...byPhone.values()].flat()].filter((person) => person.touched));
  const inserts: Array<typeof customers.$inferInsert> = [];
  const updates: Array<typeof customers.$inferInsert> = [];
  const changes: Change[] = [];
  let unchanged = 0;
  for (const person of people) {
    const columns = customerColumns(person.fields, person.masked);
    if (!person.existing) {
      // Undo removes a record the import made (or keeps it whole when something refers to it): no field log needed.
      inserts.push({ id: person.id, ...columns });
      changes.push({ importId: run.id, entity: 'customer', entityId: person.id, created: true, fields: [] });
      continue;
    }
    const fields = loggedFields(person.changes);
    if (fields.length > 0) {
      updates.push({ ...person.existing, ...columns, updatedAt: new Date() });
      changes.push({ importId: run.id, entity: 'customer', entityId: person.id, created: false, fields });
    } else unchanged += 1;
  }
  await bulkInsert(tx, customers, inserts);
  await bulkInsert(tx, customers, updates, { update: ['kind', 'name', 'phone', 'idNumberHash', 'idNumberMasked', 'email', 'province', 'city', 'fieldSources', 'updatedAt'] });
  await bulkInsert(tx, importChanges, changes);
  await flagSharedMobiles(tx, [...new Set([...inserts, ...updates].map((row) => row.phone))]);
  return { created: inserts.length, updated: updates.length, unchanged };
}

/**
 * Vehicles: one per VIN. Its owner is a field like the others (a later sale, from a source that ranks, moves it): the
 * customer the row's owner ID number or mobile finds; a new vehicle whose owner careline does not know is rejected.
 * Flags (PDI, internal, accident) are added, never taken away by a file that does not say.
 */
async function mergeVehicles(
  context: BatchContext,
  rows: ReadonlyArray<{ rowNumber: number; record: CleanVehicle; flags: ImportFlag[] }>,
  reject: (rowNumber: number, problems: readonly ImportProblem[], dealerId: string | null) => void,
): Promise<Omit<Counts, 'accepted' | 'rejected'>> {
  const { tx, run, priorities } = context;
  const vins = [...new Set(rows.map((row) => row.record.vin))];
  const stored = vins.length > 0 ? await tx.select().from(vehicles).where(inArray(vehicles.vin, vins)) : [];
  const byVin = new Map(stored.map((row) => [row.vin, row]));
  const owners = await findOwners(tx, rows.map((row) => row.record));

  const cars = new Map<string, { existing: VehicleRow | null; id: string; fields: ReturnType<typeof vehicleFields>; flags: Set<string>; changes: FieldChange[] }>();
  for (const { rowNumber, record, flags } of rows) {
    const owner = owners(record);
    let car = cars.get(record.vin);
    const existing = car?.existing ?? byVin.get(record.vin) ?? null;
    if (!car && !existing && !owner) {
      reject(rowNumber, [{ field: record.ownerIdNumber ? 'ownerIdNumber' : 'ownerMobile', rule: 'OWNER_NOT_FOUND', value: record.ownerIdNumber ?? record.ownerMobile ?? '' }], null);
      continue;
    }
    if (!car) {
      // A stored vehicle's provenance times default to the import's own instant: `vehicles` has no creation time.
      car = { existing, id: existing?.id ?? randomUUID(), fields: existing ? vehicleFields(existing, new Date(0)) : {}, flags: new Set(existing?.flags ?? []), changes: [] };
      cars.set(record.vin, car);
    }
    const merged = mergeFields(
      car.fields,
      {
        customerId: claimOf(run, owner),
        plate: claimOf(run, record.plate),
        model: claimOf(run, record.model),
        powertrain: claimOf(run, record.powertrain),
        purchaseDate: claimOf(run, record.purchaseDate),
        warrantyEnd: claimOf(run, record.warrantyEnd),
        mileageKm: claimOf(run, record.mileageKm),
      },
      priorities,
    );
    car.fields = merged.fields;
    car.changes.push(...merged.changes);
    for (const flag of flags) car.flags.add(flag);
  }
  return writeVehicles(tx, run, [...cars.entries()].map(([vin, car]) => ({ vin, ...car })));
}

async function writeVehicles(
  tx: Executor,
  run: ImportRecord,
  cars: ReadonlyArray<{ vin: string; existing: VehicleRow | null; id: string; fields: ReturnType<typeof vehicleFields>; flags: Set<string>; changes: FieldChange[] }>,
): Promise<Omit<Counts, 'accepted' | 'rejected'>> {
  const inserts: Array<typeof vehicles.$inferInsert> = [];
  const updates: Array<typeof vehicles.$inferInsert> = [];
  const changes: Change[] = [];
  let unchanged = 0;
  for (const car of cars) {
    const columns = { ...vehicleColumns(car.fields), flags: [...car.flags].sort() };
    if (!car.existing) {
      inserts.push({ id: car.id, vin: car.vin, ...columns });
      changes.push({ importId: run.id, entity: 'vehicle', entityId: car.id, created: true, fields: [] });
      continue;
    }
    const fields = loggedFields(car.changes);
    if ((car.existing.flags ?? []).join() !== columns.flags.join()) fields.push({ field: 'flags', before: { value: car.existing.flags, source: null }, after: { value: columns.flags, source: null } });
    if (fields.length > 0) {
      updates.push({ ...car.existing, ...columns });
      changes.push({ importId: run.id, entity: 'vehicle', entityId: car.id, created: false, fields });
    } else unchanged += 1;
  }
  await bulkInsert(tx, vehicles, inserts);
  await bulkInsert(tx, vehicles, updates, { update: ['customerId', 'plate', 'model', 'powertrain', 'purchaseDate', 'warrantyEnd', 'mileageKm', 'sellingDealerId', 'servicingDealerId', 'flags', 'fieldSources'] });
  await bulkInsert(tx, importChanges, changes);
  return { created: inserts.length, updated: updates.length, unchanged };
}

/** The owners the batch's rows name: by ID number (its hash), else by mobile, among customers not merged away. */
async function findOwners(tx: Executor, records: readonly CleanVehicle[]): Promise<(record: CleanVehicle) => string | null> {
  const hashes = [...new Set(records.flatMap((record) => (record.ownerIdNumber ? [idNumberHash(record.ownerIdNumber)] : [])))];
  const phones = [...new Set(records.flatMap((record) => (record.ownerMobile ? [record.ownerMobile] : [])))];
  if (hashes.length === 0 && phones.length === 0) return () => null;
  const rows = await tx
    .select({ id: customers.id, hash: customers.idNumberHash, phone: customers.phone })
    .from(customers)
    .where(and(isNull(customers.mergedInto), sql`(${hashes.length > 0 ? inArray(customers.idNumberHash, hashes) : sql`false`} or ${phones.length > 0 ? inArray(customers.phone, phones) : sql`false`})`));
  const byHash = new Map(rows.filter((row) => row.hash).map((row) => [row.hash!, row.id]));
  const byPhone = new Map<string, string>();
  // Prefer the record without an ID number for a phone (the one an ID-less row would have made), else any.
  for (const row of [...rows].sort((a, b) => Number(a.hash !== null) - Number(b.hash !== null))) if (!byPhone.has(row.phone)) byPhone.set(row.phone, row.id);
  return (record) =>
    (record.ownerIdNumber ? byHash.get(idNumberHash(record.ownerIdNumber)) : undefined) ?? (record.ownerMobile ? byPhone.get(record.ownerMobile) : undefined) ?? null;
}

/** Relations: the VIN's vehicle gets the dealer as its selling or servicing dealer, by the sources' priorities. */
async function mergeRelations(
  context: BatchContext,
  rows: ReadonlyArray<{ rowNumber: number; record: CleanRelation }>,
  reject: (rowNumber: number, problems: readonly ImportProblem[], dealerId: string | null) => void,
): Promise<Omit<Counts, 'accepted' | 'rejected'>> {
  const { tx, run, priorities } = context;
  const vins = [...new Set(rows.map((row) => row.record.vin))];
  const codes = [...new Set(rows.map((row) => row.record.dealerCode))];
  const stored = vins.length > 0 ? await tx.select().from(vehicles).where(inArray(vehicles.vin, vins)) : [];
  const known = codes.length > 0 ? await tx.select({ id: dealers.id, code: dealers.code }).from(dealers).where(and(inArray(dealers.code, codes), eq(dealers.active, true))) : [];
  const byVin = new Map(stored.map((row) => [row.vin, row]));
  const dealerOf = new Map(known.map((row) => [row.code, row.id]));
  const cars = new Map<string, { vin: string; existing: VehicleRow; id: string; fields: ReturnType<typeof vehicleFields>; flags: Set<string>; changes: FieldChange[] }>();
  for (const { rowNumber, record } of rows) {
    const dealerId = dealerOf.get(record.dealerCode) ?? null;
    const vehicle = byVin.get(record.vin);
    const problems: ImportProblem[] = [
      ...(vehicle ? [] : [{ field: 'vin', rule: 'VEHICLE_NOT_FOUND' as const, value: record.vin }]),
      ...(dealerId ? [] : [{ field: 'dealerCode', rule: 'DEALER_NOT_FOUND' as const, value: record.dealerCode }]),
    ];
    // The row is the dealer's to fix when it names one.
    if (problems.length > 0 || !vehicle || !dealerId) {
      reject(rowNumber, problems, dealerId);
      continue;
    }
    let car = cars.get(record.vin);
    if (!car) {
      car = { vin: record.vin, existing: vehicle, id: vehicle.id, fields: vehicleFields(vehicle, new Date(0)), flags: new Set(vehicle.flags), changes: [] };
      cars.set(record.vin, car);
    }
    const field = record.relation === 'selling' ? 'sellingDealerId' : 'servicingDealerId';
    const merged = mergeFields(car.fields, { [field]: claimOf(run, dealerId) }, priorities);
    car.fields = merged.fields;
    car.changes.push(...merged.changes);
  }
  return writeVehicles(tx, run, [...cars.values()]);
}

type CategoryRow = { id: string; code: string; nameZh: string; nameEn: string; ticketType: string };

/**
 * The category a history row names: its code (any case), else a category whose zh or en name it is — of the row's
 * type when it gives one; without a type, a name shared by several types means the complaint one. Null: none;
 * 'ambiguous': several fit.
 */
export function findHistoryCategory(known: readonly CategoryRow[], written: string, type: string | undefined): CategoryRow | null | 'ambiguous' {
  const folded = written.toLowerCase();
  const byCode = known.find((category) => category.code.toLowerCase() === folded);
  if (byCode) return type === undefined || byCode.ticketType === type ? byCode : null;
  const named = known.filter((category) => (category.nameZh === written || category.nameEn.toLowerCase() === folded) && (type === undefined || category.ticketType === type));
  if (named.length <= 1) return named[0] ?? null;
  const complaints = named.filter((category) => category.ticketType === 'complaint');
  return type === undefined && complaints.length === 1 ? complaints[0]! : 'ambiguous';
}

/**
 * Complaint history: each accepted row becomes an `assist_history` row (text, category, type, date), counted as
 * confirmed history when the suggestions are trained. A row whose text, category and type a live import (this one
 * included) already holds is `unchanged`: importing the same file again, or a file overlapping an earlier one, adds
 * nothing. Undo deletes the import's rows.
 */
async function insertComplaintHistory(
  context: BatchContext,
  rows: ReadonlyArray<{ rowNumber: number; record: CleanComplaintHistory }>,
  reject: (rowNumber: number, problems: readonly ImportProblem[], dealerId: string | null) => void,
): Promise<Omit<Counts, 'accepted' | 'rejected'>> {
  const { tx, run } = context;
  const known = await tx.select({ id: categories.id, code: categories.code, nameZh: categories.nameZh, nameEn: categories.nameEn, ticketType: categories.ticketType }).from(categories);
  const texts = [...new Set(rows.map((row) => row.record.text))];
  const stored =
    texts.length === 0
      ? []
      : await tx
          .select({ text: assistHistory.text, categoryId: assistHistory.categoryId, type: assistHistory.ticketType })
          .from(assistHistory)
          .innerJoin(imports, eq(imports.id, assistHistory.importId))
          .where(and(inArray(assistHistory.text, texts), sql`${imports.status} <> 'undone'`));
  const keyOf = (text: string, categoryId: string, type: string) => JSON.stringify([text, categoryId, type]);
  const seen = new Set(stored.map((row) => keyOf(row.text, row.categoryId, row.type)));
  const inserts: Array<typeof assistHistory.$inferInsert> = [];
  let unchanged = 0;
  for (const { rowNumber, record } of rows) {
    const category = findHistoryCategory(known, record.category, record.type);
    if (category === null || category === 'ambiguous') {
      reject(rowNumber, [{ field: 'category', rule: category === null ? 'CATEGORY_NOT_FOUND' : 'CATEGORY_AMBIGUOUS', value: record.category }], null);
      continue;
    }
    const key = keyOf(record.text, category.id, category.ticketType);
    if (seen.has(key)) {
      unchanged += 1;
      continue;
    }
    seen.add(key);
    inserts.push({
      id: randomUUID(),
      text: record.text,
      ticketType: category.ticketType,
      categoryId: category.id,
      // A history date is a China calendar day: its midnight there.
      occurredAt: record.date ? chinaMidnight(record.date) : null,
      importId: run.id,
      rowNumber,
    });
  }
  await bulkInsert(tx, assistHistory, inserts);
  return { created: inserts.length, updated: 0, unchanged };
}
