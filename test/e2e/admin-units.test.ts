import type { Browser } from 'playwright-core';
import { launchChromium, openWindow, signIn, Steps, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/** What an admin reads on the SLA and calendar pages: units that match their headers, a 24×7 calendar shown as such. */
let stack: E2eStack;
let browser: Browser;
let admin: UserWindow | undefined;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
});

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await stack?.close();
});

describe('SLA policies and calendars in the browser', () => {
  it('shows targets in the minutes their headers name, and the 24×7 calendar as open all hours', async () => {
    const steps = Steps.forCurrentTest();
    admin = await openWindow(browser, stack.url);
    const page = admin.page;
    const [policy] = await stack.server.query<{ code: string; acknowledge_minutes: number; resolve_minutes: number }>(
      'select code, acknowledge_minutes, resolve_minutes from sla_policies where resolve_minutes >= 60 order by code limit 1',
    );

    await steps.step('the SLA policy table: minutes under "(分钟)" headers', page, async () => {
      await signIn(page, 'admin');
      await page.goto('/admin/sla');
      const row = page.getByTestId('sla-row').filter({ hasText: policy.code }).first();
      await row.waitFor();
      const header = await page.getByTestId('admin-sla').locator('thead').innerText();
      expect(header).toContain('接单时限（分钟）');
      const cells = await row.locator('td').allInnerTexts();
      expect(cells).toContain(String(policy.acknowledge_minutes));
      expect(cells).toContain(String(policy.resolve_minutes));
      expect(cells.join(' ')).not.toMatch(/\d\s*(h|min)\b/);
    });

    await steps.step('the 24×7 calendar: open all hours, no weekday shown as a rest day', page, async () => {
      await page.goto('/admin/calendars');
      const row = page.getByTestId('calendar-row').filter({ hasText: '24X7' });
      await row.click();
      await page.getByTestId('calendar-all-hours').waitFor();
      expect(await page.getByTestId('calendar-all-hours').innerText()).toBe('24 小时 / 全年无休');
      expect(await row.innerText()).toContain('24 小时 / 全年无休');
      expect(await page.getByTestId('calendar-day-1').isVisible()).toBe(false);
      expect(await page.getByText('休息', { exact: true }).count()).toBe(0);
    });

    await steps.step('a calendar with weekly hours still shows its weekdays', page, async () => {
      await page.getByTestId('calendar-row').filter({ hasNotText: '24X7' }).first().click();
      await page.getByTestId('calendar-day-1').waitFor();
      expect(await page.getByTestId('calendar-all-hours').count()).toBe(0);
    });

    await steps.step('in English, 24×7', page, async () => {
      await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await page.getByTestId('calendar-row').filter({ hasText: '24X7' }).click();
      await page.getByTestId('calendar-all-hours').waitFor();
      expect(await page.getByTestId('calendar-all-hours').innerText()).toBe('24×7');
      expect(await page.locator('body').innerText()).not.toMatch(/\badmin\.[a-z]/);
    });
    expect(admin.pageErrors).toEqual([]);
  });
});
