import type { Browser } from 'playwright-core';
import { buildComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { signedIn } from '../helpers/test-server';
import { launchChromium, openWindow, signIn, Steps, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * Administration in Chromium: its words load with the section (not with the console's entry), also when a page of
 * it is opened straight by URL; a dealer's escalation contact gets the language of its mail.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
let admin: UserWindow | undefined;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
});

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await stack?.close();
});

describe('administration in the browser', () => {
  it('opens a section by URL with its words, and sets the language of a contact’s mail', async () => {
    const steps = Steps.forCurrentTest();
    admin = await openWindow(browser, stack.url);
    const page = admin.page;
    const [dealer] = await stack.server.query<{ code: string }>('select code from dealers where id = $1', [fixture.dealerA.id]);

    await steps.step('admin opens the dealers section by URL', page, async () => {
      await signIn(page, 'admin');
      await page.goto('/admin/dealers');
      await page.getByTestId('admin-dealers').waitFor();
      const text = await page.locator('body').innerText();
      expect(text).toContain('经销商');
      // No message key shows in place of its words.
      expect(text).not.toMatch(/\badmin\.[a-z]/);
    });

    await steps.step('the first contact of a dealer reads English', page, async () => {
      await page.locator('input[data-testid="dealers-search"], [data-testid="dealers-search"] input').first().fill(dealer.code);
      await page.locator(`[data-testid="dealer-row"][data-dealer-code="${dealer.code}"]`).getByTestId('dealer-settings').click();
      const locale = page.getByTestId('dealer-contact-locale').first();
      await locale.click();
      await page.locator('.ant-select-dropdown:visible').getByText('English', { exact: true }).click();
      await page.getByTestId('dealer-settings-save').click();
      const api = await signedIn(stack.server, 'admin');
      const deadline = Date.now() + 15_000;
      let contacts: Array<{ locale?: string }> = [];
      while (Date.now() < deadline) {
        contacts = (await api.get(`/api/dealers/${fixture.dealerA.id}/notification-settings`)).body.settings.escalationContacts;
        if (contacts[0]?.locale === 'en') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(contacts[0]).toMatchObject({ locale: 'en' });
    });

    await steps.step('the section in English', page, async () => {
      await page.locator('.ant-drawer-close').click();
      await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
      await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await page.getByRole('tab', { name: 'Dealers' }).waitFor();
      expect(await page.locator('body').innerText()).not.toMatch(/\badmin\.[a-z]/);
    });
    expect(admin.pageErrors).toEqual([]);
  });

  it('dry-runs a draft copied from the published rules: no change, held tickets shown apart', async () => {
    const steps = Steps.forCurrentTest();
    const agent = await signedIn(stack.server, 'agent');
    // One held complaint and one routed at once, created now so that the dry run's window holds them.
    expect((await agent.post('/api/tickets', buildComplaint(fixture))).status).toBe(201);
    expect((await agent.post('/api/tickets', buildComplaint(fixture, { dispatch: 'auto' }))).status).toBe(201);
    const opened = await openWindow(browser, stack.url);
    const page = opened.page;
    try {
      await steps.step('admin opens a draft and dry-runs it', page, async () => {
        await signIn(page, 'admin');
        await page.goto('/admin/routing');
        await page.getByTestId('admin-routing').waitFor();
        if ((await page.getByTestId('draft-version').count()) === 0) await page.getByTestId('open-draft').click();
        await page.getByTestId('dry-run').click();
        await page.getByTestId('dry-run-report').waitFor();
      });
      await steps.step('nothing changes; the held ticket is counted apart', page, async () => {
        const report = page.getByTestId('dry-run-report');
        const statistic = async (title: string) => (await report.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content').innerText()).trim();
        expect(await statistic('处理改变')).toBe('0');
        expect(Number(await statistic('暂存（另列）'))).toBeGreaterThanOrEqual(1);
        expect(Number(await statistic('在办工单'))).toBeGreaterThanOrEqual(1);
        expect(await report.innerText()).not.toMatch(/\badmin\.[a-z]/);
      });
      expect(opened.pageErrors).toEqual([]);
    } finally {
      await opened.context.close();
    }
  });
});
