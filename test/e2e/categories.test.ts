import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { closeWindows, launchChromium, openWindow, signIn, Steps, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/** An admin renames a category and gives it a keyword on the 类别 page; an agent's form offers the new name. */
let stack: E2eStack;
let browser: Browser;
const windows: UserWindow[] = [];

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
});

afterAll(async () => {
  await closeWindows(windows);
  await browser?.close();
  await stack?.close();
});

describe('the category tree in the browser', () => {
  it('an admin renames a category and adds a keyword; the agent’s complaint form shows the new name', async () => {
    const steps = Steps.forCurrentTest();
    const [category] = await stack.server.query<{ id: string; code: string; name_zh: string }>(
      `select id, code, name_zh from categories where code = 'C-COMPLAINT-PRODUCT-BODY-WATER'`,
    );
    const newName = `车身漏水${randomBytes(2).toString('hex')}`;
    const admin = await openWindow(browser, stack.url);
    windows.push(admin);

    await steps.step('the admin opens 类别 and selects the category in the complaint tree', admin.page, async () => {
      await signIn(admin.page, 'admin');
      await admin.page.goto('/admin/categories');
      await admin.page.getByTestId(`category-node-${category.code}`).click();
      await admin.page.getByTestId('category-editor').waitFor();
      expect(await admin.page.getByTestId('category-name-zh').inputValue()).toBe(category.name_zh);
    });

    await steps.step('renames it and adds a keyword, then saves', admin.page, async () => {
      await admin.page.getByTestId('category-name-zh').fill(newName);
      await admin.page.getByTestId('category-keywords').click();
      await admin.page.keyboard.type('天窗漏水');
      await admin.page.keyboard.press('Enter');
      await admin.page.getByTestId('category-save').click();
      await admin.page.getByTestId(`category-node-${category.code}`).getByText(newName).waitFor();
      const [stored] = await stack.server.query<{ name_zh: string; keywords: string[] }>(`select name_zh, keywords from categories where id = $1`, [category.id]);
      expect(stored).toEqual({ name_zh: newName, keywords: ['天窗漏水'] });
    });

    const agent = await openWindow(browser, stack.url);
    windows.push(agent);
    await steps.step('the agent finds the new name in the complaint form’s category tree', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await agent.page.getByTestId('ticket-form').waitFor();
      await agent.page.getByTestId('ticket-type-complaint').click();
      await agent.page.getByTestId('ticket-category').click();
      await agent.page.keyboard.type(newName);
      await agent.page.locator(`.ant-select-tree-node-content-wrapper[title="${newName}"]`).click();
      expect(await agent.page.getByTestId('ticket-category').innerText()).toContain(newName);
      expect(await agent.page.locator(`.ant-select-tree-node-content-wrapper[title="${category.name_zh}"]`).count()).toBe(0);
    });

    expect(windows.flatMap((opened) => opened.pageErrors)).toEqual([]);
  });
});
