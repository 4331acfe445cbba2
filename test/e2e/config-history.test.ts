import type { Browser, Page } from 'playwright-core';
import { signedIn } from '../helpers/test-server';
import { launchChromium, openWindow, signIn, Steps } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * Issue 10 in Chromium: the configuration history page (for admins, and for QA as their one admin section), a year's
 * holidays as twelve month grids that can still be edited, and rule and policy names in the reader's language.
 */
let stack: E2eStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function toEnglish(page: Page) {
  await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

describe('administration of issue 10 in the browser', () => {
  it('lists configuration changes old → new, filters them, pages back, and reads in English; QA sees only it', async () => {
    const steps = Steps.forCurrentTest();
    const api = await signedIn(stack.server, 'admin');
    const [policy] = await stack.server.query<{ id: string; acknowledge_minutes: number }>(`select id, acknowledge_minutes from sla_policies where code = 'LEAD'`);
    const [department] = await stack.server.query<{ id: string }>(`select id from departments order by code limit 1`);
    // More than one page (20) of changes, the policy change last so that it leads the list.
    for (let index = 0; index < 25; index += 1) {
      expect((await api.request('PATCH', `/api/admin/departments/${department.id}`, { nameEn: `History test ${index}` })).status).toBe(200);
    }
    expect((await api.request('PATCH', `/api/sla-policies/${policy.id}`, { acknowledgeMinutes: policy.acknowledge_minutes + 5 })).status).toBe(200);

    const window = await openWindow(browser, stack.url);
    const page = window.page;
    try {
      await steps.step('admin opens the history: the newest change, old → new', page, async () => {
        await signIn(page, 'admin');
        await page.goto('/admin/history');
        await page.getByTestId('admin-history').waitFor();
        const first = page.getByTestId('history-row').first();
        await first.waitFor();
        expect(await first.getAttribute('data-entity')).toBe('sla_policy');
        const line = first.locator('[data-testid="history-diff-line"][data-path="acknowledgeMinutes"]');
        expect(await line.getAttribute('data-kind')).toBe('changed');
        expect(await line.getByTestId('history-before').innerText()).toBe(String(policy.acknowledge_minutes));
        expect(await line.getByTestId('history-after').innerText()).toBe(String(policy.acknowledge_minutes + 5));
        expect(await first.innerText()).toContain('SLA 策略');
        expect(await page.locator('body').innerText()).not.toMatch(/\badmin\.[a-z]/);
      });

      await steps.step('older entries load page by page', page, async () => {
        expect(await page.getByTestId('history-row').count()).toBe(20);
        await page.getByTestId('history-older').click();
        await waitFor(() => page.getByTestId('history-row').count(), (count) => count > 20);
        expect(await page.getByTestId('history-row').count()).toBeGreaterThan(20);
      });

      await steps.step('filtered to SLA policies', page, async () => {
        await page.getByTestId('history-entity').click();
        await page.locator('.ant-select-dropdown:visible').getByText('SLA 策略', { exact: true }).click();
        const entities = await waitFor(
          () => page.getByTestId('history-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-entity'))),
          (values) => values.length > 0 && values.every((value) => value === 'sla_policy'),
        );
        expect(entities.length).toBeGreaterThan(0);
        expect(new Set(entities)).toEqual(new Set(['sla_policy']));
      });

      await steps.step('the page in English', page, async () => {
        await toEnglish(page);
        await page.getByRole('tab', { name: 'Configuration history' }).waitFor();
        const text = await page.getByTestId('admin-history').innerText();
        expect(text).toContain('Change (old → new)');
        expect(text).toContain('SLA policy');
        expect(text).not.toMatch(/\badmin\.[a-z]/);
      });
      expect(window.pageErrors).toEqual([]);
    } finally {
      await window.context.close();
    }

    const qaWindow = await openWindow(browser, stack.url);
    try {
      await steps.step('QA opens administration: the history is its one section', qaWindow.page, async () => {
        await signIn(qaWindow.page, 'qa');
        await qaWindow.page.getByTestId('menu-admin').click();
        await qaWindow.page.getByTestId('admin-history').waitFor();
        expect(new URL(qaWindow.page.url()).pathname).toBe('/admin/history');
        expect(await qaWindow.page.locator('[data-testid^="admin-tab-"]').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('data-testid')))).toEqual(['admin-tab-history']);
        await qaWindow.page.getByTestId('history-row').first().waitFor();
      });
      expect(qaWindow.pageErrors).toEqual([]);
    } finally {
      await qaWindow.context.close();
    }
  });

  it('shows a year’s holidays as month grids, marks a new holiday from the grid, and names rules in the reader’s language', async () => {
    const steps = Steps.forCurrentTest();
    const api = await signedIn(stack.server, 'admin');
    const [calendar] = await stack.server.query<{ id: string }>(`select id from calendars where code = 'CN-STANDARD'`);
    const window = await openWindow(browser, stack.url);
    const page = window.page;
    const cell = (day: string) => page.locator(`[data-testid="calendar-cell"][data-day="${day}"]`);
    try {
      await steps.step('2026 as twelve months: National Day, its make-up day and the weekend marked', page, async () => {
        await signIn(page, 'admin');
        await page.goto('/admin/calendars');
        await page.getByTestId('calendar-row').filter({ hasText: 'CN-STANDARD' }).click();
        await page.getByTestId('calendar-year').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option-content').getByText('2026', { exact: true }).click();
        await page.getByTestId('calendar-year-grid').waitFor();
        expect(await page.getByTestId('calendar-month').count()).toBe(12);
        await page.getByTestId('calendar-legend').waitFor();
        expect(await cell('2026-10-01').getAttribute('data-kind')).toBe('holiday');
        expect(await cell('2026-10-01').getAttribute('title')).toContain('国庆节');
        expect(await cell('2026-10-10').getAttribute('data-kind')).toBe('workday');
        expect(await cell('2026-10-11').getAttribute('data-kind')).toBe('rest');
        expect(await cell('2026-10-12').getAttribute('data-kind')).toBe('work');
        const october = await page.locator('[data-testid="calendar-month"][data-month="10"]').getByTestId('calendar-day-name').allInnerTexts();
        expect(october.some((line) => line.startsWith('1–7日') && line.includes('国庆节'))).toBe(true);
      });

      await steps.step('a date clicked in the grid becomes a holiday, saved with the year', page, async () => {
        await cell('2026-12-24').click();
        await page.getByTestId('calendar-day-name-input').fill('测试假日');
        await page.getByTestId('calendar-day-ok').click();
        expect(await cell('2026-12-24').getAttribute('data-kind')).toBe('holiday');
        await page.getByTestId('calendar-save-year').click();
        const days = await waitFor(
          async () => (await api.get(`/api/calendars/${calendar.id}`)).body.calendar.days as Array<{ day: string; kind: string; name: string }>,
          (list) => list.some((day) => day.day === '2026-12-24'),
        );
        expect(days).toEqual(expect.arrayContaining([expect.objectContaining({ day: '2026-12-24', kind: 'holiday', name: '测试假日' }), expect.objectContaining({ day: '2026-10-01', kind: 'holiday' })]));
      });

      await steps.step('the list view still edits the same days', page, async () => {
        await page.getByTestId('calendar-view-list').click();
        await page.getByTestId('calendar-add-day').waitFor();
        expect(await page.getByTestId('calendar-day-list').locator('input[value="测试假日"]').count()).toBe(1);
      });

      await steps.step('in English: month names, legend, rule and policy names', page, async () => {
        await page.getByTestId('calendar-view-calendar').click();
        await toEnglish(page);
        expect(await page.locator('[data-testid="calendar-month"][data-month="10"]').innerText()).toContain('October');
        expect(await page.getByTestId('calendar-legend').innerText()).toContain('Holiday');

        await page.getByTestId('admin-tab-routing').click();
        await page.getByTestId('rule-name').first().waitFor();
        const englishRules = await page.getByTestId('rule-name').allInnerTexts();
        expect(englishRules).toContain('Roadside: nearest rescue dealer to the incident');
        expect(englishRules.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);

        await page.getByTestId('admin-tab-sla').click();
        await page.getByTestId('sla-name').first().waitFor();
        expect(await page.getByTestId('sla-name').allInnerTexts()).toContain('Roadside');
      });

      await steps.step('and back in Chinese', page, async () => {
        await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
        await waitFor(() => page.getByTestId('sla-name').allInnerTexts(), (names) => names.includes('道路救援'));
        expect(await page.getByTestId('sla-name').allInnerTexts()).toContain('道路救援');
        await page.getByTestId('admin-tab-routing').click();
        await page.getByTestId('rule-name').first().waitFor();
        expect(await page.getByTestId('rule-name').allInnerTexts()).toContain('道路救援：离事发地最近的救援站');
      });
      expect(window.pageErrors).toEqual([]);
    } finally {
      await window.context.close();
    }
  });
});
