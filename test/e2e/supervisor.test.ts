import { forgetSlaCaches } from '@careline/shared/server';
import type { Browser } from 'playwright-core';
import { dispatchedComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { launchChromium, markDocument, openWindow, signIn, Steps, stillSameDocument, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * The supervisor board in Chromium against the real workers: a missed deadline, recorded by an SLA timer in the
 * workers, arrives in the live feed with its escalation level, without a reload.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
let agentApi: ApiClient;
let supervisor: UserWindow | undefined;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
  // Open around the clock: level 1 comes with the breach at any hour (a test deadline may fall outside office hours).
  await stack.server.query(`update calendars set always_open = true`);
  // Edited by SQL, not through the admin commands that forget the cached calendars: forget them here, or mail
  // may still be held for quiet hours by a calendar cached before (the workers' first jobs read them).
  forgetSlaCaches();
  agentApi = await signedIn(stack.server, 'agent');
});

afterAll(async () => {
  await supervisor?.context.close();
  await browser?.close();
  await stack?.close();
});

describe('supervisor board in the browser', () => {
  it('shows a breach and its escalation arriving live', async () => {
    const steps = Steps.forCurrentTest();
    supervisor = await openWindow(browser, stack.url);
    const page = supervisor.page;

    await steps.step('supervisor opens the board', page, async () => {
      await signIn(page, 'supervisor');
      await page.goto('/supervisor');
      await page.getByTestId('live-feed').waitFor();
      await markDocument(page);
    });

    const ticket = await dispatchedComplaint(agentApi, fixture, fixture.dealerA.id);
    await steps.step('the workers record the missed deadline', page, async () => {
      // The acknowledge deadline passes in a moment; the timer reads the clock's row.
      await stack.server.query(
        `update sla_milestones set warn_at = null, due_at = now() + interval '1 second' where ticket_id = $1 and clock = 'acknowledge'`,
        [ticket.id],
      );
      // The ticket mirrors its nearest deadline (the countdown in the lists reads it).
      await stack.server.query(`update tickets set acknowledge_due_at = now() + interval '1 second' where id = $1`, [ticket.id]);
      await stack.workers.reconcile();
      const item = page.getByTestId('live-feed-item').filter({ hasText: ticket.number }).first();
      await item.waitFor();
      await item.getByTestId('live-feed-level').filter({ hasText: /1/ }).waitFor();
    });

    expect(await stillSameDocument(page)).toBe(true);
    expect(supervisor.pageErrors).toEqual([]);
  });
});
