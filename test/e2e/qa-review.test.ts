import { readFile } from 'node:fs/promises';
import type { Actor } from '@careline/shared';
import { acknowledgeTicket, closeTicket, createTicket, dispatchTicket, resolveTicket } from '@careline/shared/server';
import type { Browser, Page } from 'playwright-core';
import { QA_HOME_PATH } from '../../console/src/features/qa/qa-home';
import { actorOfUser, fixtures, type Fixtures } from '../helpers/factories';
import { signedIn } from '../helpers/test-server';
import { choose, launchChromium, openWindow, settledModal, signIn, Steps, type UserWindow } from './helpers/browser';
import { type E2eStack, onCurrentVersion, startE2eStack } from './helpers/e2e-stack';

/**
 * QA review (质检) in Chromium against the real API: QA signs in and lands in the QA area, draws last month's sample
 * for one dealer with a seed, reviews a drawn ticket (a colleague's save meanwhile is a conflict the form explains),
 * sees the score, finds it in the scores table, opens the ticket's evidence pack from the ticket page and downloads
 * its JSON (and, once a score is edited in the database, the pack names it); a dealer sees its own mean score in its
 * portal.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
const windows: UserWindow[] = [];
const closedTickets: string[] = [];

/** Last month, 'YYYY-MM', in China time (the API's months). */
function lastChinaMonth(now = new Date()): { month: string; day: (n: number, time: string) => Date } {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const total = china.getUTCFullYear() * 12 + china.getUTCMonth() - 1;
  const month = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  return { month, day: (n, time) => new Date(`${month}-${String(n).padStart(2, '0')}T${time}:00+08:00`) };
}
const { month: MONTH, day } = lastChinaMonth();

async function window(): Promise<UserWindow> {
  const opened = await openWindow(browser, stack.url);
  windows.push(opened);
  return opened;
}

/** A complaint dispatched to a dealer, worked and closed on day `n` of last month (the commands with `now` then). */
async function closedLastMonth(agent: Actor, dealer: Actor, dealerId: string, n: number): Promise<string> {
  const db = stack.server.database.db;
  const { ticket } = await createTicket({
    db, actor: agent, now: day(n, '09:00'),
    input: { type: 'complaint', channel: 'phone', categoryId: fixture.complaintCategory.id, contactName: '王芳', contactPhone: '13900001111', subject: `E2E 质检 空调不制冷 ${n}`, description: '夏天空调出风不凉', dispatch: 'hold', priority: 'P3' } as never,
  });
  const id = ticket.id as string;
  await onCurrentVersion(stack.server, id, (version) => dispatchTicket({ db, actor: agent, ticketId: id, now: day(n, '09:10'), request: { version, dealerId } }));
  await onCurrentVersion(stack.server, id, (version) => acknowledgeTicket({ db, actor: dealer, ticketId: id, now: day(n, '09:30'), request: { version } }));
  await onCurrentVersion(stack.server, id, (version) => resolveTicket({ db, actor: dealer, ticketId: id, now: day(n, '15:00'), request: { version } }));
  await onCurrentVersion(stack.server, id, (version) => closeTicket({ db, actor: agent, ticketId: id, now: day(n, '16:00'), request: { version } }));
  return id;
}

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
  const agent = await actorOfUser(stack.server, 'agent');
  const dealer = await actorOfUser(stack.server, fixture.dealerA.username);
  for (const n of [10, 11, 12]) closedTickets.push(await closedLastMonth(agent, dealer, fixture.dealerA.id, n));
  // Dealer B's, for its own portal (the second test).
  await closedLastMonth(agent, await actorOfUser(stack.server, fixture.dealerB.username), fixture.dealerB.id, 14);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

afterEach(async () => {
  const errors = windows.flatMap((opened) => opened.pageErrors);
  for (const opened of windows.splice(0)) await opened.context.close();
  expect(errors).toEqual([]);
});

