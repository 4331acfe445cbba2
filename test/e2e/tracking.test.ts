import { trackingTokenOf } from '@careline/shared/server';
import { dispatchedComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { waitFor } from '../helpers/wait-for';
import { horizontalOverflow, markDocument, Steps, stillSameDocument } from './helpers/browser';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * The customer's tracking page in Chromium on a phone (375 px, no sign-in): it opens from the SMS link, shows the
 * status in Chinese, follows the dealer's acknowledgement live without a reload, switches to English, and refuses a
 * link that is not one.
 */
const suite = e2eSuite();
let fixture: Fixtures;
let agentApi: ApiClient;
let dealerApi: ApiClient;

beforeAll(async () => {
  fixture = await fixtures(suite.stack.server);
  agentApi = await signedIn(suite.stack.server, 'agent');
  dealerApi = await signedIn(suite.stack.server, fixture.dealerA.username);
});

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true };

describe('tracking page on a phone', () => {
  it('follows the ticket live with no sign-in: dispatched, then acknowledged by the dealer', async () => {
    const steps = Steps.forCurrentTest();
    const ticket = await dispatchedComplaint(agentApi, fixture, fixture.dealerA.id, { subject: 'E2E 跟踪页 空调不制冷' });
    // The SMS worker made the link (its token is what the SMS carried: tracking.test.ts reads it from the message).
    const [link] = await waitFor(
      async () => {
        const rows = await suite.stack.server.query<{ id: string }>(`select id from tracking_links where ticket_id = $1`, [ticket.id]);
        return rows.length > 0 ? rows : null;
      },
      'tracking link made',
    );
    const token = trackingTokenOf(link.id);
    const customer = await suite.window(PHONE);
    const { page } = customer;

    await steps.step('the customer opens the link: passed to the dealer, the next step and its promised time', page, async () => {
      await page.goto(`/t/${token}`);
      await page.locator('[data-testid="tracking-status"][data-stage="assigned"]').waitFor();
      expect(await page.getByTestId('tracking-number').textContent()).toBe(ticket.number);
      expect(await page.getByTestId('tracking-status').textContent()).toContain('已转交给您的经销商');
      expect(await page.locator('[data-testid="tracking-next-step"]').getAttribute('data-step')).toBe('dealer_confirms');
      await page.getByTestId('tracking-promised').waitFor();
      expect(await page.locator('[data-testid="tracking-event"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-kind')))).toEqual(['dispatched', 'created']);
      await page.locator('[data-testid="tracking-live"][data-connected="true"]').waitFor();
      const overflow = await horizontalOverflow(page);
      expect(overflow.document).toBeLessThanOrEqual(overflow.viewport);
      const text = (await page.locator('body').textContent()) ?? '';
      for (const hidden of [fixture.customer.phone, fixture.customer.name, ticket.subject]) expect(text).not.toContain(hidden);
      // No sign-in happened: the page asked nothing of the session.
      expect(new URL(page.url()).pathname).toBe(`/t/${token}`);
    });

    await steps.step('the dealer acknowledges: the page shows it without a reload', page, async () => {
      await markDocument(page);
      const acknowledged = await dealerApi.post(`/api/tickets/${ticket.id}/acknowledge`, { version: ticket.version });
      expect(acknowledged.status).toBe(200);
      await page.locator('[data-testid="tracking-status"][data-stage="in_progress"]').waitFor();
      await page.locator('[data-testid="tracking-event"][data-kind="acknowledged"]').waitFor();
      expect(await page.locator('[data-testid="tracking-next-step"]').getAttribute('data-step')).toBe('dealer_contacts_you');
      expect(await stillSameDocument(page)).toBe(true);
    });

    await steps.step('in English on request', page, async () => {
      await page.getByTestId('language-switch').getByText('EN').click();
      await page.getByTestId('tracking-status').getByText('Your dealer is working on it').waitFor();
      await page.getByText('Next step').waitFor();
    });
  });

  it('a link that is not one says so, the same for any wrong token', async () => {
    const steps = Steps.forCurrentTest();
    const { page } = await suite.window(PHONE);
    await steps.step('an unknown token', page, async () => {
      await page.goto('/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      await page.locator('[data-testid="tracking-problem"][data-code="TRACKING_LINK_NOT_FOUND"]').waitFor();
      expect(await page.getByTestId('tracking-problem').textContent()).toContain('该跟踪链接无效或已过期');
    });
  });
});
