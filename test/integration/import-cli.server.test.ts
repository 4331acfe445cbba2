import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNpmScript } from '../helpers/audit-cli';
import { readCsv } from '../helpers/csv';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * `npm run import` in its own process against the test server's PostgreSQL database: the same upload, mapping,
 * cleansing and merge as the API, a progress figure as it goes, the rejected rows written out, usage errors as exit 2.
 */
let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer({ customers: 5 });
  dir = mkdtempSync(join(tmpdir(), 'careline-import-cli-'));
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runNpmScript('import', args, { ...server.cliEnv!, IMPORT_DIR: join(dir, 'uploads') });

describe('npm run import', () => {
  it('imports a file with a column mapped by hand, shows progress and writes the rejected rows', async () => {
    const file = join(dir, '客户.csv');
    writeFileSync(file, '\uFEFF姓名,联系方式（手机）,城市\n欧阳娜娜,13800138101,广州\n王先生,13800138102,广州\n张伟,13800138103,\n');
    const rejected = join(dir, 'rejected.csv');
    const { code, output } = await cli([file, '--source', 'invoice', '--map', 'mobile=联系方式（手机）', '--rejected', rejected]);
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toContain('mobile ← 联系方式（手机）');
    // Not a terminal: a progress line at the start and at the end.
    expect(output).toMatch(/\[#{30}\] 100%\s+3 \/ 3 rows/);
    expect(output).toMatch(/import \S+ done: 3 rows, 2 accepted, 1 rejected; 2 created/);
    const customers = await server.query<{ name: string; field_sources: Record<string, { source: string }> }>(`select name, field_sources from customers where phone in ('13800138101', '13800138103') order by phone`);
    expect(customers.map((customer) => [customer.name, customer.field_sources.name.source])).toEqual([['欧阳娜娜', 'invoice'], ['张伟', 'invoice']]);
    const rows = readCsv(readFileSync(rejected, 'utf8').replace(/^\uFEFF/, ''));
    expect(rows.slice(1).map((row) => [row[0], row[2], row[5]])).toEqual([['3', 'NAME_PLACEHOLDER', '王先生']]);
  });

  it('stops with exit code 2 and lists the columns when a required field has none', async () => {
    const file = join(dir, 'no-mobile.csv');
    writeFileSync(file, '姓名,传真\n王芳,010-1234\n');
    const { code, output } = await cli([file, '--source', 'invoice']);
    expect(code).toBe(2);
    expect(output).toContain('mobile');
    expect(output).toContain("the file's columns: 姓名, 传真");
    expect((await cli([file])).code).toBe(2);
    expect((await cli([file, '--source', 'invoice', '--kind', 'planets'])).code).toBe(2);
  });
});
