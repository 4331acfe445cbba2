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
    const [category] = await stack.server.query<{ id: string; code: string; name_zh: string; keywords: string[] }>(
      `select id, code, name_zh, keywords from categories where code = 'C-COMPLAINT-PRODUCT-BODY-WATER'`,
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
      // The seeded keywords stay, the new one after them.
      expect(stored).toEqual({ name_zh: newName, keywords: [...category.keywords, '天窗漏水'] });
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

    await steps.step('the admin deactivates another category: greyed with its tag; the page in English has all its words', admin.page, async () => {
      await admin.page.getByTestId('category-node-C-COMPLAINT-PRODUCT-BODY-RUST').click();
      await admin.page.getByTestId('category-deactivate').click();
      await admin.page.locator('.ant-popconfirm:visible').getByRole('button', { name: '停 用' }).click();
      await admin.page.getByTestId('category-node-C-COMPLAINT-PRODUCT-BODY-RUST').getByText('已停用').waitFor();
      await admin.page.getByTestId('category-reactivate').waitFor();
      await admin.page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await admin.page.getByTestId('category-node-C-COMPLAINT-PRODUCT-BODY-RUST').getByText('Inactive').waitFor();
      expect(await admin.page.locator('body').innerText()).not.toMatch(/\badmin\.[a-z]/);
    });

    await steps.step('the agent’s form, loaded again, no longer offers it', agent.page, async () => {
      await agent.page.reload();
      await agent.page.getByTestId('ticket-form').waitFor();
      await agent.page.getByTestId('ticket-type-complaint').click();
      await agent.page.getByTestId('ticket-category').click();
      // Every category below 车身 matches its code: the renamed sibling is offered, the deactivated one is not.
      await agent.page.keyboard.type('c-complaint-product-body-');
      await agent.page.locator(`.ant-select-tree-node-content-wrapper[title="${newName}"]`).waitFor();
      expect(await agent.page.locator('.ant-select-tree-node-content-wrapper[title="锈蚀"]').count()).toBe(0);
    });

    expect(windows.flatMap((opened) => opened.pageErrors)).toEqual([]);
  });
});
