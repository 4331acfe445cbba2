import { forgetSlaCaches } from '@careline/shared/server';
import type { Browser } from 'playwright-core';
import { dispatchedComplaint, fixtures, type Fixtures } from '../helpers/factories';
import { signedIn } from '../helpers/test-server';
import { launchChromium, openWindow, signIn, Steps, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/**
 * An admin resends a mail that was given up on, from the failed-notifications page: the page shows its attempts and
 * last error, the resend goes out (with the notification's own Message-ID) and the row leaves the list.
 */
let stack: E2eStack;
let browser: Browser;
let fixture: Fixtures;
let admin: UserWindow | undefined;

beforeAll(async () => {
  stack = await startE2eStack();
  browser = await launchChromium();
  fixture = await fixtures(stack.server);
  await stack.server.query(`update calendars set always_open = true`);
  // Edited by SQL, not through the admin commands that forget the cached calendars: forget them here, or mail
  // may still be held for quiet hours by a calendar cached before (the workers' first jobs read them).
  forgetSlaCaches();
});

afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await stack?.close();
});

describe('failed mail in the console', () => {
  it('shows a failed mail with its attempts and error, and resends it', async () => {
    const steps = Steps.forCurrentTest();
    const address = 'gone@dealer-a.example.cn';
    stack.smtp.refused.add(address);
    await stack.server.query(`update dealers set notification_emails = array[$1] where id = $2`, [address, fixture.dealerA.id]);
    const ticket = await dispatchedComplaint(await signedIn(stack.server, 'agent'), fixture, fixture.dealerA.id);
    let notificationId = '';
    const deadline = Date.now() + 20_000;
    while (!notificationId && Date.now() < deadline) {
      const [row] = await stack.server.query<{ id: string }>(`select id from notifications where ticket_id = $1 and recipient = $2 and last_error is not null`, [ticket.id, address]);
      notificationId = row?.id ?? '';
      if (!notificationId) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(notificationId).not.toBe('');
    // Its retry window over (the schedule itself is covered by the integration tests): given up, for an admin.
    await stack.server.query(`update notifications set status = 'failed', next_attempt_at = null, attempts = 17 where id = $1`, [notificationId]);

    admin = await openWindow(browser, stack.url);
    const page = admin.page;
    const row = page.getByTestId('failed-notifications').locator(`tr[data-row-key="${notificationId}"]`);
    await steps.step('admin sees the failed mail with its attempts and error', page, async () => {
      await signIn(page, 'admin');
      await page.goto('/admin/notifications');
      await row.waitFor();
      const text = await row.innerText();
      expect(text).toContain(address);
      expect(text).toContain('17');
      expect(text).toContain('mailbox unavailable');
    });

    await steps.step('the resend goes out and the row leaves the list', page, async () => {
      stack.smtp.refused.delete(address);
      await row.getByTestId('notification-resend').click();
      await row.waitFor({ state: 'detached' });
      // The workers' retry pass runs every 30 s here.
      const mail = await stack.smtp.waitFor((candidate) => (candidate.to as { text: string }).text.includes(address), 45_000);
      expect(mail.messageId).toBe(`<${notificationId}@careline.notifications>`);
      expect(mail.subject).toContain(ticket.number);
    });
    expect(admin.pageErrors).toEqual([]);
  }, 120_000);
});
