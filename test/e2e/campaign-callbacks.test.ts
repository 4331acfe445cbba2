import { randomUUID } from 'node:crypto';
import { chinaDayOf, shiftDay } from '@careline/shared';
import { generateCampaignCallbacks } from '@careline/shared/server';
import { fixtures, type Fixtures } from '../helpers/factories';
import { signIn, Steps } from './helpers/browser';
import type { E2eStack } from './helpers/e2e-stack';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * New-vehicle calls (新车回访) in Chromium: the selling dealer finds its 3-day call in the portal, records the customer
 * content, and the call moves to the done tab; another dealer's portal does not list it.
 */
// One stack and browser for the file; every page of a test must run without an uncaught exception.
const suite = e2eSuite();
let stack: E2eStack;
let fixture: Fixtures;

beforeAll(async () => {
  stack = suite.stack;
  fixture = await fixtures(stack.server);
});

describe('new-vehicle calls in the dealer portal', () => {
  it('lets the selling dealer record its 3-day call, and no other dealer see it', async () => {
    const steps = Steps.forCurrentTest();
    const vehicleId = randomUUID();
    await stack.server.query(`insert into vehicles (id, customer_id, vin, model, purchase_date, selling_dealer_id) values ($1, $2, $3, 'E2E 新车', $4, $5)`, [
      vehicleId,
      fixture.customer.id,
      `LE2E${randomUUID().replace(/-/g, '').slice(0, 13).toUpperCase()}`,
      shiftDay(chinaDayOf(new Date()), { days: -3 }),
      fixture.dealerA.id,
    ]);
    await generateCampaignCallbacks(stack.server.database.db);
    const [task] = await stack.server.query<{ id: string }>(`select id from callback_tasks where vehicle_id = $1`, [vehicleId]);

    const dealer = await suite.window();
    const row = dealer.page.locator(`[data-testid="campaign-row"][data-task-id="${task.id}"]`);
    await steps.step('the dealer opens the portal’s new-vehicle calls: the car and its owner', dealer.page, async () => {
      await signIn(dealer.page, fixture.dealerA.username);
      await dealer.page.goto('/dealer?tab=campaign');
      await dealer.page.getByTestId('dealer-tab-campaign').click();
      await row.waitFor();
      const text = await row.innerText();
      expect(text).toContain('E2E 新车');
      expect(text).toContain('新车 3 天回访');
      expect(text).toContain(fixture.customer.name);
    });

    await steps.step('records the call: reached, 5 of 5, no problem with the car', dealer.page, async () => {
      await row.getByTestId('campaign-record').click();
      const drawer = dealer.page.getByTestId('callback-drawer');
      await drawer.waitFor();
      await drawer.getByTestId('callback-result-reached').click();
      await drawer.getByTestId('callback-satisfaction').locator('.ant-rate-star').nth(4).click();
      await drawer.getByTestId('callback-solved-yes').click();
      await expect(drawer.getByTestId('callback-preview').innerText()).resolves.toContain('回访完成');
      await drawer.getByTestId('callback-submit').click();
      await row.waitFor({ state: 'detached' });
      const [stored] = await stack.server.query<{ status: string; satisfaction: number }>(`select status, satisfaction from callback_tasks where id = $1`, [task.id]);
      expect(stored).toEqual({ status: 'done', satisfaction: 5 });
    });

    await steps.step('the done tab lists it', dealer.page, async () => {
      await dealer.page.getByTestId('campaign-tab-done').click();
      await row.and(dealer.page.locator('[data-status="done"]')).waitFor();
    });

    const other = await suite.window();
    await steps.step('another dealer’s portal does not list it', other.page, async () => {
      await signIn(other.page, fixture.dealerB.username);
      await other.page.goto('/dealer?tab=campaign');
      await other.page.getByTestId('dealer-tab-campaign').click();
      await other.page.getByTestId('campaign-calls').waitFor();
      await other.page.getByTestId('campaign-tab-open').waitFor();
      await other.page.locator('.ant-table-tbody').first().waitFor();
      expect(await other.page.locator(`[data-testid="campaign-row"][data-task-id="${task.id}"]`).count()).toBe(0);
    });
  });
});
