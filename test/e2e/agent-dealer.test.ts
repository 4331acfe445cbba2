import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { dispatchedComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { horizontalOverflow, launchChromium, markDocument, openWindow, signIn, Steps, stillSameDocument, type UserWindow } from './helpers/browser';
import { dealerUserOf, type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * The hotline and a 4S store, in Chromium, against the real API, workers and socket gateway: an agent takes a
 * complaint by VIN and sees where it will go before saving; the dealer it went to sees it arrive and acknowledges;
 * the agent's ticket page follows — neither screen reloaded. Then what a dealer must not see, the language switch
 * and the portal on a phone.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
let agentApi: ApiClient;
const windows: UserWindow[] = [];

async function window(options?: Parameters<typeof openWindow>[2]): Promise<UserWindow> {
  const opened = await openWindow(browser, stack.url, options);
  windows.push(opened);
  return opened;
}

const unique = () => randomBytes(3).toString('hex').toUpperCase();

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
  agentApi = await signedIn(stack.server, 'agent');
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

/** A complaint category whose Chinese name is unique, so that searching the category tree finds exactly it. */
async function uniqueComplaintCategory(): Promise<{ id: string; name_zh: string }> {
  const [category] = await stack.server.query<{ id: string; name_zh: string }>(
    `select c.id, c.name_zh from categories c
     where c.ticket_type = 'complaint' and c.active and c.parent_id is not null
       and not exists (select 1 from categories child where child.parent_id = c.id)
       and (select count(*) from categories same where same.name_zh = c.name_zh) = 1
     order by c.path limit 1`,
  );
  return category;
}

async function inboxRow(page: Page, ticketId: string) {
  return page.locator(`[data-testid="inbox-row"][data-ticket-id="${ticketId}"]`);
}

describe('agent and dealer in the browser', () => {
  it('takes a complaint by VIN with its routing preview; the routed dealer sees it arrive and acknowledges; the agent sees it live', async () => {
    const steps = Steps.forCurrentTest();
    const agent = await window();
    const category = await uniqueComplaintCategory();
    const subject = `E2E 空调不制冷 ${unique()}`;

    await steps.step('agent signs in', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await agent.page.getByTestId('ticket-form').waitFor();
      expect(new URL(agent.page.url()).pathname).toBe('/workspace');
    });

    await steps.step('finds the caller by VIN', agent.page, async () => {
      await agent.page.getByTestId('lookup-mode').getByText('车架号 VIN').click();
      await agent.page.getByTestId('lookup-input').fill(fixture.vehicle.vin.toLowerCase());
      await agent.page.getByTestId('lookup-input').press('Enter');
      await expect(agent.page.getByTestId('customer-name').innerText()).resolves.toContain(fixture.customer.name);
      // The contact is filled in from the caller found.
      await expect(agent.page.getByTestId('ticket-contact-phone').inputValue()).resolves.toBe(fixture.customer.phone);
    });

    const target = await steps.step('fills the complaint and sees where it will go', agent.page, async () => {
      await agent.page.getByTestId('ticket-category').click();
      await agent.page.keyboard.type(category.name_zh);
      await agent.page.locator(`.ant-select-tree-node-content-wrapper[title="${category.name_zh}"]`).click();
      await agent.page.getByTestId('ticket-subject').fill(subject);
      await agent.page.getByTestId('ticket-description').fill('客户反映空调开启后出风口一直是热风，已持续两天。');
      const routingTarget = agent.page.getByTestId('preview-panel').getByTestId('routing-target');
      await routingTarget.waitFor();
      const text = await routingTarget.innerText();
      // "将派发至 <dealer>，因为 命中规则「<rule>」"
      const match = /^将派发至\s*(.+?)，因为\s*命中规则「(.+)」$/.exec(text.trim());
      expect(match).not.toBeNull();
      const [dealer] = await stack.server.query<{ id: string; name_zh: string }>(`select id, name_zh from dealers where name_zh = $1`, [match![1]]);
      expect(dealer).toBeDefined();
      return dealer;
    });

    // Nothing is saved by the preview.
    expect(await stack.server.query(`select 1 from tickets where subject = $1`, [subject])).toEqual([]);

    const dealer = await window();
    const dealerUsername = await dealerUserOf(stack.server, target.id);
    await steps.step('the dealer it will go to signs in to an inbox without it', dealer.page, async () => {
      await signIn(dealer.page, dealerUsername);
      await dealer.page.getByTestId('dealer-tab-inbox').waitFor();
      expect(new URL(dealer.page.url()).pathname).toBe('/dealer');
      await dealer.page.getByText(subject).waitFor({ state: 'detached' });
      await markDocument(dealer.page);
    });

    const ticket = await steps.step('agent saves and reads out the ticket number', agent.page, async () => {
      await agent.page.getByTestId('ticket-submit').click();
      const number = (await agent.page.getByTestId('created-ticket').getByTestId('ticket-number').innerText()).trim();
      expect(number).toMatch(/^TS\d{8}-\d{5}$/);
      const [saved] = await stack.server.query<{ id: string; status: string; responsible_dealer_id: string }>(
        `select id, status, responsible_dealer_id from tickets where number = $1`,
        [number],
      );
      // It went where the preview said.
      expect(saved).toMatchObject({ status: 'dispatched', responsible_dealer_id: target.id });
      return { id: saved.id, number };
    });

    await steps.step('it appears in the dealer inbox without a reload', dealer.page, async () => {
      const row = await inboxRow(dealer.page, ticket.id);
      await row.waitFor();
      await expect(row.innerText()).resolves.toContain(ticket.number);
      await expect(row.getAttribute('data-status')).resolves.toBe('dispatched');
      expect(await stillSameDocument(dealer.page)).toBe(true);
    });

    await steps.step('agent opens the ticket page', agent.page, async () => {
      await agent.page.getByTestId('created-open').click();
      await agent.page.locator('[data-testid="ticket-page"] [data-testid="state-tag"][data-status="dispatched"]').first().waitFor();
      await expect(agent.page.getByTestId('ticket-page').getByTestId('ticket-number').first().innerText()).resolves.toContain(ticket.number);
      await markDocument(agent.page);
    });

    await steps.step('the dealer acknowledges from the inbox', dealer.page, async () => {
      const row = await inboxRow(dealer.page, ticket.id);
      await row.getByTestId('acknowledge-button').click();
      // It leaves the inbox for work in progress.
      await row.waitFor({ state: 'detached' });
      const [stored] = await stack.server.query<{ status: string }>(`select status from tickets where id = $1`, [ticket.id]);
      expect(stored.status).toBe('acknowledged');
    });

    await steps.step('the agent ticket page shows it acknowledged, live', agent.page, async () => {
      await agent.page.locator('[data-testid="ticket-page"] [data-testid="state-tag"][data-status="acknowledged"]').first().waitFor();
      expect(await stillSameDocument(agent.page)).toBe(true);
      // The history shows the acknowledgement too.
      await agent.page.locator('[data-testid="timeline-event"][data-type="acknowledged"]').first().waitFor();
    });
  });

  it('ranks and tags a 24-hour provider (24×7 calendar) among the rescue candidates of a roadside ticket', async () => {
    const steps = Steps.forCurrentTest();
    // A rescue dealer on the 24×7 calendar is open at any hour: roadside help right beside it goes to it, tagged 24 h.
    const [provider] = await stack.server.query<{ id: string; lat: number; lng: number }>(
      `update dealers set calendar_id = (select id from calendars where code = '24X7')
       where id = (select id from dealers where active and not rescue_24h and 'rescue' = any(capabilities) and id not in ($1, $2) order by code limit 1)
       returning id, lat, lng`,
      [fixture.dealerA.id, fixture.dealerB.id],
    );
    const created = await agentApi.post('/api/tickets', {
      type: 'roadside', channel: 'phone', contactName: '李娜', contactPhone: '13912345678', subject: `E2E 高速爆胎 ${unique()}`,
      description: '高速爆胎，需要救援', location: { address: '事发地', lat: provider.lat, lng: provider.lng },
    });
    expect(created.status).toBe(201);
    // Roadside help is offered to the providers in turn (nearest first): the ticket waits, `new`, for an acceptance.
    expect(created.body.ticket.status).toBe('new');
    const agent = await window();

    await steps.step('agent signs in', agent.page, () => signIn(agent.page, 'agent'));
    await steps.step('the ticket page ranks the 24-hour provider first among the rescue candidates, tagged 24 h', agent.page, async () => {
      await agent.page.goto(`/tickets/${created.body.ticket.id}`);
      const first = agent.page.getByTestId('roadside-candidate').first();
      await expect(first.getAttribute('data-rank')).resolves.toBe('1');
      await expect(first.innerText()).resolves.toContain('24 小时');
    });
  });

  it("keeps a dealer out of another dealer's ticket opened by URL", async () => {
    const steps = Steps.forCurrentTest();
    const own = await dispatchedComplaint(agentApi, fixture, fixture.dealerA.id, { subject: `E2E 本店工单 ${unique()}` });
    const foreign = await dispatchedComplaint(agentApi, fixture, fixture.dealerB.id, { subject: `E2E 他店工单 ${unique()}` });
    const dealer = await window();

    await steps.step('dealer signs in', dealer.page, () => signIn(dealer.page, fixture.dealerA.username));

    await steps.step('opens its own ticket by URL', dealer.page, async () => {
      await dealer.page.goto(`/tickets/${own.id}`);
      await expect(dealer.page.getByTestId('ticket-subject').first().innerText()).resolves.toContain(own.subject);
    });

    await steps.step("another dealer's ticket by URL is not found", dealer.page, async () => {
      await dealer.page.goto(`/tickets/${foreign.id}`);
      await expect(dealer.page.getByTestId('problem').innerText()).resolves.toContain('工单不存在');
      const body = await dealer.page.locator('body').innerText();
      expect(body).not.toContain(foreign.number);
      expect(body).not.toContain(foreign.subject);
      expect(body).not.toContain(fixture.customer.name);
      expect(await dealer.page.getByTestId('ticket-page').count()).toBe(0);
    });
  });

  it('tells a dealer that the hotline, supervisor and admin pages are not for its role, without rendering them', async () => {
    const steps = Steps.forCurrentTest();
    const dealer = await window();
    await steps.step('dealer signs in', dealer.page, () => signIn(dealer.page, fixture.dealerA.username));
    for (const path of ['/workspace', '/supervisor', '/admin/routing', '/admin/users', '/tickets']) {
      await steps.step(`opens ${path} by URL`, dealer.page, async () => {
        await dealer.page.goto(path);
        await expect(dealer.page.getByTestId('problem').innerText()).resolves.toContain('无权访问此页面');
        // Nothing of the page itself: no form, board or rule table behind the message.
        for (const testId of ['ticket-form', 'live-feed', 'admin-routing', 'rules-publish', 'saved-filter-name']) {
          expect(await dealer.page.getByTestId(testId).count()).toBe(0);
        }
      });
    }
    await steps.step('its own portal still opens', dealer.page, async () => {
      await dealer.page.goto('/dealer');
      expect(await dealer.page.getByTestId('problem').count()).toBe(0);
    });
  });

  it('switches the labels to English and back', async () => {
    const steps = Steps.forCurrentTest();
    const dealer = await window();
    await steps.step('dealer portal in Chinese', dealer.page, async () => {
      await signIn(dealer.page, fixture.dealerA.username);
      await expect(dealer.page.getByTestId('dealer-tab-inbox').innerText()).resolves.toContain('待接单');
    });
    await steps.step('English', dealer.page, async () => {
      await dealer.page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await dealer.page.getByTestId('dealer-tab-inbox').getByText('To acknowledge').waitFor();
      await dealer.page.getByTestId('dealer-tab-working').getByText('In progress').waitFor();
      expect(await dealer.page.locator('body').innerText()).not.toContain('待接单');
    });
    await steps.step('English is remembered over a reload', dealer.page, async () => {
      await dealer.page.reload();
      await dealer.page.getByTestId('dealer-tab-inbox').getByText('To acknowledge').waitFor();
    });
    await steps.step('back to Chinese', dealer.page, async () => {
      await dealer.page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
      await dealer.page.getByTestId('dealer-tab-inbox').getByText('待接单').waitFor();
      expect(await dealer.page.locator('body').innerText()).not.toContain('To acknowledge');
    });
  });

  it('shows the dealer inbox usable at phone width (375×812), without sideways scrolling', async () => {
    const steps = Steps.forCurrentTest();
    const ticket = await dispatchedComplaint(agentApi, fixture, fixture.dealerA.id, {
      subject: `E2E 手机端 仪表盘黑屏，行驶中突然熄灭，客户要求尽快处理 ${unique()}`,
    });
    const phone = await window({ viewport: { width: 375, height: 812 }, isMobile: true });

    await steps.step('dealer signs in on a phone', phone.page, () => signIn(phone.page, fixture.dealerA.username));

    await steps.step('the inbox fits the screen', phone.page, async () => {
      const row = await inboxRow(phone.page, ticket.id);
      await row.waitFor();
      const overflow = await horizontalOverflow(phone.page);
      expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
      expect(overflow.body).toBeLessThanOrEqual(overflow.viewport);
      // The card and its main action are within the screen's width.
      for (const box of [await row.boundingBox(), await row.getByTestId('acknowledge-button').boundingBox()]) {
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      }
    });

    await steps.step('acknowledges on the phone', phone.page, async () => {
      const row = await inboxRow(phone.page, ticket.id);
      await row.getByTestId('acknowledge-button').click();
      await row.waitFor({ state: 'detached' });
      const overflow = await horizontalOverflow(phone.page);
      expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
    });
  });
});

