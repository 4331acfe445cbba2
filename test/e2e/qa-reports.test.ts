import { readFile } from 'node:fs/promises';
import type { Actor, ResolutionReport } from '@careline/shared';
import { acceptRoadsideOffer, acknowledgeTicket, createTicket, dispatchTicket, resolveTicket } from '@careline/shared/server';
import type { Page } from 'playwright-core';
import { QA_HOME_PATH } from '../../console/src/features/qa/qa-home';
import { cellId } from '../../console/src/features/reports/report-view';
import { readCsv } from '../helpers/csv';
import { actorOfUser, fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { waitFor } from '../helpers/wait-for';
import { choose, signIn, Steps } from './helpers/browser';
import { type E2eStack, onCurrentVersion } from './helpers/e2e-stack';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * The QA report pages in Chromium against the real API, workers and database: QA signs in and lands on the report,
 * filters a region and sees the API's cells, drills down from a dealer's cell to its tickets and from a ticket to its
 * timeline, exports the report as CSV through a job whose progress bar reaches done, and downloads the file (UTF-8
 * with BOM, one row per cell); the charts draw; a checkpoint taken by hand opens beside the figures now. A dealer's
 * user sees its own standing only. Every figure is compared with what the API answers, not with numbers written here.
 */
const suite = e2eSuite();
const window = () => suite.window();
let stack: E2eStack;
let fixture: Fixtures;
let qa: ApiClient;
/** Dealer A's region, and a dealer outside it (its tickets must not show once the region is picked). */
let region: { id: string; code: string };
const outsider = { id: '', username: '' };
const ticketsOfA: string[] = [];
const HOUR = 3600_000;
/** `days` days ago at `hour` (relative to now: the tickets fall in the default report, which has no period). */
const daysAgo = (days: number, hour: number) => new Date(Date.now() - days * 24 * HOUR + hour * HOUR);

/** A complaint dispatched to a dealer and acknowledged on day `-days`; resolved `resolveAfterHours` later, or left open. */
async function complaint(agent: Actor, dealer: { id: string; username: string }, days: number, resolveAfterHours: number | null): Promise<string> {
  const db = stack.server.database.db;
  const owner = await actorOfUser(stack.server, dealer.username);
  const { ticket } = await createTicket({
    db, actor: agent, now: daysAgo(days, 0),
    input: { type: 'complaint', channel: 'phone', categoryId: fixture.complaintCategory.id, contactName: '李雷', contactPhone: '13900002222', subject: `E2E 报表 刹车异响 ${days}`, description: '刹车时有异响', dispatch: 'hold', priority: 'P3' } as never,
  });
  const id = ticket.id as string;
  await onCurrentVersion(stack.server, id, (version) => dispatchTicket({ db, actor: agent, ticketId: id, now: daysAgo(days, 0.2), request: { version, dealerId: dealer.id } }));
  await onCurrentVersion(stack.server, id, (version) => acknowledgeTicket({ db, actor: owner, ticketId: id, now: daysAgo(days, 0.5), request: { version } }));
  if (resolveAfterHours !== null) {
    await onCurrentVersion(stack.server, id, (version) => resolveTicket({ db, actor: owner, ticketId: id, now: daysAgo(days, resolveAfterHours), request: { version } }));
  }
  return id;
}

beforeAll(async () => {
  stack = suite.stack;
  fixture = await fixtures(stack.server);
  qa = await signedIn(stack.server, 'qa');
  [region] = await stack.server.query<{ id: string; code: string }>(`select r.id, r.code from regions r join dealers d on d.region_id = r.id where d.id = $1`, [fixture.dealerA.id]);
  const [other] = await stack.server.query<{ username: string; dealer_id: string }>(
    `select u.username, u.dealer_id from users u join dealers d on d.id = u.dealer_id
     where u.role = 'dealer_user' and d.active and d.region_id <> $1 order by u.username limit 1`,
    [region.id],
  );
  Object.assign(outsider, { id: other.dealer_id, username: other.username });
  const agent = await actorOfUser(stack.server, 'agent');
  ticketsOfA.push(await complaint(agent, fixture.dealerA, 6, 5), await complaint(agent, fixture.dealerA, 5, 30), await complaint(agent, fixture.dealerA, 4, null));
  await complaint(agent, outsider, 6, 3);
  // One rescue, offered to a third dealer (made the only provider, open around the clock; not A nor the outsider,
  // whose report cells the steps count) and accepted: the roadside figures.
  await stack.server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
  const [provider] = await stack.server.query<{ username: string; dealer_id: string; lat: number; lng: number }>(
    `select u.username, u.dealer_id, d.lat, d.lng from users u join dealers d on d.id = u.dealer_id
     where u.role = 'dealer_user' and d.active and d.id not in ($1, $2) order by u.username limit 1`,
    [fixture.dealerA.id, outsider.id],
  );
  await stack.server.query(`update dealers set capabilities = array_append(capabilities, 'rescue'), rescue_24h = true where id = $1`, [provider.dealer_id]);
  const spot = { lat: provider.lat, lng: provider.lng };
  const { ticket: rescue } = await createTicket({
    db: stack.server.database.db, actor: agent,
    input: { type: 'roadside', channel: 'phone', contactName: '李娜', contactPhone: '13912345678', subject: 'E2E 救援 爆胎', description: '高速爆胎', location: { address: '高速 K1', lat: spot.lat, lng: spot.lng }, roadsideType: 'flat_tyre' } as never,
  });
  const [offer] = await stack.server.query<{ id: string }>(`select id from roadside_offers where ticket_id = $1 and status = 'pending'`, [rescue.id]);
  await acceptRoadsideOffer({ db: stack.server.database.db, actor: await actorOfUser(stack.server, provider.username), offerId: offer.id, request: { etaMinutes: 30 } });
});

/** The rows the page shows: each cell's id with its ticket and open counts. */
async function shownCells(page: Page): Promise<Array<{ cell: string; tickets: string; open: string }>> {
  return page.getByTestId('report-cell').evaluateAll((rows) =>
    rows.map((row) => ({
      cell: row.getAttribute('data-cell') ?? '',
      tickets: row.querySelector('[data-testid="report-cell-tickets"]')?.textContent ?? '',
      open: row.querySelector('[data-testid="report-cell-open"]')?.textContent ?? '',
    })),
  );
}

/** Waits until the table shows exactly the API's cells with their figures. */
async function expectCellsOf(page: Page, report: ResolutionReport): Promise<void> {
  const expected = report.cells.map((cell) => ({ cell: cellId(cell.keys), tickets: String(cell.tickets), open: String(cell.openTickets) })).sort((a, b) => a.cell.localeCompare(b.cell));
  let shown: Awaited<ReturnType<typeof shownCells>> = [];
  await waitFor(async () => {
    shown = (await shownCells(page)).sort((a, b) => a.cell.localeCompare(b.cell));
    return JSON.stringify(shown) === JSON.stringify(expected);
  }, 'the report table to show the API’s cells').catch((error: Error) => {
    throw new Error(`${error.message}\nshown: ${JSON.stringify(shown)}\nexpected: ${JSON.stringify(expected)}`);
  });
}

describe('QA reports in the browser', () => {
  it('lands on the report, filters a region, drills down to a ticket’s timeline and exports CSV with a progress bar', async () => {
    const steps = Steps.forCurrentTest();
    const { page } = await window();
    const [dealerA] = await stack.server.query<{ code: string; name_zh: string }>(`select code, name_zh from dealers where id = $1`, [fixture.dealerA.id]);

    await steps.step('QA signs in and lands on the report, its charts drawn', page, async () => {
      await signIn(page, 'qa');
      await page.getByTestId('report-page').waitFor();
      expect(new URL(page.url()).pathname).toBe(QA_HOME_PATH);
      await page.locator('.ant-menu-item-selected[data-testid="menu-reports"]').waitFor();
      await expectCellsOf(page, (await qa.get('/api/reports/resolution?groupBy=dealer')).body);
      await page.getByTestId('chart-trends').locator('canvas').waitFor();
    });

    const regional = (await qa.get(`/api/reports/resolution?groupBy=dealer&regionId=${region.id}`)).body as ResolutionReport;
    const cellOfA = regional.cells.find((cell) => cell.keys.dealer === fixture.dealerA.id);
    expect(cellOfA?.tickets).toBe(ticketsOfA.length);
    expect(cellOfA?.openTickets).toBe(1);
    expect(regional.cells.some((cell) => cell.keys.dealer === outsider.id)).toBe(false);

    await steps.step('filters dealer A’s region: the cells are the API’s, the region is in the URL', page, async () => {
      await choose(page, 'report-region', region.code, region.code);
      await expectCellsOf(page, regional);
      expect(new URL(page.url()).searchParams.get('regionId')).toBe(region.id);
      const rowOfA = page.locator(`[data-testid="report-cell"][data-cell="${cellId({ dealer: fixture.dealerA.id })}"]`);
      expect(await rowOfA.getByTestId('report-cell-dealer').innerText()).toBe(`${dealerA.code} ${dealerA.name_zh}`);
    });

    await steps.step('the link opens the same report (the filters live in the URL)', page, async () => {
      await page.goto(page.url());
      await expectCellsOf(page, regional);
    });

    const drill = (await qa.get(`/api/reports/resolution/tickets?regionId=${region.id}&dealer=${fixture.dealerA.id}`)).body as { items: Array<{ id: string; number: string }> };
    expect(drill.items.map((item) => item.id).sort()).toEqual([...ticketsOfA].sort());

    await steps.step('drills down from dealer A’s cell to its tickets', page, async () => {
      await page.locator(`[data-testid="report-cell"][data-cell="${cellId({ dealer: fixture.dealerA.id })}"]`).click();
      const drawer = page.getByTestId('cell-tickets');
      await drawer.getByTestId('cell-ticket').first().waitFor();
      await waitFor(async () => (await drawer.getByTestId('cell-ticket').count()) === drill.items.length, 'every ticket of the cell');
      const shown = await drawer.getByTestId('cell-ticket').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ticket-id')));
      expect(shown).toEqual(drill.items.map((item) => item.id));
    });

    const [first] = drill.items;
    await steps.step('opens a ticket: its page with the timeline', page, async () => {
      await page.locator(`[data-testid="cell-ticket"][data-ticket-id="${first.id}"] [data-testid="cell-ticket-link"]`).click();
      await page.getByTestId('ticket-page').waitFor();
      expect(new URL(page.url()).pathname).toBe(`/tickets/${first.id}`);
      await page.locator('[data-testid="timeline-event"][data-type="acknowledged"]').first().waitFor();
    });

    await steps.step('back on the report, exports CSV: the progress bar reaches done', page, async () => {
      await page.goBack();
      await page.getByTestId('report-page').waitFor();
      await expectCellsOf(page, regional);
      await page.getByTestId('report-export-csv').click();
      await page.locator('[data-testid="report-export-progress"][data-status="done"][data-percent="100"]').waitFor();
    });

    await steps.step('downloads the file: UTF-8 with BOM, a header and one row per cell of the region', page, async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export-download').click()]);
      expect(download.suggestedFilename()).toMatch(/^careline-resolution-\d{4}-\d{2}-\d{2}\.csv$/);
      const bytes = await readFile(await download.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = readCsv(bytes.subarray(3).toString('utf8'));
      expect(header.slice(0, 4)).toEqual(['经销商 ID', '经销商', '工单数', '未结']);
      expect(rows.map((row) => row[0]).sort()).toEqual(regional.cells.map((cell) => cell.keys.dealer).sort());
      // Dealer A's row: its name, its tickets and the one still open.
      expect(rows.find((row) => row[0] === fixture.dealerA.id)?.slice(1, 4)).toEqual([expect.stringContaining(dealerA.name_zh), String(ticketsOfA.length), '1']);
    });

    await steps.step('takes a checkpoint by hand and opens it beside the figures now', page, async () => {
      await page.getByTestId('reports-tab-checkpoints').click();
      await page.getByTestId('checkpoints-page').waitFor();
      await page.getByTestId('checkpoint-label').fill('E2E 手动定格');
      await page.getByTestId('checkpoint-take').click();
      const row = page.locator('[data-testid="checkpoint-row"]', { hasText: 'E2E 手动定格' });
      await row.waitFor();
      const id = await row.getAttribute('data-checkpoint-id');
      const compared = (await qa.get(`/api/reports/checkpoints/${id}?compare=now`)).body as { comparison: { cells: unknown[] } };
      await row.getByTestId('checkpoint-open').click();
      await page.getByTestId('checkpoint-summary').waitFor();
      await waitFor(async () => (await page.getByTestId('checkpoint-cell').count()) === Math.min(50, compared.comparison.cells.length), 'the compared cells');
    });

    await steps.step('opens the roadside figures: the API’s providers and their total', page, async () => {
      await page.getByTestId('reports-tab-roadside').click();
      await page.getByTestId('roadside-figures').waitFor();
      const figures = (await qa.get('/api/reports/roadside')).body as { rows: Array<{ key: string; offers: number }>; total: { offers: number; accepted: number } };
      expect(figures.total).toMatchObject({ offers: 1, accepted: 1 });
      await page.getByTestId('roadside-row-total').waitFor();
      for (const row of figures.rows) await page.getByTestId(`roadside-row-${row.key}`).waitFor();
      expect(await page.locator('[data-testid^="roadside-row-"]').count()).toBe(figures.rows.length + 1);
      const cells = await page.getByTestId('roadside-row-total').locator('td').allInnerTexts();
      expect(cells.slice(1, 3)).toEqual([String(figures.total.offers), String(figures.total.accepted)]);
    });
  });

  it('shows a dealer’s user its own standing only', async () => {
    const steps = Steps.forCurrentTest();
    const { page } = await window();
    const dealer = await signedIn(stack.server, fixture.dealerA.username);
    const own = (await dealer.get('/api/reports/resolution?groupBy=dealer')).body as ResolutionReport;
    expect(own.cells.map((cell) => cell.keys.dealer)).toEqual([fixture.dealerA.id]);
    expect(own.rank).toBeDefined();

    await steps.step('the dealer opens the report from its menu: its own cell and its rank', page, async () => {
      await signIn(page, fixture.dealerA.username);
      await page.getByTestId('menu-reports').click();
      await page.getByTestId('report-page').waitFor();
      await expectCellsOf(page, own);
      const standing = page.getByTestId('report-standing');
      await expect(standing.getAttribute('data-position')).resolves.toBe(String(own.rank?.position ?? ''));
      await expect(standing.getAttribute('data-of')).resolves.toBe(String(own.rank?.of));
    });

    await steps.step('no party filters, no ranking of other dealers, no checkpoints', page, async () => {
      expect(await page.getByTestId('report-region').count()).toBe(0);
      expect(await page.getByTestId('report-dealer').count()).toBe(0);
      await page.getByTestId('chart-tab-trends').waitFor();
      expect(await page.getByTestId('chart-tab-ranking').count()).toBe(0);
      // The distribution of times to resolve counts its own observations, all of them: the report's for its cell.
      await page.getByTestId('chart-tab-distribution').click();
      await page.getByTestId('chart-distribution').locator('canvas').waitFor();
      const resolve = own.cells[0].clocks.resolve;
      const ended = resolve.observations - resolve.met - resolve.open;
      expect(await page.getByTestId('chart-distribution-note').innerText()).toBe(`所选范围的全部观测：已解决 ${resolve.met}，未结 ${resolve.open}，转出或停止 ${ended}。`);
      expect(await page.getByTestId('reports-tab-checkpoints').count()).toBe(0);
      // Its own roadside figures, yes.
      expect(await page.getByTestId('reports-tab-roadside').count()).toBe(1);
    });

    await steps.step('grouped by region and month, still only its own tickets', page, async () => {
      await page.goto('/reports?groupBy=region,month');
      const byMonth = (await dealer.get('/api/reports/resolution?groupBy=region,month')).body as ResolutionReport;
      expect(byMonth.cells.reduce((sum, cell) => sum + cell.tickets, 0)).toBe(own.cells[0].tickets);
      await expectCellsOf(page, byMonth);
    });
  });
});
