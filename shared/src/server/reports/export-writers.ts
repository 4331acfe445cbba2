/**
 * Writes titled rows to a stream as CSV (UTF-8 with a byte-order mark, so Excel reads Chinese) or XLSX (exceljs'
 * streaming WorkbookWriter: rows are committed as they come, the sheet is never held whole). Batches come from an
 * async source and each waits for the output to drain, so memory stays flat however many rows there are.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ExportFormat } from '../../reports/export.schemas';
import type { ExportColumn, ExportValue } from './export-rows';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written with a leading apostrophe:
 * ticket subjects come from callers (CSV injection).
 */
function safeText(value: ExportValue): ExportValue {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Writes every batch; calls `onBatch` with the rows written so far after each. Resolves when the output is finished. */
export async function writeExport(options: {
  format: ExportFormat;
  columns: ExportColumn[];
  batches: AsyncIterable<ExportValue[][]> | Iterable<ExportValue[][]>;
  output: Writable;
  sheetName?: string;
  onBatch?: (rowsDone: number) => Promise<void> | void;
}): Promise<number> {
  let rowsDone = 0;
  if (options.format === 'csv') {
    const csv = stringify({ bom: true, header: true, columns: options.columns.map((column) => ({ key: column.key, header: column.title })) });
    csv.pipe(options.output);
    for await (const batch of options.batches) {
      for (const row of batch) {
        // Backpressure: wait while the reader (a slow client, the disk) has not taken what is buffered.
        if (!csv.write(row.map(safeText))) await once(csv, 'drain');
      }
      rowsDone += batch.length;
      await options.onBatch?.(rowsDone);
    }
    csv.end();
    await once(options.output, 'finish');
    return rowsDone;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: options.output, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.sheetName ?? 'careline');
  sheet.columns = options.columns.map((column) => ({ header: column.title, key: column.key }));
  for await (const batch of options.batches) {
    for (const row of batch) sheet.addRow(row.map(safeText)).commit();
    rowsDone += batch.length;
    await options.onBatch?.(rowsDone);
    // Let the zip stream write out what was committed before the next batch is read.
    if (options.output.writableNeedDrain) await once(options.output, 'drain');
  }
  sheet.commit();
  await workbook.commit();
  return rowsDone;
}
