/**
 * Imports as their users handle them: upload (the file kept in the import folder, its columns, first rows and a
 * mapping offered), start with a mapping (kept per source and kind for next time), read one or a list, download the
 * rejected rows, undo, and the sources' priorities. The worker's part is run-import.ts. A dealer's staff import as
 * source `dealer`, see their own imports and download only the rejected rows that are their dealer's.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { access, requireAccess } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import { IMPORT_FIELDS, type ImportKind, suggestMapping, unmappedRequiredFields } from '../../import/import-columns';
import { IMPORT_RULES, type ImportRuleCode } from '../../import/import-rules';
import { undoChanges, type ProvenancedValue } from '../../import/import-merge';
import { recordConfigChange } from '../audit/config-changes';
import type { Database, Executor } from '../db/client';
import { assistHistory, customers, type FieldSource, importChanges, type LoggedClaim, importMappings, importRejections, imports, importSources, tickets, vehicles, callbackTasks } from '../db/schema';
import { detectImportFormat, openImportFile } from './import-file';
import type { ImportRecord } from './run-import';

const isDealerStaff = (actor: Actor) => actor.role === 'dealer_user' || actor.role === 'dealer_manager';
const SAMPLE_ROWS = 5;

/** An import as the actor may see it: the data team every import, a dealer's staff their dealer's; else NOT_FOUND. */
export async function findImport(db: Executor, actor: Actor, id: string): Promise<ImportRecord> {
  requireAccess(actor, access.importers);
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  if (!row || (isDealerStaff(actor) && row.dealerId !== actor.dealerId)) throw new AppError('NOT_FOUND');
  return row;
}

export async function listImports(db: Executor, actor: Actor, query: { status?: ImportRecord['status']; limit: number }): Promise<ImportRecord[]> {
  requireAccess(actor, access.importers);
  return db
    .select()
    .from(imports)
    .where(and(query.status ? eq(imports.status, query.status) : undefined, isDealerStaff(actor) ? eq(imports.dealerId, actor.dealerId ?? '00000000-0000-0000-0000-000000000000') : undefined))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(query.limit);
}

/** 0–100: rows done of the total once counted; 100 once ended. */
export function importProgress(row: Pick<ImportRecord, 'status' | 'processedRows' | 'totalRows'>): number {
  if (row.status === 'done' || row.status === 'undone') return 100;
  if (!row.totalRows) return 0;
  return Math.min(100, Math.floor((row.processedRows / row.totalRows) * 100));
}

export interface UploadedImport {
  import: ImportRecord;
  columns: Array<{ index: number; name: string; group: string | null }>;
  sample: string[][];
  fields: Array<{ key: string; labelZh: string; labelEn: string; required: boolean }>;
  mapping: Record<string, string>;
  mappingFrom: 'saved' | 'suggested';
}

/**
 * Keeps an uploaded file (streamed to the import folder, hashed, at most `maxBytes`) and reads its header and first
 * rows. The file's values are as of `asOf`, else as of the first import of the same file from the same source (so a
 * re-import claims exactly what the first did and changes nothing), else now.
 */
