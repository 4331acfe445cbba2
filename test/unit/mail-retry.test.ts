import fc from 'fast-check';
import { DEFAULT_MAIL_RETRY_POLICY, decideMailRetry, mailRetryDelayMs } from '../../shared/src/notifications/mail-retry';

const policy = DEFAULT_MAIL_RETRY_POLICY;

describe('mail retry schedule', () => {
  it('starts at the base delay and doubles: 30 s, 1 min, 2, 4 … (without jitter)', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5].map((attempts) => mailRetryDelayMs(attempts, policy, middle))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });

  it('never exceeds the cap, and keeps within ±20 % of its step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempts, random) => {
        const delay = mailRetryDelayMs(attempts, policy, () => random);
        const step = Math.min(policy.baseDelayMs * 2 ** Math.min(attempts - 1, 30), policy.maxDelayMs);
        expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(step * 0.8));
        expect(delay).toBeLessThanOrEqual(Math.ceil(step * 1.2));
      }),
    );
  });

  it('grows with every attempt until the cap, whatever the jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempts, first, second) => {
        expect(mailRetryDelayMs(attempts + 1, policy, () => second)).toBeGreaterThan(mailRetryDelayMs(attempts, policy, () => first));
      }),
    );
  });

  it('schedules the next attempt inside the window, the last one on its end, and fails after it', () => {
    const windowStart = new Date('2026-12-01T00:00:00Z');
    const early = decideMailRetry({ attempts: 1, windowStart, now: new Date('2026-12-01T00:01:00Z'), policy, random: () => 0.5 });
    expect(early).toEqual({ status: 'pending', nextAttemptAt: new Date('2026-12-01T00:01:30Z') });
    const late = decideMailRetry({ attempts: 40, windowStart, now: new Date('2026-12-01T23:50:00Z'), policy, random: () => 0.5 });
    expect(late).toEqual({ status: 'pending', nextAttemptAt: new Date('2026-12-02T00:00:00Z') });
    expect(decideMailRetry({ attempts: 41, windowStart, now: new Date('2026-12-02T00:00:00Z'), policy })).toEqual({ status: 'failed', nextAttemptAt: null });
  });
});
