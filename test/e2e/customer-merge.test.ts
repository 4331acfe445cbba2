import { completeVin } from '@careline/shared';
import { buildComplaint, fixtures } from '../helpers/factories';
import { signedIn } from '../helpers/test-server';
import { signIn, Steps } from './helpers/browser';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * Duplicate customer records merged in the console (issue 13): two records share a mobile, the first with a vehicle
 * and a ticket. A supervisor opens 数据导入 → 重复客户, finds the group, compares the records (each field with its source
 * and time), keeps the second, reads what the merge will do and confirms: the vehicle and the ticket move (in the
 * database), the first record points at the second, and the group leaves the list. An agent has neither the menu
 * entry nor the page.
 */
const suite = e2eSuite();

const MOBILE = '13700137001';

async function twoRecordsOneMobile() {
  const { stack } = suite;
  const fixture = await fixtures(stack.server);
  const insert = (name: string, source: string, at: string) =>
    stack.server.query<{ id: string }>(
      `insert into customers (id, name, phone, province, city, field_sources, created_at, updated_at)
       values (gen_random_uuid(), $1, $2, '江苏', '南京', $3::jsonb, $4, $4) returning id`,
      [name, MOBILE, JSON.stringify({ name: { source, at, importId: null }, phone: { source, at, importId: null }, city: { source, at, importId: null } }), at],
    );
  const [first] = await insert('钱多多', 'hotline', '2026-10-01T02:00:00Z');
  const [second] = await insert('钱多多', 'invoice', '2026-11-01T02:00:00Z');
  const [vehicle] = await stack.server.query<{ id: string }>(
    `insert into vehicles (id, customer_id, vin, model) values (gen_random_uuid(), $1, $2, 'A6L') returning id`,
    [first.id, completeVin('LSVAU218', 'N2180001')],
  );
  const supervisor = await signedIn(stack.server, 'supervisor');
  const created = await supervisor.post('/api/tickets', buildComplaint(fixture, { customerId: first.id, vehicleId: vehicle.id, contactName: '钱多多', contactPhone: MOBILE }));
  expect(created.status).toBe(201);
  return { first: first.id, second: second.id, vehicle: vehicle.id, ticket: created.body.ticket as { id: string; number: string } };
}

describe('duplicate customers in the browser', () => {
  it('a supervisor compares two records of one mobile, keeps the second, and the first one’s vehicle and ticket move to it', async () => {
    const steps = Steps.forCurrentTest();
    const { stack } = suite;
    const records = await twoRecordsOneMobile();
    const { page } = await suite.window();
    const group = page.locator(`[data-testid="duplicate-group"][data-customers*="${records.first}"]`);

    await steps.step('opens 数据导入 → 重复客户 and sees the group of the mobile', page, async () => {
      await signIn(page, 'supervisor');
      await page.getByTestId('menu-imports').click();
      await page.getByTestId('imports-tab-duplicates').click();
      await group.waitFor();
      expect(await group.getAttribute('data-reason')).toBe('same_mobile');
      expect((await group.getAttribute('data-customers'))?.split(',').sort()).toEqual([records.first, records.second].sort());
      const text = await group.innerText();
      expect(text).toContain('同一手机号');
      expect(text).toContain('钱多多');
      expect(text).not.toContain(MOBILE);
      expect(page.url()).toContain('tab=duplicates');
      // In English too, with no word missing.
      await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await group.getByText('Same mobile', { exact: true }).waitFor();
      await page.getByTestId('imports-tab-duplicates').getByText('Duplicate customers').waitFor();
      expect(await page.locator('body').innerText()).not.toMatch(/\bimports\.[a-z]+\./);
      await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
      await group.getByText('同一手机号', { exact: true }).waitFor();
    });

    const drawer = page.getByTestId('merge-drawer');
    await steps.step('opens the comparison: both records side by side, each field with its source, the first one’s vehicle and ticket', page, async () => {
      await group.getByTestId('duplicate-compare').click();
      await drawer.getByTestId('merge-vehicle').waitFor();
      const compare = drawer.getByTestId('merge-compare');
      const column = (n: number) => compare.locator(`[data-testid="merge-record-${n}"]`);
      const order = await drawer.getByTestId('merge-keep').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-customer-id')));
      const [firstColumn, secondColumn] = [order.indexOf(records.first) + 1, order.indexOf(records.second) + 1];
      expect([firstColumn, secondColumn].sort()).toEqual([1, 2]);
      await expect(column(firstColumn).allInnerTexts().then((cells) => cells.join('\n'))).resolves.toMatch(/来源：热线录入 · 2026-10-01/);
      await expect(column(secondColumn).allInnerTexts().then((cells) => cells.join('\n'))).resolves.toMatch(/来源：开票系统 · 2026-11-01/);
      await expect(column(firstColumn).allInnerTexts().then((cells) => cells.join('\n'))).resolves.toContain(records.ticket.number);
      await expect(column(secondColumn).allInnerTexts().then((cells) => cells.join('\n'))).resolves.not.toContain(records.ticket.number);
      expect(await drawer.getByTestId('merge-confirm').isDisabled()).toBe(true);
    });

    await steps.step('keeps the second record: the plan says what moves; confirms', page, async () => {
      await drawer.locator(`[data-testid="merge-keep"][data-customer-id="${records.second}"]`).click();
      const plan = await drawer.getByTestId('merge-plan').innerText();
      expect(plan).toMatch(/^保留 钱多多（#\d），合并 钱多多（#\d）：钱多多（#\d） 的 1 辆车和 1 张工单转到 钱多多（#\d），字段按来源优先级取值$/);
      expect(await page.locator('body').innerText()).not.toMatch(/\bimports\.[a-z]+\./);
      await drawer.getByTestId('merge-confirm').click();
      await page.locator('.ant-popconfirm:visible .ant-popconfirm-buttons .ant-btn-primary').click();
      await page.locator('.ant-message').getByText(/1 辆车和 1 张工单已转入/).waitFor();
      await drawer.waitFor({ state: 'hidden' });
    });

    await steps.step('the vehicle and the ticket are the second record’s, the first points at it; the group is gone', page, async () => {
      await expect(stack.server.query(`select customer_id from vehicles where id = $1`, [records.vehicle])).resolves.toEqual([{ customer_id: records.second }]);
      await expect(stack.server.query(`select customer_id from tickets where id = $1`, [records.ticket.id])).resolves.toEqual([{ customer_id: records.second }]);
      await expect(stack.server.query(`select merged_into from customers where id = $1`, [records.first])).resolves.toEqual([{ merged_into: records.second }]);
      await group.waitFor({ state: 'detached' });
      await page.getByTestId('duplicate-customers').waitFor();
    });
  });

  it('an agent has no 数据导入 menu entry and no page', async () => {
    const steps = Steps.forCurrentTest();
    const { page } = await suite.window();
    await steps.step('signs in: no menu entry; the page by URL says no access', page, async () => {
      await signIn(page, 'agent');
      await page.getByTestId('menu-workspace').waitFor();
      expect(await page.getByTestId('menu-imports').count()).toBe(0);
      await page.goto('/imports?tab=duplicates');
      await page.getByText('无权访问此页面').waitFor();
      expect(await page.getByTestId('duplicate-customers').count()).toBe(0);
    });
  });
});
