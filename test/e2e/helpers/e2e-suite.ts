import type { Browser } from 'playwright-core';
import { closeWindows, launchChromium, openWindow, type UserWindow } from './browser';
import { type E2eStack, startE2eStack } from './e2e-stack';

export interface E2eSuite {
  /** The file's stack and browser (set once `beforeAll` has run). */
  readonly stack: E2eStack;
  readonly browser: Browser;
  /** A new user window (own cookies; a phone's viewport if asked), closed after the test. */
  window(options?: Parameters<typeof openWindow>[2]): Promise<UserWindow>;
}

/**
 * The frame of a browser test file: one stack and one Chromium for the file, closed after it; the windows a test
 * opens closed after that test, which fails if any of their pages threw an uncaught exception.
 */
export function e2eSuite(): E2eSuite {
  let stack: E2eStack | undefined;
  let browser: Browser | undefined;
  const windows: UserWindow[] = [];
  beforeAll(async () => {
    stack = await startE2eStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(async () => expect(await closeWindows(windows)).toEqual([]));
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the e2e suite has not started (used outside a test?)');
    return value;
  };
  return {
    get stack() {
      return started(stack);
    },
    get browser() {
      return started(browser);
    },
    async window(options) {
      const opened = await openWindow(started(browser), started(stack).url, options);
      windows.push(opened);
      return opened;
    },
  };
}
