import { randomBytes } from 'node:crypto';

/**
 * Once per jest run, before any test process starts: the run's id, which names the seeded databases that test servers
 * copy (test/helpers/test-server.ts). The test processes inherit it; global-teardown.ts removes what it named.
 */
export default function globalSetup(): void {
  process.env.CARELINE_TEST_RUN ??= `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
