/**
 * Reading an import file row by row, whatever the system that wrote it: CSV in UTF-8 (with or without a byte-order
 * mark), UTF-16 (Excel's "Unicode text") or GB18030/GBK (what Excel on a Chinese Windows saves), separated by commas,
 * semicolons or tabs; or XLSX, read as a stream (exceljs' WorkbookReader: the rows are never all in memory; the
 * workbook's shared strings are). Parsing is the libraries' (csv-parse, iconv-lite, exceljs); this file picks the
 * encoding and the header rows and turns every cell into a string.
 *
 * Header rows: the first row names the columns, unless it is a group row over a second one — the layout a DMS export
 * with merged header cells has (客户信息 over 姓名 | 手机, 车辆信息 over 车架号 | 车型 …). A streamed XLSX tells its merged
 * ranges only after its rows, so the layout is recognised from the rows themselves (`headerLayout`): the first row
 * has gaps where a merged cell spans, and the second names every column the first leaves blank, with no value that
 * looks like data. The column's name is then the second row's, and its group the first row's, carried across the gap.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type ImportFileFormat = 'csv' | 'xlsx';

/** A data row: its number as the file's reader sees it (1 = the first line or sheet row, header rows counted) and its cells. */
export interface ImportRow {
  rowNumber: number;
  cells: string[];
}

export interface ImportColumn {
  /** The column's position (0-based). */
  index: number;
  /** The header's text (the second header row's, for a two-row header), trimmed. */
  name: string;
  /** For a two-row header: the first row's group over this column (a merged cell carried across), else null. */
  group: string | null;
}

export interface OpenedImportFile {
  format: ImportFileFormat;
  /** The CSV's text encoding, as detected (XLSX: always utf-8). */
  encoding: string;
  columns: ImportColumn[];
  /** How many rows the header took (1 or 2). */
  headerRows: 1 | 2;
  /** The data rows, streamed; empty rows skipped. Iterate once. */
  rows: AsyncGenerator<ImportRow>;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The file's format from its first bytes (an XLSX is a zip archive), else from its name; null: neither. */
export async function detectImportFormat(path: string, fileName = path): Promise<ImportFileFormat | null> {
  const head = await firstBytes(path, 4);
  if (head.equals(ZIP_SIGNATURE)) return 'xlsx';
  if (/\.xlsx$/i.test(fileName)) return null; // named XLSX, not a zip: a corrupt or renamed file
  return /\.(csv|txt|tsv)$/i.test(fileName) || head.length === 0 || !head.includes(0) || isUtf16(head) ? 'csv' : null;
}

async function firstBytes(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const isUtf16 = (head: Buffer) => head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));

/**
 * The CSV's encoding from its first 64 KB: a byte-order mark says it; otherwise text that is valid UTF-8 is UTF-8
 * (a cut multi-byte character at the end of the sample is not held against it), and anything else is GB18030, the
 * superset of GBK and GB2312 that Chinese Excel writes.
 */
export async function detectCsvEncoding(path: string): Promise<'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'> {
  const sample = await firstBytes(path, 64 * 1024);
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** A cell as text: dates as YYYY-MM-DD (with the time when it has one), formulas by their result, rich text joined. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const cell = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if ('error' in cell) return '';
    if (cell.text !== undefined) return cellText(cell.text);
    return '';
  }
  return String(value);
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');
// A cell that reads like data, not a column name: digits (a phone, a date, an amount), or a date written out.
const DATA_LIKE = /^[\d\s.,:/+\-年月日]+$|^\d{4}-\d{2}-\d{2}/;

/**
 * One header row, or a group row over a second (see the top of this file): the second row is a header row when the
 * first has a gap after a named cell (a merged cell's span) and the second names every column of those gaps, with no
 * cell that looks like data.
 */
export function headerLayout(first: readonly string[], second: readonly string[] | undefined): { headerRows: 1 | 2; columns: ImportColumn[] } {
  const width = Math.max(first.length, second?.length ?? 0);
  const at = (row: readonly string[] | undefined, index: number) => (row?.[index] ?? '').trim();
  const firstNamed = first.findIndex((cell) => cell.trim() !== '');
  const gaps = Array.from({ length: width }, (_, index) => index).filter((index) => index > firstNamed && at(first, index) === '');
  const twoRows =
    second !== undefined &&
    gaps.length > 0 &&
    gaps.every((index) => at(second, index) !== '') &&
    second.every((cell) => cell.trim() === '' || !DATA_LIKE.test(cell.trim()));
  if (!twoRows) {
    return { headerRows: 1, columns: Array.from({ length: width }, (_, index) => ({ index, name: at(first, index), group: null })) };
  }
  let group: string | null = null;
  const columns = Array.from({ length: width }, (_, index) => {
    if (at(first, index) !== '') group = at(first, index);
    const name = at(second, index);
    // A column the group row names alone (its cell merged down over both rows): the group's name is the column's.
    return name === '' ? { index, name: group ?? '', group: null } : { index, name, group: group !== name ? group : null };
  });
  return { headerRows: 2, columns };
}

/** Opens an import file: its format, encoding and columns, and its data rows as a stream. */
export async function openImportFile(path: string, format: ImportFileFormat): Promise<OpenedImportFile> {
  const encoding = format === 'csv' ? await detectCsvEncoding(path) : 'utf-8';
  const source = format === 'csv' ? csvRows(path, encoding) : xlsxRows(path);
  // The first two non-blank rows decide the header; the second goes back to the data when it is data.
  const head: ImportRow[] = [];
  for (;;) {
    const next = await source.next();
    if (next.done) break;
    if (isBlank(next.value.cells)) continue;
    head.push(next.value);
    if (head.length === 2) break;
  }
  const { headerRows, columns } = headerLayout(head[0]?.cells ?? [], head[1]?.cells);
  const leftover = head.slice(headerRows);
  async function* rows(): AsyncGenerator<ImportRow> {
    yield* leftover;
    for await (const row of { [Symbol.asyncIterator]: () => source }) if (!isBlank(row.cells)) yield row;
  }
  return { format, encoding, columns, headerRows, rows: rows() };
}

async function* csvRows(path: string, encoding: string): AsyncGenerator<ImportRow> {
  const text: Readable =
    encoding === 'utf-8' ? createReadStream(path, { encoding: 'utf-8' }) : createReadStream(path).pipe(iconv.decodeStream(encoding) as unknown as Transform);
  const parser = text.pipe(
    parse({
      bom: true,
      // Excel writes the list separator of the machine's locale; "Unicode text" is tab-separated.
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }),
  );
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rowNumber += 1;
    yield { rowNumber, cells: record.map((cell) => cellText(cell)) };
  }
}

async function* xlsxRows(path: string): AsyncGenerator<ImportRow> {
  // Styles cached: a date cell is a number with a date format, and only the styles say so.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const worksheet of workbook) {
    for await (const row of worksheet) {
      const values = (row.values as unknown[]).slice(1); // exceljs rows are 1-based: values[0] is empty
      yield { rowNumber: row.number, cells: Array.from({ length: values.length }, (_, index) => cellText(values[index])) };
    }
    // The first worksheet only: an export's other sheets are notes, pivots or lists of codes.
    break;
  }
}
