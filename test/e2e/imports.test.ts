import { readFile } from 'node:fs/promises';
import { IMPORT_RULES } from '@careline/shared';
import type { Page } from 'playwright-core';
import { readCsv } from '../helpers/csv';
import { fixtures, type Fixtures } from '../helpers/factories';
import { signedIn } from '../helpers/test-server';
import { choose, signIn, Steps } from './helpers/browser';
import type { E2eStack } from './helpers/e2e-stack';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * Data import (issue 13) in Chromium against the real API, workers and database: a supervisor uploads a messy CSV of
 * customers, sees the suggested mapping, changes one column, starts, watches the progress bar reach 100 %, compares
 * the counts with the API's, finds the duplicate row stored once, downloads the rejected rows (row, rule code, zh
 * message), sees the imported name's source on hover in the workspace, undoes the import, and gets the changed mapping
 * back for the next file of the source. Two dealers import in their portals; each downloads its own rejected rows
 * only. An admin ranks the sources; a supervisor reads the ranking.
 */
const suite = e2eSuite();
let stack: E2eStack;
let fixture: Fixtures;

beforeAll(async () => {
  stack = suite.stack;
  fixture = await fixtures(stack.server);
});

const csvOf = (rows: string[][]) => Buffer.from(`${rows.map((row) => row.join(',')).join('\r\n')}\r\n`, 'utf8');

// Two phone columns: the headers suggest the first (联系电话, a landline here) for the mobile; the supervisor picks 手机号码.
const MESSY_HEADER = ['客户姓名', '联系电话', '手机号码', '电子邮件', '省份', '城市'];
const GOOD = ['张伟', '010-65001234', '13995000001', 'zhangwei@example.com', '北京', '北京'];
const MESSY_ROWS = [
  GOOD,
  ['李娜', '', '13995000002', '', '上海', '上海'],
  ['王先生', '', '13995000003', '', '广东', '广州'],
  ['赵强', '', '1399500000', '', '浙江', '杭州'],
  GOOD,
];

/** Picks the file on the upload step (and the source, for the data team) and waits for the mapping step. */
async function upload(page: Page, file: { name: string; content: Buffer }, sourceName?: string): Promise<void> {
  await page.getByTestId('import-upload').waitFor();
  if (sourceName) await choose(page, 'import-source', sourceName);
  await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.content });
  await page.getByTestId('import-upload-submit').click();
  await page.getByTestId('import-mapping').waitFor();
}

/** Starts the import as mapped and waits for the bar at 100 %; answers the import's id. */
async function startAndFinish(page: Page): Promise<string> {
  await page.getByTestId('import-start').click();
  await page.locator('[data-testid="import-progress"][data-status="done"][data-percent="100"]').waitFor();
  const id = await page.getByTestId('import-result').getAttribute('data-import-id');
  if (!id) throw new Error('the import result names no import');
  return id;
}

/** Downloads through a link of the page and reads the CSV (UTF-8 with a BOM). */
async function downloadCsv(page: Page, testId: string): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return readCsv(bytes.subarray(3).toString('utf8')).filter((row) => row.some((cell) => cell !== ''));
}