export async function uploadImport(
  db: Database,
  options: { actor: Actor; importDir: string; maxBytes: number; body: Readable; query: { kind: ImportKind; source: string; fileName: string; asOf?: string }; now?: Date },
): Promise<UploadedImport> {
  const { actor, query } = options;
  requireAccess(actor, access.importers);
  // Labelled history teaches the hotline's suggestions: the hotline's import admins bring it, not dealers.
  if (query.kind === 'complaint_history') requireAccess(actor, access.importAdmins);
  // A dealer's staff import what their dealer entered, under that name only.
  if (isDealerStaff(actor) && query.source !== 'dealer') throw new AppError('FORBIDDEN', { source: query.source });
  const [source] = await db.select().from(importSources).where(and(eq(importSources.code, query.source), eq(importSources.active, true)));
  if (!source) throw new AppError('UNKNOWN_REFERENCE', { field: 'source' });

  const id = randomUUID();
  await mkdir(options.importDir, { recursive: true });
  const path = join(options.importDir, `${id}.upload`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) return done(new AppError('PAYLOAD_TOO_LARGE', { maxBytes: options.maxBytes }));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(options.body, meter, createWriteStream(path));
    if (bytes === 0) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'empty' });
    const format = await detectImportFormat(path, query.fileName);
    if (!format) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'neither CSV nor XLSX' });
    const opened = await openImportFile(path, format).catch((error: unknown) => {
      throw new AppError('IMPORT_FILE_UNREADABLE', { reason: error instanceof Error ? error.message : String(error) });
    });
    const sample: string[][] = [];
    for await (const row of opened.rows) {
      sample.push(row.cells);
      if (sample.length >= SAMPLE_ROWS) break;
    }
    const names = opened.columns.map((column) => column.name).filter((name) => name !== '');
    if (names.length === 0) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'no header row' });

    const fileSha256 = hash.digest('hex');
    const [earlier] = await db
      .select({ asOf: imports.asOf })
      .from(imports)
      .where(and(eq(imports.fileSha256, fileSha256), eq(imports.source, query.source), eq(imports.kind, query.kind), ne(imports.status, 'undone'), ne(imports.status, 'uploaded')))
      .orderBy(asc(imports.createdAt))
      .limit(1);
    const [saved] = await db.select().from(importMappings).where(and(eq(importMappings.source, query.source), eq(importMappings.kind, query.kind)));
    const savedFits = saved !== undefined && Object.values(saved.mapping).every((header) => names.includes(header));
    const mapping = savedFits ? saved.mapping : (suggestMapping(query.kind, names) as Record<string, string>);
    const [row] = await db
      .insert(imports)
      .values({
        id,
        kind: query.kind,
        source: query.source,
        fileName: query.fileName,
        filePath: path,
        fileSha256,
        fileBytes: bytes,
        format,
        mapping,
        asOf: query.asOf ? new Date(query.asOf) : (earlier?.asOf ?? options.now ?? new Date()),
        status: 'uploaded',
        dealerId: isDealerStaff(actor) ? actor.dealerId : null,
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning();
    return {
      import: row,
      columns: opened.columns,
      sample,
      fields: IMPORT_FIELDS[query.kind].map(({ key, labelZh, labelEn, required }) => ({ key, labelZh, labelEn, required })),
      mapping,
      mappingFrom: savedFits ? 'saved' : 'suggested',
    };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

/**
 * Starts an uploaded import with a mapping: every field must be one of the kind's, every column one of the file's,
 * every required field mapped (IMPORT_MAPPING_INCOMPLETE names the missing). The mapping is kept for the source and
 * kind. Returns the import, `queued`; the caller adds its job.
 */
export async function startImport(db: Database, options: { actor: Actor; importId: string; mapping: Record<string, string> }): Promise<ImportRecord> {
  const run = await findImport(db, options.actor, options.importId);
  const known = new Set(IMPORT_FIELDS[run.kind].map((field) => field.key));
  const unknown = Object.keys(options.mapping).filter((field) => !known.has(field));
  if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', { issues: unknown.map((field) => ({ path: `mapping.${field}`, code: 'custom', message: 'not a field of this kind of file' })) });
  const opened = await openImportFile(run.filePath, run.format).catch(() => {
    throw new AppError('IMPORT_STATE_CONFLICT', { reason: 'the uploaded file is gone' });
  });
  await opened.rows.return(undefined);
  const names = new Set(opened.columns.map((column) => column.name));
  const strangers = Object.entries(options.mapping).filter(([, header]) => !names.has(header));
  if (strangers.length > 0) {
    throw new AppError('VALIDATION_FAILED', { issues: strangers.map(([field]) => ({ path: `mapping.${field}`, code: 'custom', message: 'not a column of the file' })) });
  }
  const missing = unmappedRequiredFields(run.kind, options.mapping);
  if (missing.length > 0) throw new AppError('IMPORT_MAPPING_INCOMPLETE', { fields: missing });
  return db.transaction(async (tx) => {
    const [started] = await tx
      .update(imports)
      .set({ mapping: options.mapping, status: 'queued' })
      .where(and(eq(imports.id, run.id), eq(imports.status, 'uploaded')))
      .returning();
    if (!started) throw new AppError('IMPORT_STATE_CONFLICT', { status: run.status });
    await tx
      .insert(importMappings)
      .values({ source: run.source, kind: run.kind, mapping: options.mapping, updatedBy: options.actor.kind === 'user' ? options.actor.id : null })
      .onConflictDoUpdate({ target: [importMappings.source, importMappings.kind], set: { mapping: options.mapping, updatedBy: options.actor.kind === 'user' ? options.actor.id : null, updatedAt: new Date() } });
    return started;
  });
}

/** A queued import whose job could not be added goes back to `uploaded`, to be started again. */
export async function unqueueImport(db: Executor, importId: string): Promise<void> {
  await db.update(imports).set({ status: 'uploaded' }).where(and(eq(imports.id, importId), eq(imports.status, 'queued')));
}

const CSV_COLUMNS = ['row', 'field', 'rule', 'message_zh', 'message_en', 'value'];

/**
 * The rejected rows as CSV (UTF-8 with a byte-order mark, so Excel reads Chinese): of one import (a dealer's staff:
 * their dealer's rows of it), or — `importId` null — every rejected row of the caller's dealer.
 */
export async function writeRejectionsCsv(db: Executor, options: { actor: Actor; importId: string | null; out: Writable }): Promise<void> {
  requireAccess(options.actor, access.importers);
  const dealerOnly = isDealerStaff(options.actor);
  if (options.importId === null && !dealerOnly) throw new AppError('FORBIDDEN');
  if (options.importId !== null) {
    const [run] = await db.select({ id: imports.id }).from(imports).where(eq(imports.id, options.importId));
    if (!run) throw new AppError('NOT_FOUND');
  }
  const where = and(
    options.importId !== null ? eq(importRejections.importId, options.importId) : undefined,
    dealerOnly ? eq(importRejections.dealerId, options.actor.dealerId ?? '00000000-0000-0000-0000-000000000000') : undefined,
  );
  const csv = stringify({ bom: true, header: true, columns: options.importId === null ? ['import', ...CSV_COLUMNS] : CSV_COLUMNS });
  const done = pipeline(csv, options.out);
  let after = 0;
  for (;;) {
    const page = await db
      .select({ id: importRejections.id, importId: importRejections.importId, row: importRejections.rowNumber, field: importRejections.field, rule: importRejections.rule, value: importRejections.value })
      .from(importRejections)
      .where(and(where, sql`${importRejections.id} > ${after}`))
      .orderBy(asc(importRejections.id))
      .limit(5000);
    for (const rejection of page) {
      const message = IMPORT_RULES[rejection.rule as ImportRuleCode] ?? { zh: rejection.rule, en: rejection.rule };
      const cells = [rejection.row, rejection.field, rejection.rule, message.zh, message.en, rejection.value ?? ''];
      if (!csv.write(options.importId === null ? [rejection.importId, ...cells] : cells)) await new Promise((resolve) => csv.once('drain', resolve));
    }
    if (page.length < 5000) break;
    after = page.at(-1)!.id;
  }
  csv.end();
  await done;
}

/**
 * Undoes a finished import, in one transaction: each field it set or overwrote goes back to what it held, where the
 * field still holds what this import wrote (a later import's value stays: undo newest first); vehicle flags it added go;
 * records it created are removed when nothing refers to them (a ticket, a vehicle, a campaign call) and no later import
 * touched them, else kept as they are. Its rejected rows stay, for the record.
 */
export async function undoImport(db: Database, actor: Actor, importId: string): Promise<ImportRecord> {
  requireAccess(actor, access.importAdmins);
  const run = await findImport(db, actor, importId);
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(imports).where(eq(imports.id, run.id)).for('update');
    if (locked.status !== 'done') throw new AppError('IMPORT_STATE_CONFLICT', { status: locked.status });
    // Complaint history only adds rows of its own (assist_history): undo deletes them; the next training forgets them.
    if (locked.kind === 'complaint_history') await tx.delete(assistHistory).where(eq(assistHistory.importId, run.id));
    const changes = await tx.select().from(importChanges).where(eq(importChanges.importId, run.id)).orderBy(asc(importChanges.id));
    // Vehicles first: a customer this import made may be free to go once its vehicles have gone.
    for (const entity of ['vehicle', 'customer'] as const) {
      const ofEntity = changes.filter((change) => change.entity === entity);
      if (ofEntity.length === 0) continue;
      const ids = [...new Set(ofEntity.map((change) => change.entityId))];
      const touchedLater = new Set(
        (
          await tx
            .select({ id: importChanges.entityId })
            .from(importChanges)
            .innerJoin(imports, eq(imports.id, importChanges.importId))
            .where(and(eq(importChanges.entity, entity), inArray(importChanges.entityId, ids), ne(importChanges.importId, run.id), ne(imports.status, 'undone')))
        ).map((row) => row.id),
      );
      const removable = new Set(ofEntity.filter((change) => change.created && !touchedLater.has(change.entityId)).map((change) => change.entityId));
      const log = new Map<string, ChangeRow['fields']>();
      for (const change of ofEntity) log.set(change.entityId, [...(log.get(change.entityId) ?? []), ...change.fields]);
      if (entity === 'vehicle') await undoVehicles(tx, ids, log, removable);
      else await undoCustomers(tx, ids, log, removable);
    }
    const [undone] = await tx.update(imports).set({ status: 'undone', undoneAt: new Date(), undoneBy: actor.kind === 'user' ? actor.id : null }).where(eq(imports.id, run.id)).returning();
    return undone;
  });
}