describe('QA review in the browser', () => {
  it('draws a seeded sample, reviews a ticket, sees the score and downloads the evidence pack', async () => {
    const steps = Steps.forCurrentTest();
    const seed = `E2E-QA-${MONTH}`;
    const [dealerRow] = await stack.server.query<{ code: string; name_zh: string }>(`select code, name_zh from dealers where id = $1`, [fixture.dealerA.id]);
    const [card] = await stack.server.query<{ items: Array<{ key: string; labelZh: string; kind: string }> }>(`select items from qa_scorecards where code = 'STANDARD'`);
    expect(card.items.map((item) => item.key)).toEqual(['contacted_in_time', 'solution_matches', 'customer_confirmed', 'record_quality']);
    const qa = await window();
    const page = qa.page;

    await steps.step('QA signs in on the report, and the QA menu entry opens the review list', page, async () => {
      await signIn(page, 'qa');
      await page.getByTestId('report-page').waitFor();
      expect(new URL(page.url()).pathname).toBe(QA_HOME_PATH);
      await page.getByTestId('menu-qa').click();
      await page.getByTestId('qa-review-list').waitFor();
      expect(new URL(page.url()).pathname).toBe('/qa/reviews');
      await page.getByTestId('qa-area').waitFor();
      await page.locator('.ant-menu-item-selected[data-testid="menu-qa"]').waitFor();
    });

    await steps.step('draws last month’s sample for dealer A: 2 of its closed tickets, with a seed', page, async () => {
      await page.getByTestId('qa-tab-sample').click();
      await page.getByTestId('qa-sample-page').waitFor();
      await choose(page, 'qa-sample-month', MONTH);
      await page.getByTestId('qa-sample-per-dealer').fill('2');
      await page.getByTestId('qa-sample-seed').fill(seed);
      await choose(page, 'qa-sample-dealers', dealerRow.code, dealerRow.code);
      await page.keyboard.press('Escape');
      await page.getByTestId('qa-sample-submit').click();
      const result = page.getByTestId('qa-sample-result');
      await result.waitFor();
      await expect(page.getByTestId('qa-sample-seed-used').innerText()).resolves.toBe(seed);
      expect(await result.innerText()).toContain('同一种子');
      const row = result.locator(`[data-testid="qa-sample-row"][data-dealer-id="${fixture.dealerA.id}"]`);
      await expect(row.getAttribute('data-drawn')).resolves.toBe('2');
      expect(await row.innerText()).toContain(dealerRow.name_zh);
      expect(await result.getByTestId('qa-sample-row').count()).toBe(1);
    });

    const drawn = await stack.server.query<{ id: string; ticket_id: string; version: number }>(
      `select id, ticket_id, version from qa_reviews where month = $1 and dealer_id = $2 and seed = $3 order by rank`,
      [MONTH, fixture.dealerA.id, seed],
    );
    expect(drawn).toHaveLength(2);
    for (const review of drawn) expect(closedTickets).toContain(review.ticket_id);
    const [first] = drawn;
    const [ticket] = await stack.server.query<{ number: string }>(`select number from tickets where id = $1`, [first.ticket_id]);

    await steps.step('the review list shows the month’s pending sample; QA opens the first', page, async () => {
      await page.getByTestId('qa-sample-open-reviews').click();
      await page.getByTestId('qa-review-list').waitFor();
      const row = page.locator(`[data-testid="qa-review-row"][data-review-id="${first.id}"]`);
      await row.and(page.locator('[data-status="pending"]')).waitFor();
      expect(await row.getByTestId('ticket-link').innerText()).toBe(ticket.number);
      await row.getByTestId('qa-review-open').click();
      await page.getByTestId('qa-review-form').waitFor();
      await expect(page.getByTestId('qa-review-ticket-link').innerText()).resolves.toBe(ticket.number);
      for (const item of card.items) expect(await page.getByTestId(`qa-item-${item.key}`).innerText()).toContain(item.labelZh);
    });

    // A colleague saves the same review on the version the form read.
    const colleague = await signedIn(stack.server, 'qa');
    const meanwhile = await colleague.request('PUT', `/api/qa/reviews/${first.id}`, {
      version: first.version, answers: { contacted_in_time: false, solution_matches: false, customer_confirmed: false, record_quality: 1 },
    });
    expect(meanwhile.status).toBe(200);

    await steps.step('fills in the scorecard; saving answers the conflict in Chinese and keeps the answers', page, async () => {
      await page.getByTestId('qa-item-contacted_in_time-yes').click();
      await page.getByTestId('qa-item-solution_matches-yes').click();
      await page.getByTestId('qa-item-customer_confirmed-no').click();
      await page.getByTestId('qa-item-record_quality').locator('.ant-rate-star').nth(3).click();
      await page.getByTestId('qa-review-comment').fill('客户未确认');
      await page.getByTestId('qa-review-submit').click();
      await expect(page.getByTestId('qa-review-error').innerText()).resolves.toContain('已被他人修改');
      // The colleague's score shows (the review was read again); the form still holds this reviewer's answers.
      await page.getByTestId('qa-review-score').filter({ hasText: /^0$/ }).waitFor();
      await page.getByTestId('qa-review-page').and(page.locator(`[data-version="${first.version + 1}"]`)).waitFor();
    });

    await steps.step('saves again: the score is 75 (30 + 30 + 0 + 20 × 3/4)', page, async () => {
      await page.getByTestId('qa-review-submit').click();
      await page.getByTestId('qa-review-saved').waitFor();
      await expect(page.getByTestId('qa-review-score').innerText()).resolves.toBe('75');
      const [stored] = await stack.server.query<{ score: number; comment: string }>(`select score, comment from qa_reviews where id = $1`, [first.id]);
      expect(stored).toEqual({ score: 75, comment: '客户未确认' });
    });

    await steps.step('the scores table shows dealer A’s month with the items in words', page, async () => {
      await page.getByTestId('qa-tab-scores').click();
      await page.getByTestId('qa-scores-page').waitFor();
      const row = page.locator(`[data-testid="qa-score-row"][data-dealer-id="${fixture.dealerA.id}"][data-month="${MONTH}"]`);
      await row.waitFor();
      await expect(row.getByTestId('qa-score-mean').innerText()).resolves.toBe('75.0');
      const cells = await row.locator('td').allInnerTexts();
      // Dealer, month, sampled, reviewed, mean, then one column per item in the card's order.
      expect(cells.slice(1)).toEqual([MONTH, '2', '1', '75.0', '100.0', '100.0', '0.0', '75.0']);
      for (const item of card.items) await expect(page.locator('th').getByTestId(`qa-score-item-${item.key}`).innerText()).resolves.toBe(item.labelZh);
    });

    await steps.step('the ticket page links to the evidence pack; it verifies the chain and lists every event', page, async () => {
      await page.goto(`/tickets/${first.ticket_id}`);
      await page.getByTestId('ticket-page').waitFor();
      await page.getByTestId('evidence-link').click();
      await page.getByTestId('qa-evidence-page').waitFor();
      expect(new URL(page.url()).pathname).toBe(`/qa/evidence/${first.ticket_id}`);
      const verdict = page.getByTestId('qa-evidence-verdict');
      await expect(verdict.getAttribute('data-ok')).resolves.toBe('true');
      expect(await verdict.innerText()).toContain('校验通过');
      // Both saves are on the chain: the colleague's and this one.
      const reviewed = page.locator('[data-testid="qa-evidence-event"][data-type="qa_reviewed"]');
      await reviewed.last().waitFor();
      expect(await reviewed.count()).toBe(2);
      const types = await page.getByTestId('qa-evidence-event').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-type')));
      expect(types).toEqual(expect.arrayContaining(['created', 'dispatched', 'acknowledged', 'resolved', 'closed', 'qa_sampled', 'qa_reviewed']));
      await expect(page.getByTestId('qa-evidence-review').count()).resolves.toBe(1);
      expect(await page.getByTestId('qa-evidence-review').innerText()).toContain('75');
    });

    await steps.step('printed, the page shows neither the console’s frame nor its buttons', page, async () => {
      await page.emulateMedia({ media: 'print' });
      await page.getByTestId('qa-evidence-download').waitFor({ state: 'hidden' });
      expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
      expect(await page.locator('.ant-layout-header').isVisible()).toBe(false);
      expect(await page.getByTestId('qa-evidence-subject').isVisible()).toBe(true);
    });

    await steps.step('downloads the pack as evidence-<number>.json: the API’s answer', page, async () => {
      await page.emulateMedia({ media: 'screen' });
      await page.getByTestId('qa-evidence-download').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('qa-evidence-download').click()]);
      expect(download.suggestedFilename()).toBe(`evidence-${ticket.number}.json`);
      const pack = JSON.parse(await readFile(await download.path(), 'utf8'));
      expect(pack.ticket).toMatchObject({ id: first.ticket_id, number: ticket.number, status: 'closed' });
      expect(pack.verification).toMatchObject({ ok: true, events: pack.events.length });
      expect(pack.events.map((event: { type: string }) => event.type)).toEqual(expect.arrayContaining(['qa_sampled', 'qa_reviewed']));
      expect(pack.qaReviews).toEqual([expect.objectContaining({ id: first.id, score: 75, comment: '客户未确认' })]);
      const api = await colleague.get(`/api/qa/tickets/${first.ticket_id}/evidence`);
      expect({ ...pack, generatedAt: null }).toEqual({ ...api.body, generatedAt: null, generatedBy: pack.generatedBy });
      // No message key shows instead of words.
      expect(await page.locator('body').innerText()).not.toMatch(/\bqa\.[a-z]+\.[a-zA-Z]/);
    });

    await steps.step('a score edited in the database: the pack says verification failed and names the field', page, async () => {
      await stack.server.query(`update qa_reviews set score = 99 where id = $1`, [first.id]);
      await page.reload();
      const verdict = page.locator('[data-testid="qa-evidence-verdict"][data-ok="false"]');
      await verdict.waitFor();
      const problem = verdict.locator('[data-testid="qa-evidence-problem"][data-problem="field_mismatch"]');
      expect(await problem.count()).toBeGreaterThanOrEqual(1);
      const text = await problem.first().innerText();
      expect(text).toContain('qa_reviews.score');
      expect(text).toContain('99');
      expect(await page.locator('body').innerText()).not.toMatch(/\bqa\.[a-z]+\.[a-zA-Z]/);
    });
  });

  it('shows a dealer its own QA score in its portal', async () => {
    const steps = Steps.forCurrentTest();
    // QA draws one of dealer B's tickets for last month and scores it 100, through the API.
    const qa = await signedIn(stack.server, 'qa');
    const draw = await qa.post('/api/qa/samples', { month: MONTH, perDealer: 1, dealerIds: [fixture.dealerB.id] });
    expect(draw.body.dealers).toEqual([expect.objectContaining({ dealerId: fixture.dealerB.id, drawn: 1 })]);
    const [review] = (await qa.get(`/api/qa/reviews?month=${MONTH}&dealerId=${fixture.dealerB.id}`)).body.items;
    const saved = await qa.request('PUT', `/api/qa/reviews/${review.id}`, {
      version: review.version, answers: { contacted_in_time: true, solution_matches: true, customer_confirmed: true, record_quality: 5 },
    });
    expect(saved.body.review.score).toBe(100);
    const dealer = await window();
    await steps.step('the dealer opens its QA scores tab', dealer.page, async () => {
      await signIn(dealer.page, fixture.dealerB.username);
      await dealer.page.goto('/dealer?tab=qa');
      const row = dealer.page.locator(`[data-testid="dealer-qa-score-row"][data-month="${MONTH}"]`);
      await row.waitFor();
      const values = await row.locator('.ant-statistic-content').allInnerTexts();
      expect(values).toEqual([MONTH, '1', '1', '100.0']);
      // Its own row only.
      expect(await dealer.page.getByTestId('dealer-qa-score-row').count()).toBe(1);
    });
  });
});

