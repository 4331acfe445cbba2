import {
  AppError,
  dealerRejectionsContract,
  importRejectionsContract,
  importStatusContract,
  listImportsContract,
  listImportSourcesContract,
  startImportContract,
  undoImportContract,
  updateImportSourcesContract,
  uploadImportContract,
} from '@careline/shared';
import {
  findImport,
  type ImportRecord,
  importProgress,
  listImports,
  listImportSources,
  startImport,
  undoImport,
  unqueueImport,
  updateImportSources,
  uploadImport,
  writeRejectionsCsv,
} from '@careline/shared/server';
import type { Response } from 'express';
import type { AppContext } from '../context';
import { type Implementation, implement } from '../http/mount-contracts';
import { enqueueImport } from '../reports/reports-queue';

const presentImport = (row: ImportRecord) => ({ ...row, progress: importProgress(row) });

function csvHeaders(response: Response, fileName: string): void {
  response.status(200);
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  response.setHeader('Cache-Control', 'no-store');
}

/** Customer and vehicle imports (shared/src/server/import): upload, start, progress, rejected rows, undo, sources. */
export function importRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(uploadImportContract, async ({ actor, query, request }) => {
      const uploaded = await uploadImport(db, { actor, importDir: context.config.importDir, maxBytes: context.config.importMaxBytes, body: request, query });
      return { ...uploaded, import: presentImport(uploaded.import) };
    }),
    implement(startImportContract, async ({ actor, params, body }) => {
      const started = await startImport(db, { actor, importId: params.id, mapping: body.mapping });
      try {
        await enqueueImport(context, started.id);
      } catch (error) {
        // Nothing ran: the import can be started again once the queue is back.
        await unqueueImport(db, started.id);
        context.logger.warn({ err: error, importId: started.id }, 'import job could not be queued');
        throw new AppError('SERVICE_UNAVAILABLE');
      }
      return presentImport(started);
    }),
    implement(listImportsContract, async ({ actor, query }) => ({ items: (await listImports(db, actor, query)).map(presentImport) })),
    implement(importStatusContract, async ({ actor, params }) => presentImport(await findImport(db, actor, params.id))),
    implement(importRejectionsContract, async ({ actor, params, response }) => {
      const run = await findImport(db, actor, params.id);
      csvHeaders(response, `rejected-rows-${run.id.slice(0, 8)}.csv`);
      await writeRejectionsCsv(db, { actor, importId: run.id, out: response });
    }),
    implement(dealerRejectionsContract, async ({ actor, response }) => {
      if (actor.role !== 'dealer_user' && actor.role !== 'dealer_manager') throw new AppError('FORBIDDEN');
      csvHeaders(response, 'rejected-rows.csv');
      await writeRejectionsCsv(db, { actor, importId: null, out: response });
    }),
    implement(undoImportContract, async ({ actor, params }) => presentImport(await undoImport(db, actor, params.id))),
    implement(listImportSourcesContract, async () => ({ items: await listImportSources(db) })),
    implement(updateImportSourcesContract, async ({ actor, body }) => ({ items: await updateImportSources(db, actor, body.sources) })),
  ];
}
