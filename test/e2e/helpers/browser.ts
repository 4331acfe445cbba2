import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@careline/shared/server';

/** Debian's chromium (apt-get install chromium), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Generous: two cores shared with the rest of the suite. Waits end as soon as their condition holds. */
export const UI_TIMEOUT_MS = 30_000;

const RESULTS_DIR = resolve(__dirname, '../../../test-results/e2e');

/** One browser per test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface UserWindow {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page: a test ends by expecting none. */
  pageErrors: string[];
}

/** A browser context per user (own cookies, own localStorage), Chinese and in China's time zone by default. */
export async function openWindow(
  browser: Browser,
  baseUrl: string,
  options: {
    viewport?: { width: number; height: number };
    isMobile?: boolean;
    /** Where the browser says it is, and the permissions granted up front (e.g. `['geolocation']`). */
    geolocation?: { latitude: number; longitude: number };
    permissions?: string[];
  } = {},
): Promise<UserWindow> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? { width: 1366, height: 768 },
    isMobile: options.isMobile,
    hasTouch: options.isMobile,
    geolocation: options.geolocation,
    permissions: options.permissions,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

/** Signs in through the sign-in page and waits for the live connection in the header. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('realtime-status').and(page.locator('[data-connected="true"]')).waitFor();
}

/** Marks the document; `stillSameDocument` is false once the page has reloaded or navigated away for real. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __careline_e2e_mark: boolean }).__careline_e2e_mark = true;
  });
}
export async function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __careline_e2e_mark?: boolean }).__careline_e2e_mark === true);
}

/** Whether the page scrolls sideways (its content wider than the viewport). */
export async function horizontalOverflow(page: Page): Promise<{ viewport: number; document: number; body: number }> {
  return page.evaluate(() => ({
    viewport: window.innerWidth,
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
  }));
}

function slug(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/**
 * The steps of one test, each followed by a screenshot of the page that shows its outcome:
 * test-results/e2e/<test name>/NN-<step>.png (CI keeps them as artifacts). A failing step is shot too, as
 * NN-<step>-failed.png, before its error is rethrown.
 */
export class Steps {
  private count = 0;
  readonly dir: string;

  constructor(testName: string) {
    this.dir = join(RESULTS_DIR, slug(testName));
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  static forCurrentTest(): Steps {
    return new Steps(expect.getState().currentTestName ?? 'unnamed');
  }

  async step<T>(name: string, page: Page, action: () => Promise<T>): Promise<T> {
    this.count += 1;
    const file = `${String(this.count).padStart(2, '0')}-${slug(name)}`;
    try {
      const result = await action();
      await page.screenshot({ path: join(this.dir, `${file}.png`), fullPage: false });
      return result;
    } catch (error) {
      await page.screenshot({ path: join(this.dir, `${file}-failed.png`), fullPage: false }).catch(() => undefined);
      throw error;
    }
  }
}

/** Picks an option of an antd Select by its title (the options carry one), typing `search` first when given. */
export async function choose(page: Page, testId: string, title: string, search?: string): Promise<void> {
  await page.getByTestId(testId).click();
  if (search) await page.getByTestId(testId).locator('input').fill(search);
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`).click();
}

/**
 * An antd modal once its opening zoom has finished (rc-motion drops its ant-zoom-* classes then). A click during the
 * animation can be lost on a loaded machine, so a test that clicks inside a fresh modal waits for this first.
 */
export function settledModal(page: Page): Locator {
  return page.locator('.ant-modal:not([class*="ant-zoom-"])');
}

/** An antd dropdown once its opening slide has finished (as `settledModal`: a click while it moves can be lost). */
export function settledDropdown(page: Page): Locator {
  return page.locator('.ant-dropdown:not(.ant-dropdown-hidden):not([class*="ant-slide-"])');
}

/** Closes a test's windows and returns the uncaught page errors they saw (a test expects none). */
export async function closeWindows(windows: UserWindow[]): Promise<unknown[]> {
  const errors = windows.flatMap((opened) => opened.pageErrors);
  for (const opened of windows.splice(0)) await opened.context.close();
  return errors;
}
