import { DEMO_PASSWORD } from '@careline/shared/server';
import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWindow, settledDropdown, type UserWindow } from './helpers/browser';
import { type E2eStack, startE2eStack } from './helpers/e2e-stack';

/** Two-factor sign-in in Chromium: enrolment forced by the role, then a sign-in with a code; a wrong code refused. */
let stack: E2eStack;
let browser: Browser;
const windows: UserWindow[] = [];

beforeAll(async () => {
  stack = await startE2eStack();
  // Supervisors must use TOTP in this stack (routes read the setting per request).
  stack.server.context.config.mfaRequiredRoles = ['supervisor'];
  browser = await launchChromium();
});

afterAll(async () => {
  for (const window of windows) await window.context.close();
  await browser?.close();
  await stack?.close();
});

async function passwordStep(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('sign-in-username').fill('supervisor');
  await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
}

const connected = (page: Page) => page.getByTestId('realtime-status').and(page.locator('[data-connected="true"]')).waitFor();

describe('two-factor sign-in in the browser', () => {
  it('enrols through the page, then signs in with a code; a wrong code is refused', async () => {
    const first = await openWindow(browser, stack.url);
    windows.push(first);
    await passwordStep(first.page);
    await first.page.waitForURL('**/mfa/enrol');
    await first.page.getByTestId('mfa-qr').waitFor();
    const secret = (await first.page.getByTestId('mfa-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await first.page.getByTestId('mfa-enrol-code').fill(generateSync({ secret }));
    await first.page.getByTestId('mfa-enrol-submit').click();
    const codes = await first.page.getByTestId('mfa-recovery-codes').innerText();
    expect(codes.split(/\s+/).filter(Boolean)).toHaveLength(10);
    await first.page.getByTestId('mfa-recovery-saved').click();
    await connected(first.page);
    // My account shows it on, with the ten recovery codes left; the supervisor's role may not turn it off.
    await first.page.getByTestId('user-menu').click();
    await settledDropdown(first.page).getByText('我的账户').click();
    await first.page.waitForURL('**/account');
    const state = first.page.getByTestId('account-mfa-state');
    await state.waitFor();
    expect(await state.innerText()).toContain('10');
    expect(await first.page.getByTestId('account-mfa-disable').count()).toBe(0);

    // Another browser: password, then the code step.
    const second = await openWindow(browser, stack.url);
    windows.push(second);
    await passwordStep(second.page);
    await second.page.getByTestId('mfa-code').waitFor();
    const now = Math.floor(Date.now() / 1000);
    const valid = new Set([-60, -30, 0, 30, 60].map((offset) => generateSync({ secret, epoch: now + offset })));
    let wrong = 100000;
    while (valid.has(String(wrong))) wrong += 1;
    await second.page.getByTestId('mfa-code').fill(String(wrong));
    await second.page.getByTestId('mfa-submit').click();
    await second.page.getByTestId('mfa-error').waitFor();
    // The next step's code: later than the one enrolment used, so not a replay.
    await second.page.getByTestId('mfa-code').fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await second.page.getByTestId('mfa-submit').click();
    await connected(second.page);
    expect(second.pageErrors).toEqual([]);
  });
});
