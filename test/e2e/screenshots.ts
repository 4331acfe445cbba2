/**
 * The README's screenshots, taken from the real stack (API, workers, realtime gateway, a fresh database on the
 * PostgreSQL server with the demo data and 60 demo tickets) in Debian's Chromium:
 *
 *   npx tsx test/e2e/screenshots.ts
 *
 * writes docs/screenshots/agent-workspace.png (1366×768: a caller found by VIN, a complaint filled in, the routing
 * preview), dealer-portal.png (1366×768: the first demo dealer's inbox), dealer-portal-phone.png (375×812) and
 * tracking-page-phone.png (375×812: a customer's tracking page, no sign-in, after the dealer's acknowledgement), and
 * a roadside rescue's three screens: roadside-offer-phone.png (375×812: the offer on the provider's phone),
 * roadside-ticket-page.png (1366×768: the agent's ticket page once the provider is en route) and
 * tracking-page-roadside.png (375×812: the customer's page with the provider, the ETA and the distance left).
 * Not part of `npm test`; needs what the browser tests need (PostgreSQL, Redis, Chromium).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { trackingTokenOf } from '@careline/shared/server';
import { buildComplaint, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { launchChromium, openWindow, signIn } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';
import buildConsoleOnce from './helpers/global-setup';

const OUT = resolve(__dirname, '../../docs/screenshots');

async function settle(page: Page) {
  // Fonts, lazy chunks and the last refetches: let the network go quiet, then drop the caret and hover states.
  await page.waitForLoadState('networkidle');
  await page.mouse.move(0, 767);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(400);
}

/**
 * Issue 12's three screens: a breakdown on a Beijing ring road near the first demo dealer (made a 24-hour rescue
 * provider); the offer on the provider's phone; once accepted and en route with a reported position, the agent's
 * ticket page and the customer's tracking page (375 px, no sign-in) with the provider, the ETA and the distance left.
 */
async function roadsideScreens(stack: E2eStack, browser: Browser, agentApi: ApiClient, agentPage: Page, dealerId: string) {
  const [dealer] = await stack.server.query<{ lat: number; lng: number }>(
    `update dealers set capabilities = array_append(array_remove(capabilities, 'rescue'), 'rescue'), rescue_24h = true where id = $1 returning lat, lng`,
    [dealerId],
  );
  const incident = { lat: Math.round((dealer.lat + 0.03) * 1e4) / 1e4, lng: Math.round((dealer.lng + 0.02) * 1e4) / 1e4 };
  const created = await agentApi.post('/api/tickets', {
    type: 'roadside', channel: 'phone', contactName: '赵敏', contactPhone: '13911112222', subject: '京承高速车辆抛锚，无法启动',
    description: '客户驾车行驶中仪表报警后熄火，车辆停在应急车道，车上两人，无人受伤。',
    location: { address: '北京市朝阳区京承高速 K12 出京方向应急车道', ...incident }, roadsideType: 'breakdown', motorway: true, peopleOnBoard: 2, injured: false,
  });
  if (created.status !== 201) throw new Error(`roadside create failed: ${JSON.stringify(created.body)}`);
  const ticketId = created.body.ticket.id as string;
  // Whoever the ranking put first answers (the first demo dealer, unless the demo placed another provider nearer).
  let offer: { dealer_id: string } | undefined;
  while (!offer) {
    [offer] = await stack.server.query<{ dealer_id: string }>(`select dealer_id from roadside_offers where ticket_id = $1 and status = 'pending'`, [ticketId]);
    if (!offer) await new Promise((done) => setTimeout(done, 200));
  }
  const [user] = await stack.server.query<{ username: string }>(`select username from users where dealer_id = $1 and role = 'dealer_user' order by username limit 1`, [offer.dealer_id]);

  const phone = await openWindow(browser, stack.url, { viewport: { width: 375, height: 812 }, isMobile: true });
  await signIn(phone.page, user.username);
  const card = phone.page.getByTestId('roadside-urgent').getByTestId('roadside-offer-card').first();
  await card.getByTestId('roadside-countdown').waitFor();
  await settle(phone.page);
  await phone.page.screenshot({ path: join(OUT, 'roadside-offer-phone.png') });

  // Accepted on the phone with an ETA; then en route, 20 minutes away, and a position from its dispatch software.
  await card.getByTestId('roadside-eta').fill('25');
  await card.getByTestId('roadside-accept').click();
  const urgent = phone.page.getByTestId('roadside-urgent');
  await urgent.getByTestId('roadside-step-eta').fill('20');
  await urgent.getByTestId('roadside-step-en_route').click();
  await urgent.getByTestId('roadside-step-arrived').waitFor();
  const [job] = await stack.server.query<{ id: string }>(`select id from roadside_jobs where ticket_id = $1`, [ticketId]);
  const providerApi = await signedIn(stack.server, user.username);
  const position = await providerApi.post(`/api/roadside/jobs/${job.id}/position`, { lat: incident.lat + 0.035, lng: incident.lng + 0.02 });
  if (position.status !== 204) throw new Error(`position failed: ${JSON.stringify(position.body)}`);

  await agentPage.goto(`/tickets/${ticketId}`);
  await agentPage.locator('[data-testid="roadside-panel"][data-status="en_route"]').waitFor();
  await settle(agentPage);
  await agentPage.screenshot({ path: join(OUT, 'roadside-ticket-page.png') });

  let link: { id: string } | undefined;
  while (!link) {
    [link] = await stack.server.query<{ id: string }>(`select id from tracking_links where ticket_id = $1 order by created_at limit 1`, [ticketId]);
    if (!link) await new Promise((done) => setTimeout(done, 200));
  }
  const customer = await openWindow(browser, stack.url, { viewport: { width: 375, height: 812 }, isMobile: true });
  await customer.page.goto(`/t/${trackingTokenOf(link.id)}`);
  await customer.page.locator('[data-testid="tracking-rescue"][data-step="en_route"]').getByTestId('tracking-rescue-distance').waitFor();
  await customer.page.locator('[data-testid="tracking-live"][data-connected="true"]').waitFor();
  await settle(customer.page);
  await customer.page.screenshot({ path: join(OUT, 'tracking-page-roadside.png') });
}

