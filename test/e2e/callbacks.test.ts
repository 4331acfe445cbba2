import type { Browser, Page } from 'playwright-core';
import { dispatchedComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { launchChromium, markDocument, openWindow, signIn, Steps, stillSameDocument, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * Callbacks (回访) in Chromium against the real API, workers and socket gateway: an agent works the callback queue;
 * an unhappy answer reopens a dealer's complaint, and the dealer's portal, open in another browser, shows it back in
 * its work without a reload; a satisfied answer closes the ticket; a call recorded meanwhile by someone else is a
 * conflict the drawer explains and survives.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
let agentApi: ApiClient;
let dealerApi: ApiClient;
const windows: UserWindow[] = [];

async function window(): Promise<UserWindow> {
  const opened = await openWindow(browser, stack.url);
  windows.push(opened);
  return opened;
}

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
  agentApi = await signedIn(stack.server, 'agent');
  dealerApi = await signedIn(stack.server, fixture.dealerA.username);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

afterEach(async () => {
  // Every page of the test ran without an uncaught exception.
  const errors = windows.flatMap((opened) => opened.pageErrors);
  for (const opened of windows.splice(0)) await opened.context.close();
  expect(errors).toEqual([]);
});

/** A complaint dispatched to dealer A, acknowledged and resolved by it (which puts a callback task in the queue). */
async function resolvedComplaint(subject: string) {
  const dispatched = await dispatchedComplaint(agentApi, fixture, fixture.dealerA.id, { subject });
  const acknowledged = await dealerApi.post(`/api/tickets/${dispatched.id}/acknowledge`, { version: dispatched.version });
  const resolved = await dealerApi.post(`/api/tickets/${dispatched.id}/resolve`, { version: acknowledged.body.ticket.version, comment: '已更换发动机支架' });
  expect(resolved.status).toBe(200);
  const [task] = await stack.server.query<{ id: string; version: number }>(`select id, version from callback_tasks where ticket_id = $1 and status = 'open'`, [dispatched.id]);
  expect(task).toBeDefined();
  return { id: dispatched.id as string, number: dispatched.number as string, taskId: task.id, taskVersion: task.version };
}

const ticketRow = (page: Page, ticketId: string) => page.locator(`[data-testid="callback-row"][data-ticket-id="${ticketId}"]`);
const inboxRow = (page: Page, ticketId: string) => page.locator(`[data-testid="inbox-row"][data-ticket-id="${ticketId}"]`);

async function openQueue(page: Page): Promise<void> {
  await page.getByTestId('menu-callbacks').click();
  await page.getByTestId('callback-queue').waitFor();
  expect(new URL(page.url()).pathname).toBe('/callbacks');
}

describe('callback queue in the browser', () => {
  it('records an unhappy answer: the ticket reopens to the dealer, whose portal shows it live', async () => {
    const steps = Steps.forCurrentTest();
    const ticket = await resolvedComplaint('E2E 回访 发动机异响');
    // Its callback is overdue: the queue marks it.
    await stack.server.query(`update callback_tasks set due_at = now() - interval '3 hours', next_attempt_at = now() - interval '3 hours' where id = $1`, [ticket.taskId]);
    const [reason] = await stack.server.query<{ name_zh: string }>(`select name_zh from callback_reasons where code = 'repeat_fault'`);
    const [dealerRow] = await stack.server.query<{ name_zh: string }>(`select name_zh from dealers where id = $1`, [fixture.dealerA.id]);

    const dealer = await window();
    await steps.step('the dealer has the ticket among its finished work, not in progress', dealer.page, async () => {
      await signIn(dealer.page, fixture.dealerA.username);
      await dealer.page.goto('/dealer?tab=working');
      await dealer.page.getByTestId('dealer-tab-working').waitFor();
      await dealer.page.getByTestId('realtime-status').and(dealer.page.locator('[data-connected="true"]')).waitFor();
      await inboxRow(dealer.page, ticket.id).waitFor({ state: 'detached' });
      await markDocument(dealer.page);
    });

    const agent = await window();
    await steps.step('the agent opens the callback queue: the overdue task with the customer and the dealer', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await openQueue(agent.page);
      const row = ticketRow(agent.page, ticket.id);
      await row.waitFor();
      await expect(row.getAttribute('data-overdue')).resolves.toBe('true');
      await row.getByTestId('callback-overdue').waitFor();
      const text = await row.innerText();
      expect(text).toContain(ticket.number);
      expect(text).toContain(dealerRow.name_zh);
      await expect(row.getByTestId('callback-customer').innerText()).resolves.toBe(fixture.customer.name);
      // Agents dial the number: in full.
      await expect(row.getByTestId('callback-phone').innerText()).resolves.toContain(fixture.customer.phone);
      await expect(row.getByTestId('callback-attempts').innerText()).resolves.toBe('0 次');
      const overdue = /\d+/.exec(await agent.page.getByTestId('callback-count-overdue').innerText());
      expect(Number(overdue?.[0])).toBeGreaterThanOrEqual(1);
    });

    await steps.step('records the call: reached, 2 of 5, not solved, a reason', agent.page, async () => {
      await ticketRow(agent.page, ticket.id).getByTestId('callback-record').click();
      const drawer = agent.page.getByTestId('callback-drawer');
      await drawer.waitFor();
      await drawer.getByTestId('callback-result-reached').click();
      await drawer.getByTestId('callback-satisfaction').locator('.ant-rate-star').nth(1).click();
      await expect(drawer.getByTestId('callback-satisfaction-label').innerText()).resolves.toBe('不满意');
      await drawer.getByTestId('callback-solved-no').click();
      // Unhappy: a reason is asked for, and the drawer says what saving will do.
      await drawer.getByTestId('callback-reason').click();
      await agent.page.locator(`.ant-select-item-option[title="${reason.name_zh}"]`).click();
      await drawer.getByTestId('callback-comment').fill('客户反映异响又出现了');
      await expect(drawer.getByTestId('callback-preview').innerText()).resolves.toContain(`退回 ${dealerRow.name_zh}`);
      await drawer.getByTestId('callback-submit').click();
    });

    await steps.step('the queue says the ticket was reopened to the dealer, and the task leaves it', agent.page, async () => {
      const outcome = agent.page.locator('[data-testid="callback-outcome"][data-outcome="reopened"]');
      await outcome.waitFor();
      const text = await outcome.innerText();
      expect(text).toContain(ticket.number);
      expect(text).toContain(dealerRow.name_zh);
      await ticketRow(agent.page, ticket.id).waitFor({ state: 'detached' });
      const [stored] = await stack.server.query<{ status: string; responsible_dealer_id: string }>(`select status, responsible_dealer_id from tickets where id = $1`, [ticket.id]);
      expect(stored).toEqual({ status: 'reopened', responsible_dealer_id: fixture.dealerA.id });
    });

    await steps.step('the dealer portal shows the ticket reopened, without a reload', dealer.page, async () => {
      const row = inboxRow(dealer.page, ticket.id);
      await row.and(dealer.page.locator('[data-status="reopened"]')).waitFor();
      await expect(row.innerText()).resolves.toContain(ticket.number);
      expect(await stillSameDocument(dealer.page)).toBe(true);
    });

    await steps.step('the settled tab lists it; its timeline tells the call in words', agent.page, async () => {
      await agent.page.getByTestId('callback-tab-reopened').click();
      const row = ticketRow(agent.page, ticket.id);
      await row.waitFor();
      expect(await row.innerText()).toContain(reason.name_zh);
      await row.getByTestId('ticket-link').click();
      const call = agent.page.locator('[data-testid="timeline-event"][data-type="callback_attempt"]');
      await call.waitFor();
      const callText = await call.innerText();
      for (const words of ['回访', '已接通', '2/5 不满意', '问题未解决', reason.name_zh, '客户不满意，重开', '客户反映异响又出现了']) expect(callText).toContain(words);
      const reopened = await agent.page.locator('[data-testid="timeline-event"][data-type="reopened"]').first().innerText();
      expect(reopened).toContain('回访不满意');
      await agent.page.locator('[data-testid="timeline-event"][data-type="callback_scheduled"]').first().waitFor();
      // No message key shows instead of words.
      expect(await agent.page.locator('body').innerText()).not.toMatch(/tickets\.event\.|callbacks\.|callbackResult\.|satisfaction\.\d/);
    });
  });

  it('records a satisfied answer: the ticket closes', async () => {
    const steps = Steps.forCurrentTest();
    const ticket = await resolvedComplaint('E2E 回访 满意');
    const agent = await window();

    await steps.step('the agent finds the task in the queue', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await openQueue(agent.page);
      await ticketRow(agent.page, ticket.id).waitFor();
    });

    await steps.step('records reached, 5 of 5, solved', agent.page, async () => {
      await ticketRow(agent.page, ticket.id).getByTestId('callback-record').click();
      const drawer = agent.page.getByTestId('callback-drawer');
      await drawer.getByTestId('callback-result-reached').click();
      await drawer.getByTestId('callback-satisfaction').locator('.ant-rate-star').nth(4).click();
      await expect(drawer.getByTestId('callback-satisfaction-label').innerText()).resolves.toBe('非常满意');
      await drawer.getByTestId('callback-solved-yes').click();
      // Satisfied: no reason asked.
      expect(await drawer.getByTestId('callback-reason').count()).toBe(0);
      await expect(drawer.getByTestId('callback-preview').innerText()).resolves.toContain('结案');
      await drawer.getByTestId('callback-submit').click();
    });

    await steps.step('the queue says the ticket is closed; it is', agent.page, async () => {
      const outcome = agent.page.locator('[data-testid="callback-outcome"][data-outcome="satisfied"]');
      await outcome.waitFor();
      expect(await outcome.innerText()).toContain(ticket.number);
      await ticketRow(agent.page, ticket.id).waitFor({ state: 'detached' });
      const [stored] = await stack.server.query<{ status: string; satisfaction: number }>(`select status, satisfaction from tickets where id = $1`, [ticket.id]);
      expect(stored).toEqual({ status: 'closed', satisfaction: 5 });
    });

    await steps.step('the satisfied tab lists it, in English too', agent.page, async () => {
      await agent.page.getByTestId('callback-tab-satisfied').click();
      const row = ticketRow(agent.page, ticket.id);
      await row.and(agent.page.locator('[data-status="satisfied"]')).waitFor();
      expect(await row.innerText()).toContain('5/5 非常满意');
      await agent.page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await row.getByText('5/5 Very satisfied').waitFor();
      await agent.page.getByTestId('callback-tab-satisfied').getByText('Satisfied').waitFor();
    });
  });

  it('tells the agent when someone else recorded a call meanwhile, and saves on the fresh task', async () => {
    const steps = Steps.forCurrentTest();
    const ticket = await resolvedComplaint('E2E 回访 并发');
    const agent = await window();

    await steps.step('the agent opens the drawer for the task', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await openQueue(agent.page);
      await ticketRow(agent.page, ticket.id).getByTestId('callback-record').click();
      await agent.page.getByTestId('callback-drawer').waitFor();
    });

    // A colleague records a call on the version the drawer read.
    const meanwhile = await (await signedIn(stack.server, 'supervisor')).post(`/api/callbacks/${ticket.taskId}/attempts`, { version: ticket.taskVersion, result: 'busy' });
    expect(meanwhile.status).toBe(201);

    await steps.step('saving answers the conflict in Chinese and shows the colleague’s call', agent.page, async () => {
      const drawer = agent.page.getByTestId('callback-drawer');
      await drawer.getByTestId('callback-result-no_answer').click();
      await drawer.getByTestId('callback-submit').click();
      await expect(drawer.getByTestId('callback-error').innerText()).resolves.toContain('已被他人修改');
      await drawer.getByTestId('callback-attempt').filter({ hasText: '占线' }).waitFor();
    });

    await steps.step('saving again records the second call and says when to try next', agent.page, async () => {
      await agent.page.getByTestId('callback-drawer').getByTestId('callback-submit').click();
      const outcome = agent.page.locator('[data-testid="callback-outcome"][data-outcome="open"]');
      await outcome.waitFor();
      expect(await outcome.innerText()).toContain('再次回访');
      const attempts = await stack.server.query<{ result: string }>(`select result from callback_attempts where task_id = $1 order by attempt`, [ticket.taskId]);
      expect(attempts.map((attempt) => attempt.result)).toEqual(['busy', 'no_answer']);
      // The queue's row follows once the list is fetched again (live): wait for it rather than read it once.
      await ticketRow(agent.page, ticket.id).getByTestId('callback-attempts').and(agent.page.getByText('2 次', { exact: true })).waitFor();
    });
  });

  it('lets QA read the queue without recording, with the number masked', async () => {
    const steps = Steps.forCurrentTest();
    const ticket = await resolvedComplaint('E2E 回访 质检只读');
    const qa = await window();
    await steps.step('QA opens the callback queue', qa.page, async () => {
      await signIn(qa.page, 'qa');
      await openQueue(qa.page);
      const row = ticketRow(qa.page, ticket.id);
      await row.waitFor();
      expect(await row.getByTestId('callback-record').count()).toBe(0);
      const phone = await row.getByTestId('callback-phone').innerText();
      expect(phone).toContain('****');
      expect(phone).not.toContain(fixture.customer.phone);
    });
  });

  it('lets an admin add, reorder and retire unhappy reasons; the agent is offered the active ones in that order', async () => {
    const steps = Steps.forCurrentTest();
    const ticket = await resolvedComplaint('E2E 回访 原因维护');
    const admin = await window();
    const rows = () => admin.page.getByTestId('callback-reason-row');
    const codes = async () => rows().evaluateAll((elements) => elements.map((element) => element.getAttribute('data-code')));

    await steps.step('the admin opens the callback reasons section', admin.page, async () => {
      await signIn(admin.page, 'admin');
      await admin.page.goto('/admin');
      // /admin sends an admin on to its first section: a tab clicked before that redirect has run (the section's
      // code loads first, slowly on a busy machine) is overtaken by it.
      await admin.page.waitForURL(/\/admin\/routing$/);
      await admin.page.getByTestId('admin-tab-callback-reasons').click();
      await admin.page.waitForURL(/\/admin\/callback-reasons$/);
      await admin.page.getByTestId('admin-callback-reasons').waitFor();
      await admin.page.locator('[data-testid="callback-reason-row"][data-code="not_solved"]').waitFor();
    });

    await steps.step('adds a reason first in the list', admin.page, async () => {
      await admin.page.getByTestId('callback-reason-add').click();
      await admin.page.getByTestId('callback-reason-code').fill('parts_delay');
      await admin.page.getByTestId('callback-reason-name-zh').fill('配件等待时间长');
      await admin.page.getByTestId('callback-reason-name-en').fill('Waited long for parts');
      await admin.page.getByTestId('callback-reason-sort').fill('5');
      await admin.page.getByTestId('callback-reason-save').click();
      await admin.page.locator('[data-testid="callback-reason-row"][data-code="parts_delay"][data-active="true"]').waitFor();
      expect((await codes())[0]).toBe('parts_delay');
    });

    await steps.step('moves it one place down', admin.page, async () => {
      await admin.page.locator('[data-testid="callback-reason-row"][data-code="parts_delay"]').getByTestId('callback-reason-down').click();
      await admin.page.waitForFunction(() => document.querySelectorAll('[data-testid="callback-reason-row"]')[1]?.getAttribute('data-code') === 'parts_delay');
      expect((await codes())[0]).toBe('not_solved');
    });

    await steps.step('retires “Dispute over cost”', admin.page, async () => {
      await admin.page.locator('[data-testid="callback-reason-row"][data-code="cost"]').getByTestId('callback-reason-retire').click();
      await admin.page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
      await admin.page.locator('[data-testid="callback-reason-row"][data-code="cost"][data-active="false"]').waitFor();
    });

    const stored = await stack.server.query<{ code: string; sort_order: number; active: boolean }>(`select code, sort_order, active from callback_reasons where code in ('parts_delay', 'not_solved', 'cost') order by code`);
    expect(stored).toEqual([
      { code: 'cost', sort_order: 50, active: false },
      { code: 'not_solved', sort_order: 5, active: true },
      { code: 'parts_delay', sort_order: 10, active: true },
    ]);

    const agent = await window();
    await steps.step('the agent’s form offers the new reason second and no longer the retired one', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await openQueue(agent.page);
      await ticketRow(agent.page, ticket.id).getByTestId('callback-record').click();
      const drawer = agent.page.getByTestId('callback-drawer');
      await drawer.getByTestId('callback-result-reached').click();
      await drawer.getByTestId('callback-satisfaction').locator('.ant-rate-star').nth(0).click();
      await drawer.getByTestId('callback-solved-no').click();
      await drawer.getByTestId('callback-reason').click();
      const options = agent.page.locator('.ant-select-item-option');
      await options.first().waitFor();
      const titles = await options.evaluateAll((elements) => elements.map((element) => element.getAttribute('title')));
      expect(titles.slice(0, 2)).toEqual(['问题未解决', '配件等待时间长']);
      expect(titles).not.toContain('费用争议');
    });
  });
});
