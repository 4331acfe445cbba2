import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { detectImportFormat, headerLayout, openImportFile, type OpenedImportFile } from '../../shared/src/server/import/import-file';

/** Import files as the hotline gets them: CSV from Excel in three encodings and separators, XLSX with merged headers. */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'careline-import-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all(opened: OpenedImportFile) {
  const rows = [];
  for await (const row of opened.rows) rows.push(row);
  return rows;
}

const names = (opened: OpenedImportFile) => opened.columns.map((column) => column.name);

describe('CSV', () => {
  it('reads UTF-8 with a byte-order mark, quoted commas and line breaks, and skips blank lines', async () => {
    const path = join(dir, 'utf8.csv');
    writeFileSync(path, '\uFEFF姓名,手机,地址\r\n王芳,138 0013 8000,"上海市,浦东新区"\r\n\r\n李娜,+86 139-1234-5678,"北京\n朝阳"\r\n');
    expect(await detectImportFormat(path)).toBe('csv');
    const opened = await openImportFile(path, 'csv');
    expect(opened.encoding).toBe('utf-8');
    expect(names(opened)).toEqual(['姓名', '手机', '地址']);
    expect(await all(opened)).toEqual([
      { rowNumber: 2, cells: ['王芳', '138 0013 8000', '上海市,浦东新区'] },
      { rowNumber: 4, cells: ['李娜', '+86 139-1234-5678', '北京\n朝阳'] },
    ]);
  });

  it('reads GBK (Chinese Excel’s CSV) separated by semicolons', async () => {
    const path = join(dir, 'gbk.csv');
    writeFileSync(path, iconv.encode('客户姓名;联系电话;车架号\n欧阳娜娜;13800138000;LSVAU2180N2183294\n', 'gbk'));
    const opened = await openImportFile(path, 'csv');
    expect(opened.encoding).toBe('gb18030');
    expect(names(opened)).toEqual(['客户姓名', '联系电话', '车架号']);
    expect((await all(opened)).map((row) => row.cells)).toEqual([['欧阳娜娜', '13800138000', 'LSVAU2180N2183294']]);
  });

  it('reads UTF-16 tab-separated text (Excel’s “Unicode text”)', async () => {
    const path = join(dir, 'unicode.txt');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t手机\n张伟\t13700137000\n', 'utf16le')]));
    expect(await detectImportFormat(path, 'unicode.txt')).toBe('csv');
    const opened = await openImportFile(path, 'csv');
    expect(opened.encoding).toBe('utf-16le');
    expect(names(opened)).toEqual(['姓名', '手机']);
    expect((await all(opened)).map((row) => row.cells)).toEqual([['张伟', '13700137000']]);
  });
});

describe('XLSX', () => {
  it('reads a DMS export with merged group headers over the column names, dates, formulas and rich text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户车辆');
    sheet.addRow(['序号', '客户信息', null, '车辆信息', null, null]);
    sheet.addRow([null, '姓名', '手机', '车架号', '车型', '购车日期']);
    sheet.mergeCells('A1:A2');
    sheet.mergeCells('B1:C1');
    sheet.mergeCells('D1:F1');
    sheet.addRow([1, { richText: [{ text: '王' }, { text: '芳' }] }, 13800138000, 'LSVAU2180N2183294', 'A6L', new Date(Date.UTC(2024, 0, 5))]);
    sheet.getCell('F3').numFmt = 'yyyy-mm-dd';
    sheet.addRow([]);
    sheet.addRow([2, '李娜', { formula: '"139"&"12345678"', result: '13912345678' }, 'LFV3A23C7K3000001', 'Q5', null]);
    workbook.addWorksheet('说明').addRow(['这一页不是数据']);
    const path = join(dir, 'dms.xlsx');
    await workbook.xlsx.writeFile(path);

    expect(await detectImportFormat(path, 'export.bin')).toBe('xlsx');
    const opened = await openImportFile(path, 'xlsx');
    expect(opened.headerRows).toBe(2);
    expect(opened.columns).toEqual([
      { index: 0, name: '序号', group: null },
      { index: 1, name: '姓名', group: '客户信息' },
      { index: 2, name: '手机', group: '客户信息' },
      { index: 3, name: '车架号', group: '车辆信息' },
      { index: 4, name: '车型', group: '车辆信息' },
      { index: 5, name: '购车日期', group: '车辆信息' },
    ]);
    expect(await all(opened)).toEqual([
      { rowNumber: 3, cells: ['1', '王芳', '13800138000', 'LSVAU2180N2183294', 'A6L', '2024-01-05'] },
      { rowNumber: 5, cells: ['2', '李娜', '13912345678', 'LFV3A23C7K3000001', 'Q5'] },
    ]);
  });

  it('reads a plain one-row header, the second row being data', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['Name', 'Mobile', 'City']);
    sheet.addRow(['Wang Fang', '13800138000', 'Shanghai']);
    const path = join(dir, 'plain.xlsx');
    await workbook.xlsx.writeFile(path);
    const opened = await openImportFile(path, 'xlsx');
    expect(opened.headerRows).toBe(1);
    expect(names(opened)).toEqual(['Name', 'Mobile', 'City']);
    expect(await all(opened)).toEqual([{ rowNumber: 2, cells: ['Wang Fang', '13800138000', 'Shanghai'] }]);
  });

  it('refuses a file named .xlsx that is not one', async () => {
    const path = join(dir, 'fake.xlsx');
    writeFileSync(path, 'name,phone\n');
    expect(await detectImportFormat(path, 'fake.xlsx')).toBeNull();
  });
});

describe('header layout', () => {
  it('takes a second row for data when it looks like data, even under a row with gaps', () => {
    expect(headerLayout(['姓名', '', '手机'], ['王芳', '13800138000', '13800138000']).headerRows).toBe(1);
    expect(headerLayout(['姓名', '手机'], ['王芳', '李娜']).headerRows).toBe(1);
  });

  it('names a column the group row spans alone by the group', () => {
    expect(headerLayout(['客户', '', '备注'], ['姓名', '手机', '']).columns).toEqual([
      { index: 0, name: '姓名', group: '客户' },
      { index: 1, name: '手机', group: '客户' },
      { index: 2, name: '备注', group: null },
    ]);
  });
});
