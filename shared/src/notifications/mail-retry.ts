/**
 * When a mail that could not be sent is tried again, and when careline stops trying. Pure: the database row keeps
 * the outcome (`nextAttemptAt`, or status `failed`), the workers' retry pass acts on it.
 */

export interface MailRetryPolicy {
  /** Delay after the first failed attempt; each further failure doubles it. */
  baseDelayMs: number;
  /** The delay grows no further than this. */
  maxDelayMs: number;
  /** How long after the mail became due careline keeps trying before it shows the mail to admins as failed. */
  windowMs: number;
  /**
   * How long a claimed mail may stay `sending`: a worker that died between its claim and its record of the outcome
   * leaves the row so, and after this another worker sends it again (with the same Message-ID).
   */
  leaseMs: number;
}

/** 30 s, 1 min, 2, 4 … up to 30 min between attempts, for a day, with a two-minute lease on a claim. */
export const DEFAULT_MAIL_RETRY_POLICY: MailRetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 30 * 60_000, windowMs: 24 * 3_600_000, leaseMs: 2 * 60_000 };

/**
 * The wait after the `attempts`-th failed attempt (1 for the first): base · 2^(attempts−1), capped, with ±20 %
 * jitter so that the mail held up by one outage does not come back all at the same instant.
 */
export function mailRetryDelayMs(attempts: number, policy: Pick<MailRetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const delay = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  return Math.round(Math.min(delay * (0.8 + 0.4 * random()), policy.maxDelayMs));
}

export type MailRetryDecision = { status: 'pending'; nextAttemptAt: Date } | { status: 'failed'; nextAttemptAt: null };

/**
 * After a failed attempt at `now`: try again later, or, once the window that began at `windowStart` is over, give
 * up (status `failed`, for an admin to resend). The last attempt falls on the window's end rather than past it.
 */
export function decideMailRetry(options: { attempts: number; windowStart: Date; now: Date; policy: MailRetryPolicy; random?: () => number }): MailRetryDecision {
  const windowEnd = options.windowStart.getTime() + options.policy.windowMs;
  if (options.now.getTime() >= windowEnd) return { status: 'failed', nextAttemptAt: null };
  const next = options.now.getTime() + mailRetryDelayMs(options.attempts, options.policy, options.random);
  return { status: 'pending', nextAttemptAt: new Date(Math.min(next, windowEnd)) };
}