describe('QA scorecards in the browser', () => {
  it('lets QA add, edit and retire a scorecard; a supervisor reads scores and cards without editing', async () => {
    const steps = Steps.forCurrentTest();
    const qa = await window();
    const row = (page: Page, code: string) => page.locator(`[data-testid="qa-scorecard-row"][data-code="${code}"]`);

    await steps.step('QA adds a card with a yes/no and a 1–5 item', qa.page, async () => {
      await signIn(qa.page, 'qa');
      // QA lands on the report (QA_HOME_PATH); the QA menu entry opens the review area.
      await qa.page.getByTestId('menu-qa').click();
      await qa.page.getByTestId('qa-tab-scorecards').click();
      await row(qa.page, 'STANDARD').waitFor();
      await qa.page.getByTestId('qa-scorecard-add').click();
      await settledModal(qa.page).getByTestId('qa-scorecard-form').waitFor();
      await qa.page.getByTestId('qa-scorecard-code').fill('E2E-ROADSIDE');
      await qa.page.getByTestId('qa-scorecard-name-zh').fill('救援质检卡');
      await qa.page.getByTestId('qa-scorecard-name-en').fill('Roadside review');
      await qa.page.getByTestId('qa-scorecard-item-key-0').fill('arrived_in_time');
      await qa.page.getByTestId('qa-scorecard-item-label-zh-0').fill('按时到达');
      await qa.page.getByTestId('qa-scorecard-item-label-en-0').fill('Arrived in time');
      await qa.page.getByTestId('qa-scorecard-item-add').click();
      await qa.page.getByTestId('qa-scorecard-item-key-1').fill('driver_manner');
      await qa.page.getByTestId('qa-scorecard-item-label-zh-1').fill('司机服务态度');
      await qa.page.getByTestId('qa-scorecard-item-label-en-1').fill('Driver’s manner');
      await qa.page.getByTestId('qa-scorecard-item-kind-1').click();
      await qa.page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="1–5 分"]').click();
      await qa.page.getByTestId('qa-scorecard-item-weight-1').fill('30');
      await qa.page.getByTestId('qa-scorecard-save').click();
      await qa.page.getByTestId('qa-scorecard-form').waitFor({ state: 'detached' });
      await row(qa.page, 'E2E-ROADSIDE').and(qa.page.locator('[data-active="true"]')).waitFor();
      expect(await row(qa.page, 'E2E-ROADSIDE').innerText()).toContain('救援质检卡');
    });

    await steps.step('edits it (a third item) and retires it', qa.page, async () => {
      await row(qa.page, 'E2E-ROADSIDE').getByTestId('qa-scorecard-edit').click();
      // The card's own items are in the form before one is added to them.
      await settledModal(qa.page).getByTestId('qa-scorecard-item-key-1').and(qa.page.locator('[value="driver_manner"]')).waitFor();
      await qa.page.getByTestId('qa-scorecard-item-add').click();
      await qa.page.getByTestId('qa-scorecard-item-key-2').fill('customer_safe');
      await qa.page.getByTestId('qa-scorecard-item-label-zh-2').fill('客户安全');
      await qa.page.getByTestId('qa-scorecard-item-label-en-2').fill('Customer kept safe');
      await qa.page.getByTestId('qa-scorecard-save').click();
      await qa.page.getByTestId('qa-scorecard-form').waitFor({ state: 'detached' });
      await row(qa.page, 'E2E-ROADSIDE').getByText(/^3$/).waitFor();
      await row(qa.page, 'E2E-ROADSIDE').getByTestId('qa-scorecard-retire').click();
      await qa.page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
      await row(qa.page, 'E2E-ROADSIDE').and(qa.page.locator('[data-active="false"]')).waitFor();
    });

    const [stored] = await stack.server.query<{ items: Array<{ key: string; kind: string; weight: number }>; active: boolean; version: number }>(
      `select items, active, version from qa_scorecards where code = 'E2E-ROADSIDE'`,
    );
    expect(stored).toEqual({
      items: [
        { key: 'arrived_in_time', labelZh: '按时到达', labelEn: 'Arrived in time', kind: 'yes_no', weight: 10 },
        { key: 'driver_manner', labelZh: '司机服务态度', labelEn: 'Driver’s manner', kind: 'scale', weight: 30 },
        { key: 'customer_safe', labelZh: '客户安全', labelEn: 'Customer kept safe', kind: 'yes_no', weight: 10 },
      ],
      active: false,
      version: 3,
    });

    const supervisor = await window();
    await steps.step('a supervisor lands on the scores, reads the cards and may not edit them', supervisor.page, async () => {
      await signIn(supervisor.page, 'supervisor');
      await supervisor.page.getByTestId('menu-qa').click();
      await supervisor.page.getByTestId('qa-scores-page').waitFor();
      expect(new URL(supervisor.page.url()).pathname).toBe('/qa/scores');
      expect(await supervisor.page.locator('[data-testid^="qa-tab-"]').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('data-testid')))).toEqual(['qa-tab-scores', 'qa-tab-scorecards']);
      await supervisor.page.getByTestId('qa-tab-scorecards').click();
      await row(supervisor.page, 'STANDARD').waitFor();
      expect(await supervisor.page.getByTestId('qa-scorecard-add').count()).toBe(0);
      expect(await supervisor.page.getByTestId('qa-scorecard-edit').count()).toBe(0);
    });
  });
});