type ChangeRow = typeof importChanges.$inferSelect;
type LoggedFields = ChangeRow['fields'];

const claimFrom = (stored: LoggedClaim | null): ProvenancedValue | undefined =>
  stored?.source ? { value: String(stored.value), source: stored.source.source, at: stored.source.at, importId: stored.source.importId ?? '' } : undefined;

/** The fields as claims, the import's log of one record as the merge's changes, and undoChanges' answer as column values. */
function undoFields(fieldSources: Record<string, FieldSource>, values: Record<string, unknown>, logged: LoggedFields) {
  const fields: Record<string, ProvenancedValue> = {};
  for (const [field, value] of Object.entries(values)) {
    const source = fieldSources[field];
    if (value !== null && value !== undefined && value !== '' && source) fields[field] = { value: String(value), source: source.source, at: source.at, importId: source.importId ?? '' };
  }
  const log = logged
    .filter((change) => change.field !== 'flags')
    .map((change) => ({ field: change.field, before: claimFrom(change.before), after: claimFrom(change.after)!, action: change.before ? ('overwrite' as const) : ('set' as const) }));
  const restored = undoChanges(fields, log);
  const columns: Record<string, string | null> = {};
  const sources: Record<string, FieldSource> = { ...fieldSources };
  for (const field of new Set(log.map((change) => change.field))) {
    columns[field] = restored[field]?.value ?? null;
    if (restored[field]) sources[field] = { source: restored[field].source, at: restored[field].at, importId: restored[field].importId || null };
    else delete sources[field];
  }
  return { columns, sources };
}