async function main() {
  process.env.CARELINE_TEST_DB ??= 'postgres';
  await buildConsoleOnce();
  mkdirSync(OUT, { recursive: true });
  const stack = await startE2eStack({ tickets: 60 });
  const browser = await launchChromium();
  try {
    const fixture = await fixtures(stack.server);
    const agentApi = await signedIn(stack.server, 'agent');

    // A few fresh calls for the first demo dealer (D-BJ-001, user `dealer`), beside what the demo history left it.
    const callers = await stack.server.query<{ customer_id: string; vehicle_id: string; name: string; phone: string }>(
      `select c.id as customer_id, v.id as vehicle_id, c.name, c.phone from customers c join vehicles v on v.customer_id = c.id
       order by c.phone desc limit 3`,
    );
    const calls = [
      { subject: '车辆行驶中仪表盘偶发黑屏，重启后恢复', description: '客户反映高速行驶时中控和仪表同时黑屏约 5 秒，已发生两次，担心安全。', priority: 'P2' },
      { subject: '保养后发现底盘有划痕，要求门店说明', description: '客户上周在店内做首保，回家后发现底盘护板有新划痕，希望门店给出解释。' },
      { subject: '预约维修多次改期，客户不满', description: '客户预约更换刹车片，门店三次以缺件为由改期，客户要求明确到货时间。' },
    ];
    const dispatchedIds: string[] = [];
    for (const [index, call] of calls.entries()) {
      const caller = callers[index];
      const created = await agentApi.post(
        '/api/tickets',
        buildComplaint(fixture, { ...call, customerId: caller.customer_id, vehicleId: caller.vehicle_id, contactName: caller.name, contactPhone: caller.phone }),
      );
      if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
      const dispatched = await agentApi.post(`/api/tickets/${created.body.ticket.id}/dispatch`, { version: created.body.ticket.version, dealerId: fixture.dealerA.id });
      if (dispatched.status !== 200) throw new Error(`dispatch failed: ${JSON.stringify(dispatched.body)}`);
      dispatchedIds.push(dispatched.body.ticket.id);
    }

    // The agent: a caller with a closed ticket in their history, found by VIN, a complaint that copies a department.
    const [caller] = await stack.server.query<{ vin: string }>(
      `select v.vin from vehicles v join dealers d on d.id = v.servicing_dealer_id
       where d.active and exists (select 1 from tickets t where t.customer_id = v.customer_id)
         and not exists (select 1 from tickets t where t.customer_id = v.customer_id and t.status not in ('resolved', 'closed', 'cancelled'))
       order by v.vin limit 1`,
    );
    const [category] = await stack.server.query<{ name_zh: string }>(`select name_zh from categories where id = $1`, [fixture.complaintCategory.id]);
    const agent = await openWindow(browser, stack.url);
    await signIn(agent.page, 'agent');
    await agent.page.getByTestId('lookup-mode').getByText('车架号 VIN').click();
    await agent.page.getByTestId('lookup-input').fill(caller.vin);
    await agent.page.getByTestId('lookup-input').press('Enter');
    await agent.page.getByTestId('customer-360').waitFor();
    await agent.page.getByTestId('ticket-category').click();
    await agent.page.keyboard.type(category.name_zh);
    await agent.page.locator(`.ant-select-tree-node-content-wrapper[title="${category.name_zh}"]`).first().click();
    await agent.page.getByTestId('ticket-subject').fill('冷启动时发动机舱异响，到店检查未解决');
    await agent.page.getByTestId('ticket-description').fill('客户反映每天早上冷启动时发动机舱有明显“哒哒”异响，持续约十秒后消失；上周已到店检查一次未解决，希望尽快安排复检。');
    await agent.page.getByTestId('preview-panel').getByTestId('routing-target').waitFor();
    await settle(agent.page);
    // Scrolled just enough for the preview's first lines (target, reason, priority, copies) under the caller's name.
    await agent.page.getByTestId('routing-target').evaluate((target) => window.scrollBy(0, target.getBoundingClientRect().top - (window.innerHeight - 170)));
    await agent.page.waitForTimeout(200);
    await agent.page.screenshot({ path: join(OUT, 'agent-workspace.png') });

    const dealer = await openWindow(browser, stack.url);
    await signIn(dealer.page, fixture.dealerA.username);
    await dealer.page.getByTestId('inbox-row').first().waitFor();
    await settle(dealer.page);
    await dealer.page.screenshot({ path: join(OUT, 'dealer-portal.png') });

    const phone = await openWindow(browser, stack.url, { viewport: { width: 375, height: 812 }, isMobile: true });
    await signIn(phone.page, fixture.dealerA.username);
    await phone.page.getByTestId('inbox-row').first().waitFor();
    await settle(phone.page);
    await phone.page.screenshot({ path: join(OUT, 'dealer-portal-phone.png') });

    // The customer of the first call follows it from the SMS link; the dealer has acknowledged it.
    const tracked = (await agentApi.get(`/api/tickets/${dispatchedIds[0]}`)).body.ticket;
    const dealerApi = await signedIn(stack.server, fixture.dealerA.username);
    await dealerApi.post(`/api/tickets/${tracked.id}/acknowledge`, { version: tracked.version });
    let link: { id: string } | undefined;
    while (!link) {
      [link] = await stack.server.query<{ id: string }>(`select id from tracking_links where ticket_id = $1`, [tracked.id]);
      if (!link) await new Promise((done) => setTimeout(done, 200));
    }
    const customer = await openWindow(browser, stack.url, { viewport: { width: 375, height: 812 }, isMobile: true });
    await customer.page.goto(`/t/${trackingTokenOf(link.id)}`);
    await customer.page.locator('[data-testid="tracking-status"][data-stage="in_progress"]').waitFor();
    await customer.page.locator('[data-testid="tracking-live"][data-connected="true"]').waitFor();
    await settle(customer.page);
    await customer.page.screenshot({ path: join(OUT, 'tracking-page-phone.png') });

    await roadsideScreens(stack, browser, agentApi, agent.page, fixture.dealerA.id);
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await browser.close();
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
