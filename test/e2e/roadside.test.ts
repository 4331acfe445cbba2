import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { type Fixtures, fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { closeWindows, horizontalOverflow, launchChromium, markDocument, openWindow, signIn, Steps, stillSameDocument, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * Roadside dispatch in Chromium: the agent's ticket page shows the offer going out; the provider, on a phone, sees the
 * offer with its countdown, accepts with an ETA and reports en route → arrived → completed; the agent's page follows
 * each step live, neither page reloaded.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
let agentApi: ApiClient;
const windows: UserWindow[] = [];
const INCIDENT = { lat: 29.5, lng: 119.5 };

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
  // One rescue provider, dealer A, open around the clock right beside the incident: it gets the offer.
  await stack.server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
  await stack.server.query(
    `update dealers set capabilities = array_append(capabilities, 'rescue'), rescue_24h = true, lat = $2, lng = $3 where id = $1`,
    [fixture.dealerA.id, INCIDENT.lat + 0.01, INCIDENT.lng],
  );
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

afterEach(async () => expect(await closeWindows(windows.splice(0))).toEqual([]));

describe('roadside dispatch in the browser', () => {
  it('the provider accepts on a phone and reports its progress; the agent follows live', async () => {
    const steps = Steps.forCurrentTest();
    const subject = `E2E 高速抛锚 ${randomBytes(3).toString('hex').toUpperCase()}`;
    const created = await agentApi.post('/api/tickets', {
      type: 'roadside', channel: 'phone', contactName: '李娜', contactPhone: '13912345678', subject, description: '车辆无法启动，停在应急车道',
      location: { address: '杭州绕城高速 K30', ...INCIDENT }, roadsideType: 'breakdown', motorway: true, peopleOnBoard: 2, injured: false,
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.ticket.id as string;

    const agent = await window();
    const phone = await window({ viewport: { width: 375, height: 812 }, isMobile: true });
    const panel = agent.page.getByTestId('roadside-panel');

    await steps.step('the agent’s ticket page shows the offer going out to the nearest provider', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await agent.page.goto(`/tickets/${ticketId}`);
      await expect(panel.getAttribute('data-status')).resolves.toBe('offering');
      await expect(panel.getByTestId('roadside-offer').first().getAttribute('data-status')).resolves.toBe('pending');
      await expect(panel.getByTestId('roadside-candidate').first().getAttribute('data-rank')).resolves.toBe('1');
      await markDocument(agent.page);
    });

    const card = phone.page.getByTestId('roadside-urgent').getByTestId('roadside-offer-card').first();
    await steps.step('the provider sees the offer with its countdown on the phone', phone.page, async () => {
      await signIn(phone.page, fixture.dealerA.username);
      await expect(card.getAttribute('data-status')).resolves.toBe('pending');
      await expect(card.getByTestId('roadside-countdown').innerText()).resolves.toMatch(/剩余/);
      const overflow = await horizontalOverflow(phone.page);
      expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
    });

    await steps.step('accepts with an ETA of 25 minutes', phone.page, async () => {
      await card.getByTestId('roadside-eta').fill('25');
      await card.getByTestId('roadside-accept').click();
      await phone.page.getByTestId('roadside-urgent').getByTestId('roadside-step-en_route').waitFor();
    });

    await steps.step('the agent sees the acceptance live', agent.page, async () => {
      await agent.page.locator('[data-testid="roadside-panel"][data-status="accepted"]').waitFor();
      expect(await stillSameDocument(agent.page)).toBe(true);
    });

    const jobStatus = async () => (await stack.server.query<{ status: string }>(`select status from roadside_jobs where ticket_id = $1`, [ticketId]))[0]?.status;
    for (const step of ['en_route', 'arrived', 'completed'] as const) {
      await steps.step(`the provider reports ${step}`, phone.page, async () => {
        const button = phone.page.getByTestId('roadside-urgent').getByTestId(`roadside-step-${step}`);
        await button.click();
        // The list under the button re-renders as live events arrive (the offers, the inbox): under a loaded machine a
        // tap can land while the card moves. The server is the judge: tap again only if it never got the step.
        for (let attempt = 0; attempt < 3 && (await jobStatus()) !== step; attempt += 1) {
          await phone.page.waitForTimeout(3000);
          if ((await jobStatus()) !== step && (await button.isVisible())) await button.click();
        }
        expect(await jobStatus()).toBe(step);
        if (step !== 'completed') {
          const next = step === 'en_route' ? 'arrived' : 'completed';
          await phone.page.getByTestId('roadside-urgent').getByTestId(`roadside-step-${next}`).waitFor();
        }
      });
      await steps.step(`the agent sees ${step} live`, agent.page, async () => {
        await agent.page.locator(`[data-testid="roadside-panel"][data-status="${step}"]`).waitFor();
        expect(await stillSameDocument(agent.page)).toBe(true);
      });
    }
    const [job] = await stack.server.query<{ status: string; eta_minutes: number }>(`select status, eta_minutes from roadside_jobs where ticket_id = $1`, [ticketId]);
    expect(job.status).toBe('completed');
  });

  it('tells the agent live when no provider is left, and the ticket page says it is on the supervisor board', async () => {
    const steps = Steps.forCurrentTest();
    const agent = await window();
    await steps.step('the agent is at the workspace', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await agent.page.getByTestId('ticket-form').waitFor();
    });
    // Nobody can take it: the only provider stops offering rescue for this test.
    await stack.server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue') where id = $1`, [fixture.dealerA.id]);
    try {
      const created = await agentApi.post('/api/tickets', {
        type: 'roadside', channel: 'phone', contactName: '王强', contactPhone: '13812345678', subject: 'E2E 无人接单', description: '深夜高速抛锚',
        location: { address: '杭州绕城高速 K31', ...INCIDENT }, roadsideType: 'breakdown', injured: false,
      });
      expect(created.status).toBe(201);
      await steps.step('a warning arrives live and opens the ticket', agent.page, async () => {
        await agent.page.getByTestId('roadside-unassigned-alert').click();
        await agent.page.waitForURL(`**/tickets/${created.body.ticket.id}`);
        await agent.page.getByTestId('roadside-unassigned').waitFor();
      });
    } finally {
      await stack.server.query(`update dealers set capabilities = array_append(capabilities, 'rescue') where id = $1`, [fixture.dealerA.id]);
    }
  });
});
