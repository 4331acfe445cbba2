/** Exports and checkpoints: request schemas (browser-safe). */
import { z } from 'zod';
import { periodInOrder, periodIssue, ZCellKeyShape, ZGroupBy, ZReportFilterShape } from './report.schemas';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const format = z.enum(EXPORT_FORMATS).default('csv');
/** Which language the file's column titles are in (cell values are the same in both). */
const language = z.enum(['zh-CN', 'en']).default('zh-CN');

export const ZReportExportQuery = z.strictObject({ ...ZReportFilterShape, groupBy: ZGroupBy, format, language }).refine(periodInOrder, periodIssue);
export type TReportExportQuery = z.output<typeof ZReportExportQuery>;

export const ZTicketExportQuery = z.strictObject({ ...ZReportFilterShape, ...ZCellKeyShape, format, language }).refine(periodInOrder, periodIssue);
export type TTicketExportQuery = z.output<typeof ZTicketExportQuery>;

/** An export job: what (a report, or a cell's tickets), which format, and the same query the direct export takes. */
export const ZExportRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('report'), query: z.strictObject({ ...ZReportFilterShape, groupBy: ZGroupBy, format, language }).refine(periodInOrder, periodIssue) }),
  z.strictObject({ kind: z.literal('tickets'), query: z.strictObject({ ...ZReportFilterShape, ...ZCellKeyShape, format, language }).refine(periodInOrder, periodIssue) }),
]);
export type TExportRequest = z.output<typeof ZExportRequest>;

/** A checkpoint taken by hand: a label and the report's query (default: per dealer, created this month). */
export const ZTakeCheckpointRequest = z.strictObject({
  label: z.string().trim().min(1).max(100).optional(),
  query: z.strictObject({ ...ZReportFilterShape, groupBy: ZGroupBy }).refine(periodInOrder, periodIssue).optional(),
});
export type TTakeCheckpointRequest = z.output<typeof ZTakeCheckpointRequest>;

export const ZCheckpointCompareQuery = z.strictObject({ compare: z.enum(['now']).optional() });
