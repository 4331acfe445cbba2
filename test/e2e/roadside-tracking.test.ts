import { randomBytes } from 'node:crypto';
import { distanceKm, ROAD_FACTOR } from '@careline/shared';
import { trackingTokenOf } from '@careline/shared/server';
import { fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { waitFor } from '../helpers/wait-for';
import { choose, horizontalOverflow, markDocument, signIn, Steps, stillSameDocument } from './helpers/browser';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * Issue 12's proof in three windows: the agent (desktop, signed in) takes a roadside call in the workspace form; the
 * best-ranked rescue provider accepts with an ETA on its phone (375 px, dealer portal); the customer's tracking page
 * (375 px, no sign-in, opened from the link the SMS carried) shows the provider and the ETA, then follows en route
 * (with the distance left from the provider's reported position) → arrived → completed live, never reloaded.
 */
const suite = e2eSuite();
let fixture: Fixtures;
/** The provider's dispatch software reports positions through the API (the phone page has no position button). */
let providerApi: ApiClient;
let providerName: string;
const INCIDENT = { lat: 29.5, lng: 119.5 };
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true };
/** A date as the console shows it in China's time zone (no daylight saving there): `YYYY-MM-DD HH:mm`. */
const shownInShanghai = (at: Date | string) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

beforeAll(async () => {
  const { server } = suite.stack;
  fixture = await fixtures(server);
  providerApi = await signedIn(server, fixture.dealerA.username);
  // Two rescue providers open around the clock, nobody else: dealer A right beside the incident (ranked first, it gets
  // the offer), dealer B some 11 km away. No calendar is touched (24-hour providers), so no SLA cache to forget.
  await server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
  await server.query(`update dealers set capabilities = array_append(capabilities, 'rescue'), rescue_24h = true, lat = $2, lng = $3 where id = $1`, [fixture.dealerA.id, INCIDENT.lat + 0.01, INCIDENT.lng]);
  await server.query(`update dealers set capabilities = array_append(capabilities, 'rescue'), rescue_24h = true, lat = $2, lng = $3 where id = $1`, [fixture.dealerB.id, INCIDENT.lat + 0.1, INCIDENT.lng]);
  [{ name_zh: providerName }] = await server.query<{ name_zh: string }>(`select name_zh from dealers where id = $1`, [fixture.dealerA.id]);
});

describe('roadside rescue followed by the customer', () => {
  it('agent creates it in the form, the provider accepts on a phone, the customer’s page follows live to completion', async () => {
    const steps = Steps.forCurrentTest();
    const { server } = suite.stack;
    const subject = `E2E 救援跟踪 ${randomBytes(3).toString('hex').toUpperCase()}`;
    const agent = await suite.window();
    const provider = await suite.window(PHONE);
    const customer = await suite.window(PHONE);

    // 1. The agent takes the call: a breakdown on the motorway, coordinates typed, nobody hurt.
    await steps.step('the agent fills in the roadside call in the workspace form', agent.page, async () => {
      await signIn(agent.page, 'agent');
      const { page } = agent;
      await page.getByTestId('ticket-type-roadside').click();
      await page.getByTestId('ticket-contact-name').fill('李娜');
      await page.getByTestId('ticket-contact-phone').fill('13912345678');
      await page.getByTestId('ticket-location').fill('杭州绕城高速 K30 往杭州方向');
      await page.getByTestId('ticket-coordinates').fill(`${INCIDENT.lat}, ${INCIDENT.lng}`);
      await page.getByTestId('location-typed').filter({ hasText: String(INCIDENT.lat) }).waitFor();
      await choose(page, 'ticket-roadside-type', '故障抛锚');
      await page.getByTestId('ticket-roadside-injured').getByText('否').click();
      await page.getByTestId('ticket-subject').fill(subject);
      await page.getByTestId('ticket-description').fill('车辆无法启动，停在应急车道，车上两人');
      await page.getByTestId('roadside-preview').waitFor();
      expect(await page.getByTestId('roadside-emergency').count()).toBe(0);
    });
    const ticketNumber = await steps.step('the agent saves it and reads the ticket number out', agent.page, async () => {
      const { page } = agent;
      await page.getByTestId('ticket-submit').click();
      await page.getByTestId('created-ticket').waitFor();
      return (await page.getByTestId('ticket-number').innerText()).trim();
    });
    const [ticket] = await server.query<{ id: string; type: string; priority: string; location: Record<string, unknown>; details: Record<string, unknown> }>(
      `select id, type, priority, location, details from tickets where number = $1`,
      [ticketNumber],
    );
    expect(ticket).toMatchObject({ type: 'roadside', location: { lat: INCIDENT.lat, lng: INCIDENT.lng, source: 'typed' }, details: { roadsideType: 'breakdown', injured: false } });
    expect(ticket.priority).not.toBe('P1');

    await steps.step('the agent opens the ticket: the offer goes to the best-ranked provider', agent.page, async () => {
      await agent.page.getByTestId('created-open').click();
      const panel = agent.page.getByTestId('roadside-panel');
      await agent.page.locator('[data-testid="roadside-panel"][data-status="offering"]').waitFor();
      await expect(panel.getByTestId('roadside-candidate').first().getAttribute('data-rank')).resolves.toBe('1');
      await panel.getByTestId('roadside-offer').first().and(agent.page.locator('[data-status="pending"]')).waitFor();
      await markDocument(agent.page);
    });
    const [offer] = await server.query<{ dealer_id: string; round: number }>(`select dealer_id, round from roadside_offers where ticket_id = $1 order by round`, [ticket.id]);
    expect(offer).toEqual({ dealer_id: fixture.dealerA.id, round: 1 });

    // 2. The provider, on its phone, accepts with an ETA of 25 minutes.
    const card = provider.page.getByTestId('roadside-urgent').getByTestId('roadside-offer-card').filter({ hasText: ticketNumber });
    await steps.step('the provider sees the offer on its phone', provider.page, async () => {
      await signIn(provider.page, fixture.dealerA.username);
      await expect(card.getAttribute('data-status')).resolves.toBe('pending');
      await expect(card.getByTestId('roadside-countdown').innerText()).resolves.toMatch(/剩余/);
      const overflow = await horizontalOverflow(provider.page);
      expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
    });
    await steps.step('the provider accepts with an ETA of 25 minutes', provider.page, async () => {
      await card.getByTestId('roadside-eta').fill('25');
      await card.getByTestId('roadside-accept').click();
      await provider.page.getByTestId('roadside-urgent').getByTestId('roadside-step-en_route').waitFor();
    });
    const [job] = await server.query<{ id: string; status: string; eta_minutes: number; eta_at: Date }>(`select id, status, eta_minutes, eta_at from roadside_jobs where ticket_id = $1`, [ticket.id]);
    expect(job).toMatchObject({ status: 'accepted', eta_minutes: 25 });

    // 3. The customer opens the link the SMS carried (the SMS worker made it at the acceptance, or at the dispatch).
    const [link] = await waitFor(
      async () => {
        const rows = await server.query<{ id: string }>(`select id from tracking_links where ticket_id = $1 order by created_at limit 1`, [ticket.id]);
        return rows.length > 0 ? rows : null;
      },
      'tracking link made',
    );
    const { page } = customer;
    const rescue = page.getByTestId('tracking-rescue');
    await steps.step('the customer’s page, no sign-in: the provider has taken the job, its name and ETA', page, async () => {
      await page.goto(`/t/${trackingTokenOf(link.id)}`);
      await page.locator('[data-testid="tracking-rescue"][data-step="accepted"]').waitFor();
      await page.locator('[data-testid="tracking-live"][data-connected="true"]').waitFor();
      expect(await rescue.getByTestId('tracking-rescue-step').innerText()).toContain('救援服务商已接单');
      expect(await rescue.getByTestId('tracking-rescue-provider').innerText()).toBe(providerName);
      expect(await rescue.getByTestId('tracking-rescue-eta').innerText()).toContain(shownInShanghai(job.eta_at));
      expect(await rescue.getByTestId('tracking-rescue-distance').count()).toBe(0);
      expect(new URL(page.url()).pathname).toBe(`/t/${trackingTokenOf(link.id)}`);
      const text = (await page.locator('body').textContent()) ?? '';
      for (const hidden of ['13912345678', '李娜', subject]) expect(text).not.toContain(hidden);
      const overflow = await horizontalOverflow(page);
      expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
      await markDocument(page);
    });

    // En route with a fresh ETA from the phone, then a position from the provider's dispatch software.
    await steps.step('the provider reports en route, 20 minutes away', provider.page, async () => {
      const urgent = provider.page.getByTestId('roadside-urgent');
      await urgent.getByTestId('roadside-step-eta').fill('20');
      await urgent.getByTestId('roadside-step-en_route').click();
      await urgent.getByTestId('roadside-step-arrived').waitFor();
    });
    const position = { lat: INCIDENT.lat + 0.05, lng: INCIDENT.lng + 0.02 };
    const reported = await providerApi.post(`/api/roadside/jobs/${job.id}/position`, position);
    expect(reported.status).toBe(204);
    const [enRoute] = await server.query<{ eta_at: Date }>(`select eta_at from roadside_jobs where id = $1`, [job.id]);
    await steps.step('the customer sees it live: on the way, the new ETA and the distance left', page, async () => {
      await page.locator('[data-testid="tracking-rescue"][data-step="en_route"]').waitFor();
      const km = (Math.round(distanceKm(position, INCIDENT) * ROAD_FACTOR * 10) / 10).toFixed(1);
      await rescue.getByTestId('tracking-rescue-distance').filter({ hasText: `距您约 ${km} 公里` }).waitFor();
      await rescue.getByTestId('tracking-rescue-eta').filter({ hasText: shownInShanghai(enRoute.eta_at) }).waitFor();
      expect(await rescue.getByTestId('tracking-rescue-step').innerText()).toContain('救援车辆正在赶来');
      expect(await stillSameDocument(page)).toBe(true);
    });

    for (const [step, words] of [['arrived', '救援人员已到达'], ['completed', '救援已完成']] as const) {
      await steps.step(`the provider reports ${step}`, provider.page, async () => {
        const button = provider.page.getByTestId('roadside-urgent').getByTestId(`roadside-step-${step}`);
        await button.click();
        await waitFor(async () => (await server.query<{ status: string }>(`select status from roadside_jobs where id = $1`, [job.id]))[0].status === step, `job ${step}`);
      });
      await steps.step(`the customer sees ${step} live`, page, async () => {
        await page.locator(`[data-testid="tracking-rescue"][data-step="${step}"]`).waitFor();
        expect(await rescue.getByTestId('tracking-rescue-step').innerText()).toContain(words);
        // Once there, neither the ETA nor the distance is shown any more.
        expect(await rescue.getByTestId('tracking-rescue-eta').count()).toBe(0);
        expect(await rescue.getByTestId('tracking-rescue-distance').count()).toBe(0);
        expect(await stillSameDocument(page)).toBe(true);
      });
    }

    await steps.step('the agent’s ticket page followed it too, not reloaded', agent.page, async () => {
      await agent.page.locator('[data-testid="roadside-panel"][data-status="completed"]').waitFor();
      expect(await stillSameDocument(agent.page)).toBe(true);
    });
  });
});
