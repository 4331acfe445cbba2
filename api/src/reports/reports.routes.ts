import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AppError,
  checkpointContract,
  exportFileContract,
  exportStatusContract,
  listReportCheckpointsContract,
  resolutionReportContract,
  resolutionReportExportContract,
  resolutionDistributionContract,
  resolutionTicketsContract,
  resolutionTicketsExportContract,
  roadsideFiguresContract,
  startExportContract,
  takeCheckpointContract,
} from '@careline/shared';
import {
  compareCheckpoint,
  createExport,
  dealerRank,
  drillDownPage,
  resolutionDistribution,
  EXPORT_CONTENT_TYPES,
  exportFileName,
  type ExportRow,
  findCheckpoint,
  findExport,
  listReportCheckpoints,
  markExportFailed,
  reportTable,
  resolutionReport,
  roadsideFigures,
  ticketBatches,
  ticketColumns,
  ticketScopeOf,
  takeCheckpointNow,
  writeExport,
} from '@careline/shared/server';
import type { Response } from 'express';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';
import { enqueueExport } from './reports-queue';

const fileNameOf = (stem: string, format: 'csv' | 'xlsx') => `careline-${stem}-${new Date().toISOString().slice(0, 10)}.${format}`;

function fileHeaders(response: Response, fileName: string, format: 'csv' | 'xlsx'): void {
  response.status(200);
  response.setHeader('Content-Type', EXPORT_CONTENT_TYPES[format]);
  response.setHeader('Content-Disposition', `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  response.setHeader('Cache-Control', 'no-store');
}

const presentExport = (row: ExportRow) => ({
  id: row.id,
  kind: row.kind,
  format: row.format,
  status: row.status,
  rowsDone: row.rowsDone,
  rowsTotal: row.rowsTotal,
  progress: row.rowsTotal ? Math.min(1, row.rowsDone / row.rowsTotal) : row.status === 'done' ? 1 : null,
  error: row.error,
  createdAt: row.createdAt,
  finishedAt: row.finishedAt,
  file: row.status === 'done' ? `/api/exports/${row.id}/file` : null,
});

/**
 * The resolution-time report, its drill-down, checkpoints and exports (shared/src/server/reports). A dealer's or a
 * department's user reads its own figures only; the scope is applied in the queries.
 */
export function reportRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(resolutionReportContract, async ({ actor, query }) => {
      const scope = ticketScopeOf(actor);
      const report = await resolutionReport(db, { scope, query });
      if (scope.kind === 'dealer') report.rank = await dealerRank(db, { dealerId: scope.dealerId, query, now: new Date(report.at) });
      return report;
    }),
    implement(resolutionTicketsContract, async ({ actor, query }) => drillDownPage(db, { scope: ticketScopeOf(actor), query })),
    implement(resolutionDistributionContract, async ({ actor, query }) => resolutionDistribution(db, { scope: ticketScopeOf(actor), query })),
    implement(resolutionReportExportContract, async ({ actor, query, response }) => {
      const report = await resolutionReport(db, { scope: ticketScopeOf(actor), query });
      const table = reportTable(report, query.language);
      fileHeaders(response, fileNameOf('resolution', query.format), query.format);
      await writeExport({ format: query.format, columns: table.columns, batches: [table.rows], output: response });
    }),
    implement(resolutionTicketsExportContract, async ({ actor, query, response }) => {
      const scope = ticketScopeOf(actor);
      const batches = ticketBatches(db, { scope, query, publicUrl: context.config.publicUrl });
      // The first batch is read before the headers go: a refused query still answers with its error.
      const iterator = batches[Symbol.asyncIterator]();
      const first = await iterator.next();
      fileHeaders(response, fileNameOf('tickets', query.format), query.format);
      const all = (async function* () {
        if (!first.done) yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      })();
      try {
        await writeExport({ format: query.format, columns: ticketColumns(query.language), batches: all, output: response });
      } catch (error) {
        // The headers are gone: the only way left to say "incomplete" is to cut the connection.
        context.logger.error({ err: error }, 'ticket export failed mid-stream');
        response.destroy();
      }
    }),
    implement(roadsideFiguresContract, async ({ actor, query }) => roadsideFigures(db, { scope: ticketScopeOf(actor), query })),
    implement(listReportCheckpointsContract, async () => ({ items: await listReportCheckpoints(db) })),
    implement(takeCheckpointContract, async ({ actor, body }) => takeCheckpointNow(db, { actor, label: body.label, query: body.query })),
    implement(checkpointContract, async ({ params, query }) => {
      const checkpoint = await findCheckpoint(db, params.id);
      return query.compare === 'now' ? { ...checkpoint, comparison: await compareCheckpoint(db, checkpoint) } : checkpoint;
    }),
    implement(startExportContract, async ({ actor, body }) => {
      const row = await createExport(db, { actor, request: body });
      try {
        await enqueueExport(context, row.id);
      } catch (error) {
        await markExportFailed(db, row.id, 'the job queue is not reachable');
        context.logger.warn({ err: error, exportId: row.id }, 'export job could not be queued');
        throw new AppError('SERVICE_UNAVAILABLE');
      }
      return presentExport(row);
    }),
    implement(exportStatusContract, async ({ actor, params }) => presentExport(await findExport(db, actor, params.id))),
    implement(exportFileContract, async ({ actor, params, response }) => {
      const row = await findExport(db, actor, params.id);
      if (row.status !== 'done') throw new AppError('NOT_FOUND', { status: row.status });
      const path = join(context.config.exportDir, exportFileName(row));
      const file = await stat(path).catch(() => null);
      if (!file) throw new AppError('NOT_FOUND');
      fileHeaders(response, fileNameOf(row.kind === 'report' ? 'resolution' : 'tickets', row.format), row.format);
      response.setHeader('Content-Length', String(file.size));
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(path);
        stream.on('error', reject);
        response.on('finish', resolve);
        response.on('close', resolve);
        stream.pipe(response);
      });
    }),
  ];
}