async function undoCustomers(tx: Executor, ids: string[], log: ReadonlyMap<string, LoggedFields>, removable: ReadonlySet<string>) {
  const rows = await tx.select().from(customers).where(inArray(customers.id, ids));
  const referenced = new Set([
    ...(await tx.select({ id: tickets.customerId }).from(tickets).where(inArray(tickets.customerId, ids))).map((row) => row.id),
    ...(await tx.select({ id: vehicles.customerId }).from(vehicles).where(inArray(vehicles.customerId, ids))).map((row) => row.id),
  ]);
  for (const row of rows) {
    if (removable.has(row.id) && !referenced.has(row.id)) {
      await tx.delete(customers).where(eq(customers.id, row.id));
      continue;
    }
    const { columns, sources } = undoFields(row.fieldSources, { kind: row.kind, name: row.name, phone: row.phone, idNumber: row.idNumberHash, email: row.email, province: row.province, city: row.city }, log.get(row.id) ?? []);
    const update: Partial<typeof customers.$inferInsert> = { fieldSources: sources, updatedAt: new Date() };
    if ('kind' in columns) update.kind = (columns.kind ?? 'person') as 'person' | 'company';
    // A customer is found by its name and mobile: never left without them.
    if ('name' in columns && columns.name !== null) update.name = columns.name;
    if ('phone' in columns && columns.phone !== null) update.phone = columns.phone;
    if ('idNumber' in columns) {
      update.idNumberHash = columns.idNumber;
      if (columns.idNumber === null) update.idNumberMasked = null;
    }
    for (const field of ['email', 'province', 'city'] as const) if (field in columns) update[field] = columns[field];
    await tx.update(customers).set(update).where(eq(customers.id, row.id));
  }
}

