import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { fixtures, type Fixtures } from '../helpers/factories';
import { launchChromium, openWindow, signIn, Steps, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * An agent on a call takes a complaint with the keyboard alone: the lookup has the focus, Enter finds the caller,
 * the focus moves on to the ticket type, Tab reaches every field, Ctrl+Enter saves, and Enter starts the next call.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
let agent: UserWindow | undefined;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
});

afterAll(async () => {
  await agent?.context.close();
  await browser?.close();
  await stack?.close();
});

/** The data-testid of the element that has the focus, or of its nearest marked ancestor. */
const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null);

/** Presses Tab until the focus is in the element with that test id; fails if it is not reached in `max` presses. */
async function tabTo(page: Page, testId: string, max = 25): Promise<void> {
  for (let press = 0; press < max; press += 1) {
    if ((await focusedTestId(page)) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${testId} not reached with Tab (focus is in ${await focusedTestId(page)})`);
}

describe('the agent workspace by keyboard', () => {
  it('takes a complaint from lookup to ticket number without the mouse', async () => {
    const steps = Steps.forCurrentTest();
    agent = await openWindow(browser, stack.url);
    const page = agent.page;
    const [category] = await stack.server.query<{ name_zh: string }>(
      `select c.name_zh from categories c
       where c.ticket_type = 'complaint' and c.active and c.parent_id is not null
         and not exists (select 1 from categories child where child.parent_id = c.id)
         and (select count(*) from categories same where same.name_zh = c.name_zh) = 1
       order by c.path limit 1`,
    );
    const subject = `E2E 键盘录入 ${randomBytes(3).toString('hex').toUpperCase()}`;

    await steps.step('the lookup has the focus; Enter finds the caller', page, async () => {
      await signIn(page, 'agent');
      await page.getByTestId('ticket-form').waitFor();
      expect(await focusedTestId(page)).toBe('lookup-input');
      await page.keyboard.type(fixture.customer.phone);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('customer-name').innerText()).resolves.toContain(fixture.customer.name);
    });

    await steps.step('the focus moves to the ticket type; arrows choose a complaint', page, async () => {
      await page.waitForFunction(() => document.activeElement?.closest('[data-testid="ticket-type"]') !== null);
      const checked = () => page.locator('[data-testid="ticket-type"] .ant-radio-button-wrapper-checked [data-testid^="ticket-type-"]').getAttribute('data-testid');
      // Arrows move through the types (and wrap around); a complaint is one of them.
      for (let press = 0; press < 6 && (await checked()) !== 'ticket-type-complaint'; press += 1) await page.keyboard.press('ArrowRight');
      expect(await checked()).toBe('ticket-type-complaint');
      // Arrows moved the choice, not the focus.
      expect(await focusedTestId(page)).toBe('ticket-type');
    });

    await steps.step('Tab reaches the category, the subject and the description', page, async () => {
      await tabTo(page, 'ticket-category');
      await page.keyboard.type(category.name_zh);
      await page.locator(`.ant-select-tree-node-content-wrapper[title="${category.name_zh}"]`).waitFor();
      // Down to the match (its parent comes first), Enter takes it.
      const active = page.locator(`.ant-select-tree-treenode-active .ant-select-tree-node-content-wrapper[title="${category.name_zh}"]`);
      for (let press = 0; press < 5 && (await active.count()) === 0; press += 1) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('ticket-category').innerText()).resolves.toContain(category.name_zh);
      await tabTo(page, 'ticket-subject');
      await page.keyboard.type(subject);
      await tabTo(page, 'ticket-description');
      await page.keyboard.type('客户来电：车辆行驶中仪表盘故障灯亮起，要求尽快检查。');
    });

    await steps.step('Ctrl+Enter saves; the ticket number shows and Enter starts the next call', page, async () => {
      await page.keyboard.press('Control+Enter');
      const number = (await page.getByTestId('created-ticket').getByTestId('ticket-number').innerText()).trim();
      expect(number).toMatch(/^TS\d{8}-\d{5}$/);
      const [saved] = await stack.server.query<{ subject: string }>('select subject from tickets where number = $1', [number]);
      expect(saved.subject).toBe(subject);
      await page.waitForFunction(() => document.activeElement?.closest('[data-testid="next-call"]') !== null);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.closest('[data-testid="lookup-input"]') !== null);
      await expect(page.getByTestId('lookup-input').inputValue()).resolves.toBe('');
    });
    expect(agent.pageErrors).toEqual([]);
  });
});
