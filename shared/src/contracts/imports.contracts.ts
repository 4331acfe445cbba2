/**
 * Importing customers, vehicles and vehicle ↔ dealer relations from the dealers' and the carmaker's systems (issue 13):
 * upload a file (its bytes are the request body), see its columns, a few rows and a suggested mapping, start it with
 * a mapping, follow its progress, download its rejected rows, undo it. The rules are in shared/src/import.
 */
import { z } from 'zod';
import { access } from '../auth/access';
import { IMPORT_KINDS } from '../import/import-columns';
import { defineContract } from './contract';
import { itemsOf, ZUuidParams, ZWireTimestamp } from './wire';

const tag = 'imports';

export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'done', 'failed', 'undone'] as const;

/** Target field → the file's column (header) that fills it. */
export const ZImportMapping = z.record(z.string().min(1).max(64), z.string().min(1).max(200));

export const ZImport = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  source: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  fileBytes: z.number(),
  status: z.enum(IMPORT_STATUSES),
  /** The instant the file's values are as of (every field it sets remembers it); a re-import of the same file keeps the first's. */
  asOf: ZWireTimestamp,
  mapping: ZImportMapping,
  processedRows: z.number(),
  /** Null until the file has been read through. */
  totalRows: z.number().nullable(),
  /** 0–100 while running (from the bytes read), 100 when done. */
  progress: z.number(),
  acceptedRows: z.number(),
  rejectedRows: z.number(),
  createdRecords: z.number(),
  updatedRecords: z.number(),
  unchangedRecords: z.number(),
  error: z.string().nullable(),
  dealerId: z.string().nullable(),
  createdAt: ZWireTimestamp,
  startedAt: ZWireTimestamp.nullable(),
  finishedAt: ZWireTimestamp.nullable(),
  undoneAt: ZWireTimestamp.nullable(),
});

/** A target field of a kind of file, as the mapping step shows it. */
export const ZImportField = z.object({ key: z.string(), labelZh: z.string(), labelEn: z.string(), required: z.boolean() });

/** What an upload answers: the import (status `uploaded`) and what the mapping step needs. */
export const ZImportPreview = z.object({
  import: ZImport,
  columns: z.array(z.object({ index: z.number(), name: z.string(), group: z.string().nullable() })),
  /** The first data rows, cells as text, in column order. */
  sample: z.array(z.array(z.string())),
  fields: z.array(ZImportField),
  /** The mapping last used for this source and kind, when its columns are all in this file; else the one the headers suggest. */
  mapping: ZImportMapping,
  mappingFrom: z.enum(['saved', 'suggested']),
});

export const ZUploadImportQuery = z.strictObject({
  kind: z.enum(IMPORT_KINDS),
  /** A source system's code (GET /import-sources); a dealer's staff always import as `dealer`. */
  source: z.string().min(1).max(32),
  fileName: z.string().min(1).max(255),
  /** When the file's data is as of (its export time); default: now, or the first import of the same file. */
  asOf: z.iso.datetime({ offset: true }).optional(),
});

export const ZStartImportRequest = z.strictObject({ mapping: ZImportMapping });

export const ZImportListQuery = z.strictObject({
  status: z.enum(IMPORT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZImportSource = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), priority: z.number(), active: z.boolean() });

export const ZUpdateImportSourcesRequest = z.strictObject({
  sources: z.array(z.strictObject({ code: z.string().min(1).max(32), priority: z.int().min(0).max(1000) })).min(1).max(50),
});

export const uploadImportContract = defineContract({
  method: 'post',
  path: '/imports',
  tag,
  summary:
    'Upload a CSV or XLSX file of customers, vehicles or vehicle–dealer relations (the file is the request body, up to IMPORT_MAX_MB): the import is `uploaded`, with its columns, first rows and a mapping to confirm',
  access: access.importers,
  query: ZUploadImportQuery,
  consumes: 'application/octet-stream',
  success: { status: 201, body: ZImportPreview },
});

export const startImportContract = defineContract({
  method: 'post',
  path: '/imports/:id/start',
  tag,
  summary: 'Start an uploaded import with a mapping (target field → column); every required field needs a column (400 IMPORT_MAPPING_INCOMPLETE). The mapping is kept for the source and kind',
  access: access.importers,
  params: ZUuidParams,
  body: ZStartImportRequest,
  success: { status: 202, body: ZImport },
});

export const listImportsContract = defineContract({
  method: 'get',
  path: '/imports',
  tag,
  summary: 'Imports, newest first: the hotline’s data team sees all, a dealer its own uploads',
  access: access.importers,
  query: ZImportListQuery,
  success: { status: 200, body: itemsOf(ZImport) },
});

export const importStatusContract = defineContract({
  method: 'get',
  path: '/imports/:id',
  tag,
  summary: 'One import: status, progress (rows and percent) and counts',
  access: access.importers,
  params: ZUuidParams,
  success: { status: 200, body: ZImport },
});

export const importRejectionsContract = defineContract({
  method: 'get',
  path: '/imports/:id/rejections.csv',
  tag,
  summary:
    'The rows an import turned away, as CSV (UTF-8 with BOM): row, field, rule code, message (zh, en), the value as it was. A dealer gets its own rows only',
  access: access.importers,
  params: ZUuidParams,
  success: { status: 200, body: null, description: 'text/csv' },
});

export const dealerRejectionsContract = defineContract({
  method: 'get',
  path: '/import-rejections.csv',
  tag,
  summary: 'Every rejected row that belongs to the caller’s dealer, across imports, as CSV to fix and send back (dealer staff)',
  access: access.importers,
  success: { status: 200, body: null, description: 'text/csv' },
});

export const undoImportContract = defineContract({
  method: 'post',
  path: '/imports/:id/undo',
  tag,
  summary:
    'Undo a finished import: every field it set goes back to what it was, where no later import changed it since; records it created go when nothing else refers to them',
  access: access.importAdmins,
  params: ZUuidParams,
  success: { status: 200, body: ZImport },
});

export const listImportSourcesContract = defineContract({
  method: 'get',
  path: '/import-sources',
  tag,
  summary: 'The source systems and their priority (a higher priority wins a field over a lower one); every signed-in user reads them (the Customer 360 names a field\'s source)',
  access: access.signedIn,
  success: { status: 200, body: itemsOf(ZImportSource) },
});

export const updateImportSourcesContract = defineContract({
  method: 'put',
  path: '/import-sources',
  tag,
  summary: 'Set the sources’ priorities (admins; recorded in the configuration history). Later imports merge by them',
  access: access.admin,
  body: ZUpdateImportSourcesRequest,
  success: { status: 200, body: itemsOf(ZImportSource) },
});