describe('data import in the browser', () => {
  it('a supervisor uploads a messy customer file, maps a column, follows the progress and downloads the rejected rows', async () => {
    const steps = Steps.forCurrentTest();
    const { page } = await suite.window();
    const file = { name: 'invoice-customers.csv', content: csvOf([MESSY_HEADER, ...MESSY_ROWS]) };

    await steps.step('opens 数据导入 and uploads the file as the invoice system', page, async () => {
      await signIn(page, 'supervisor');
      await page.getByTestId('menu-imports').click();
      await upload(page, file, '开票系统');
    });

    await steps.step('sees the suggested mapping and picks 手机号码 for the mobile', page, async () => {
      const mapping = page.getByTestId('import-mapping');
      expect(await mapping.getAttribute('data-mapping-from')).toBe('suggested');
      expect(await page.getByTestId('import-map-name').getAttribute('data-value')).toBe('客户姓名');
      expect(await page.getByTestId('import-map-mobile').getAttribute('data-value')).toBe('联系电话');
      await choose(page, 'import-map-mobile', '手机号码');
      await page.locator('[data-testid="import-map-mobile"][data-value="手机号码"]').waitFor();
      // The preview marks the column now mapped, and no longer the one before.
      const sampleHead = page.getByTestId('import-sample').locator('thead');
      await expect(sampleHead.locator('[data-testid="import-sample-column"][data-mapped="mobile"]').innerText()).resolves.toContain('手机号码');
      await expect(sampleHead.locator('[data-testid="import-sample-column"][data-mapped=""]').allInnerTexts()).resolves.toEqual([expect.stringContaining('联系电话')]);
      expect(await page.getByTestId('import-sample').locator('tbody tr.ant-table-row').count()).toBe(MESSY_ROWS.length);
    });

    await steps.step('starts: the progress bar reaches 100 % and the counts are the API’s', page, async () => {
      const id = await startAndFinish(page);
      const api = await signedIn(stack.server, 'supervisor');
      const { body: stored } = await api.request('GET', `/api/imports/${id}`);
      expect(stored).toMatchObject({ status: 'done', progress: 100, processedRows: MESSY_ROWS.length, rejectedRows: 2, acceptedRows: MESSY_ROWS.length - 2 });
      for (const [name, field] of [
        ['accepted', 'acceptedRows'],
        ['rejected', 'rejectedRows'],
        ['created', 'createdRecords'],
        ['updated', 'updatedRecords'],
        ['unchanged', 'unchangedRecords'],
      ] as const) {
        await expect(page.getByTestId(`import-count-${name}`).innerText()).resolves.toBe(String(stored[field]));
      }
      // The good row given twice is one customer; the rejected rows made none.
      const stored13995 = await stack.server.query<{ phone: string; name: string }>(`select phone, name from customers where phone like '1399500000%' order by phone`);
      expect(stored13995).toEqual([
        { phone: '13995000001', name: '张伟' },
        { phone: '13995000002', name: '李娜' },
      ]);
    });

    await steps.step('downloads the rejected rows: row numbers, rule codes and the Chinese messages', page, async () => {
      const [header, ...rows] = await downloadCsv(page, 'import-rejections');
      expect(header.length).toBeGreaterThan(3);
      const rowOf = (value: string) => rows.find((row) => row.includes(value));
      // Rows numbered as the spreadsheet shows them (the header is row 1): 王先生 is on row 4, the 10-digit mobile on 5.
      expect(rowOf('王先生')).toEqual(expect.arrayContaining(['4', 'NAME_PLACEHOLDER', IMPORT_RULES.NAME_PLACEHOLDER.zh]));
      expect(rowOf('1399500000')).toEqual(expect.arrayContaining(['5', 'MOBILE_INVALID', IMPORT_RULES.MOBILE_INVALID.zh]));
      expect(rows.filter((row) => row.includes('张伟') || row.includes('李娜'))).toEqual([]);
    });

    await steps.step('the agent workspace shows where the imported name came from, on hover', page, async () => {
      const { page: workspace } = await suite.window();
      await signIn(workspace, 'supervisor');
      await workspace.goto('/workspace');
      await workspace.getByTestId('lookup-input').fill(GOOD[2]);
      await workspace.getByTestId('lookup-input').press('Enter');
      await expect(workspace.getByTestId('customer-name').innerText()).resolves.toBe('张伟');
      await workspace.getByTestId('sourced-name').hover();
      await expect(workspace.locator('.ant-tooltip:visible').innerText()).resolves.toMatch(/^来源：开票系统 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    });

    await steps.step('undoes the import (after confirming): the customers it created are gone', page, async () => {
      await page.getByTestId('import-undo').click();
      await page.locator('.ant-popconfirm:visible .ant-popconfirm-buttons .ant-btn-primary').click();
      await page.locator('[data-testid="import-result"] [data-testid="import-status"][data-status="undone"]').waitFor();
      await expect(stack.server.query(`select id from customers where phone like '1399500000%'`)).resolves.toEqual([]);
    });

    await steps.step('the next file of the source starts from the mapping saved with the change', page, async () => {
      await page.getByTestId('import-again').click();
      await upload(page, { name: 'invoice-customers-2.csv', content: csvOf([MESSY_HEADER, GOOD]) }, '开票系统');
      expect(await page.getByTestId('import-mapping').getAttribute('data-mapping-from')).toBe('saved');
      expect(await page.getByTestId('import-map-mobile').getAttribute('data-value')).toBe('手机号码');
    });
  });

  it('a dealer imports in its portal and downloads its own rejected rows only', async () => {
    const steps = Steps.forCurrentTest();
    const header = ['姓名', '手机'];
    const dealerFile = (tag: string, badMobile: string) => ({ name: `dealer-${tag}.csv`, content: csvOf([header, [`陈${tag}`, `1399601000${tag === 'A' ? 1 : 2}`], [`周${tag}`, badMobile]]) });

    for (const [dealer, badMobile] of [
      [fixture.dealerB, '139960200'],
      [fixture.dealerA, '139960100'],
    ] as const) {
      const { page } = await suite.window();
      const tag = dealer === fixture.dealerA ? 'A' : 'B';
      await steps.step(`dealer ${tag} imports a customer file from the portal's import tab`, page, async () => {
        await signIn(page, dealer.username);
        await page.goto('/dealer?tab=imports');
        await page.getByTestId('dealer-tab-imports').click();
        // A dealer's staff import as the dealer source: there is no source to choose.
        await page.getByTestId('import-upload').waitFor();
        expect(await page.getByTestId('import-source').count()).toBe(0);
        await upload(page, dealerFile(tag, badMobile));
        await startAndFinish(page);
        await expect(page.getByTestId('import-count-rejected').innerText()).resolves.toBe('1');
      });
      if (tag === 'B') continue;

      await steps.step('dealer A lists its own import only and downloads its own rejected rows', page, async () => {
        const list = page.getByTestId('import-list');
        await list.getByText('dealer-A.csv').waitFor();
        await expect(list.innerText()).resolves.not.toContain('dealer-B.csv');
        await expect(list.innerText()).resolves.not.toContain('invoice-customers');
        const [, ...rows] = await downloadCsv(page, 'import-dealer-rejections');
        // Its one bad row (the mobile as it was in the file), nothing of dealer B's file nor of the supervisor's.
        expect(rows).toEqual([expect.arrayContaining(['3', 'MOBILE_INVALID', IMPORT_RULES.MOBILE_INVALID.zh, '139960100'])]);
        expect(rows.flat().join(' ')).not.toMatch(/139960200|王先生|1399500000/);
      });
    }
  });

  it('an admin ranks the sources; a supervisor reads the ranking', async () => {
    const steps = Steps.forCurrentTest();
    const [before] = await stack.server.query<{ priority: number }>(`select priority from import_sources where code = 'dealer'`);
    const raised = before.priority + 7;
    const { page } = await suite.window();
    await steps.step('the admin gives the dealer-entered source a higher priority and saves', page, async () => {
      await signIn(page, 'admin');
      await page.goto('/imports');
      const input = page.getByTestId('import-source-priority-dealer');
      await input.fill(String(raised));
      await page.getByTestId('import-sources-save').click();
      await page.locator('.ant-message-success').waitFor();
      await expect(stack.server.query(`select priority from import_sources where code = 'dealer'`)).resolves.toEqual([{ priority: raised }]);
    });
    const { page: supervisor } = await suite.window();
    await steps.step('the supervisor sees the new ranking, without inputs or a save button', supervisor, async () => {
      await signIn(supervisor, 'supervisor');
      await supervisor.goto('/imports');
      const card = supervisor.getByTestId('import-sources');
      await card.getByText(String(raised), { exact: true }).waitFor();
      expect(await card.locator('input').count()).toBe(0);
      expect(await supervisor.getByTestId('import-sources-save').count()).toBe(0);
    });
  });
});