async function undoVehicles(tx: Executor, ids: string[], log: ReadonlyMap<string, LoggedFields>, removable: ReadonlySet<string>) {
  const rows = await tx.select().from(vehicles).where(inArray(vehicles.id, ids));
  const referenced = new Set([
    ...(await tx.select({ id: tickets.vehicleId }).from(tickets).where(inArray(tickets.vehicleId, ids))).map((row) => row.id),
    ...(await tx.select({ id: callbackTasks.vehicleId }).from(callbackTasks).where(and(inArray(callbackTasks.vehicleId, ids), isNull(callbackTasks.ticketId)))).map((row) => row.id),
  ]);
  for (const row of rows) {
    if (removable.has(row.id) && !referenced.has(row.id)) {
      await tx.delete(vehicles).where(eq(vehicles.id, row.id));
      continue;
    }
    const own = log.get(row.id) ?? [];
    const values: Record<string, unknown> = {};
    for (const field of ['customerId', 'plate', 'model', 'powertrain', 'purchaseDate', 'warrantyEnd', 'mileageKm', 'sellingDealerId', 'servicingDealerId'] as const) values[field] = row[field];
    const { columns, sources } = undoFields(row.fieldSources, values, own);
    const update: Partial<typeof vehicles.$inferInsert> = { fieldSources: sources };
    for (const [field, value] of Object.entries(columns)) {
      if (field === 'mileageKm') update.mileageKm = value === null ? null : Number(value);
      // A vehicle always has an owner, a model and a powertrain: never left without them.
      else if ((field === 'customerId' || field === 'model' || field === 'powertrain') && value === null) continue;
      else (update as Record<string, unknown>)[field] = value;
    }
    // Flags: back to what they were before this import, where it was the last to change them.
    const flagChange = own.findLast((change) => change.field === 'flags');
    if (flagChange && JSON.stringify(flagChange.after.value) === JSON.stringify(row.flags)) update.flags = (flagChange.before?.value as string[]) ?? [];
    await tx.update(vehicles).set(update).where(eq(vehicles.id, row.id));
  }
}

export async function listImportSources(db: Executor) {
  return db.select().from(importSources).orderBy(desc(importSources.priority), asc(importSources.code));
}

/** Sets the sources' priorities (admins), recorded in the configuration history. */
export async function updateImportSources(db: Database, actor: Actor, sources: ReadonlyArray<{ code: string; priority: number }>) {
  requireAccess(actor, access.admin);
  await db.transaction(async (tx) => {
    const before = await tx.select().from(importSources).orderBy(asc(importSources.code)).for('update');
    const unknown = sources.filter((source) => !before.some((row) => row.code === source.code));
    if (unknown.length > 0) throw new AppError('UNKNOWN_REFERENCE', { field: 'sources', codes: unknown.map((source) => source.code) });
    for (const source of sources) await tx.update(importSources).set({ priority: source.priority, updatedAt: new Date() }).where(eq(importSources.code, source.code));
    const after = await tx.select().from(importSources).orderBy(asc(importSources.code));
    const ranking = (rows: typeof before) => Object.fromEntries(rows.map((row) => [row.code, row.priority]));
    await recordConfigChange(tx, actor, { entity: 'import_sources', entityId: 'priorities', action: 'update', before: ranking(before), after: ranking(after) });
  });
  return listImportSources(db);
}
