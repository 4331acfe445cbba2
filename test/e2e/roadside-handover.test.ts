import type { Browser } from 'playwright-core';
import { type Fixtures, fixtures } from '../helpers/factories';
import { roadsideTicketBody } from '../helpers/roadside';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { closeWindows, launchChromium, openWindow, signIn, Steps, stillSameDocument, markDocument, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * In Chromium: an admin sets the rescue offer's time limit (Admin → 道路救援) and the next offer gets it; a roadside
 * ticket held at intake and dispatched by hand shows on the provider's phone with its steps, and the agent's rescue
 * card follows the provider live.
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

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
  agentApi = await signedIn(stack.server, 'agent');
  // Dealer A alone runs rescue, around the clock.
  await stack.server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
  await stack.server.query(`update dealers set capabilities = array_append(capabilities, 'rescue'), rescue_24h = true, lat = 30.01, lng = 120 where id = $1`, [fixture.dealerA.id]);
});

afterAll(async () => {
  await stack?.server.query(`delete from roadside_settings`);
  await browser?.close();
  await stack?.close();
});

afterEach(async () => expect(await closeWindows(windows.splice(0))).toEqual([]));

describe('roadside settings and rescues dispatched by hand in the browser', () => {
  it('an admin sets the offer time limit; the next offer gets it', async () => {
    const steps = Steps.forCurrentTest();
    const admin = await window();
    await steps.step('the admin opens 道路救援 and saves 90 seconds', admin.page, async () => {
      await signIn(admin.page, 'admin');
      await admin.page.goto('/admin/roadside');
      await admin.page.getByTestId('admin-roadside').waitFor();
      await expect(admin.page.getByTestId('roadside-offer-seconds-now').innerText()).resolves.toMatch(/环境变量/);
      await admin.page.getByTestId('roadside-offer-seconds').fill('90');
      await admin.page.getByTestId('roadside-settings-save').click();
      await admin.page.getByTestId('roadside-offer-seconds-now').getByText(/90 秒（管理员设置）/).waitFor();
    });
    await steps.step('a limit out of range is refused on the form', admin.page, async () => {
      await admin.page.getByTestId('roadside-offer-seconds').fill('10');
      await admin.page.getByTestId('roadside-settings-save').click();
      await admin.page.getByText('请输入 30–3600 之间的整数秒').waitFor();
    });
    const created = await agentApi.post('/api/tickets', roadsideTicketBody({ subject: 'E2E 时限' }));
    expect(created.status).toBe(201);
    const [offer] = await stack.server.query<{ seconds: number }>(
      `select extract(epoch from due_at - offered_at)::int as seconds from roadside_offers where ticket_id = $1`,
      [created.body.ticket.id],
    );
    expect(offer.seconds).toBe(90);
  });

  it('a held roadside ticket dispatched by hand: the provider progresses it on the phone, the agent follows live', async () => {
    const steps = Steps.forCurrentTest();
    const created = await agentApi.post('/api/tickets', roadsideTicketBody({ subject: 'E2E 人工派救援', dispatch: 'hold' }));
    expect(created.status).toBe(201);
    const ticket = created.body.ticket as { id: string; version: number };
    expect((await agentApi.post(`/api/tickets/${ticket.id}/dispatch`, { version: ticket.version, dealerId: fixture.dealerA.id })).status).toBe(200);

    const agent = await window();
    const phone = await window({ viewport: { width: 375, height: 812 }, isMobile: true });
    const panel = agent.page.getByTestId('roadside-panel');
    await steps.step('the agent’s rescue card shows the job given by hand', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await agent.page.goto(`/tickets/${ticket.id}`);
      await expect(panel.getAttribute('data-status')).resolves.toBe('accepted');
      await expect(panel.getByTestId('roadside-offer').first().getAttribute('data-status')).resolves.toBe('assigned');
      await markDocument(agent.page);
    });
    await steps.step('the provider finds it on the phone and sets off', phone.page, async () => {
      await signIn(phone.page, fixture.dealerA.username);
      const urgent = phone.page.getByTestId('roadside-urgent');
      await urgent.locator('[data-testid="roadside-offer-card"][data-status="assigned"]').first().waitFor();
      await urgent.getByTestId('roadside-step-en_route').first().click();
      await urgent.getByTestId('roadside-step-arrived').first().waitFor();
    });
    await steps.step('the agent sees it en route live', agent.page, async () => {
      await agent.page.locator('[data-testid="roadside-panel"][data-status="en_route"]').waitFor();
      expect(await stillSameDocument(agent.page)).toBe(true);
    });
  });
});
