import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppContext } from '../context';
import { readCookie } from './auth.middleware';
import { countAttempt, giveBack, rateLimited, withRedis } from './rate-limit';

export const DEVICE_COOKIE = 'careline_device';
const WINDOW_SECONDS = 15 * 60;
// A browser that signed in to an account stays known to it this long (renewed at each sign-in).
const DEVICE_DAYS = 180;

// Remembers the browser for the account (with its expiry) and empties the browser's failure bucket, in one step.
const REMEMBER_SCRIPT = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
return 1`;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Sign-in failures, counted so an attacker is slowed without locking the real user out (OWASP's device cookies):
 * - from a browser not known for the account: per account (any address, so password guessing through many proxies is
 *   slowed) and per address (any account, so spraying one password over many usernames is slowed);
 * - from a browser where this account signed in before (its `careline_device` cookie): in that browser's own bucket,
 *   so an attacker filling the account's bucket does not lock out the person at their usual desk.
 * Only failures count (wrong password or second-factor code): each attempt is counted before it is checked, and a
 * success gives its count back (and empties the browser's bucket).
 */
export class LoginLimits {
  private constructor(
    private readonly context: AppContext,
    private readonly buckets: ReadonlyArray<{ key: string; limit: number }>,
    private readonly deviceBucket: string | null,
  ) {}

  static async of(context: AppContext, request: Request, username: string): Promise<LoginLimits> {
    const prefix = `${context.config.redisPrefix}login:`;
    const account = username.trim().toLowerCase();
    const device = readCookie(request.headers.cookie, DEVICE_COOKIE);
    const known = device && /^[A-Za-z0-9_-]{43}$/.test(device) ? await withRedis(() => context.redis.sismember(`${prefix}device:${sha256(device)}`, account)) : 0;
    if (known) {
      const key = `${prefix}fail:device:${sha256(device!)}:${account}`;
      return new LoginLimits(context, [{ key, limit: context.config.loginFailuresPerAccount }], key);
    }
    return new LoginLimits(
      context,
      [
        { key: `${prefix}fail:account:${account}`, limit: context.config.loginFailuresPerAccount },
        { key: `${prefix}fail:ip:${request.ip ?? 'unknown'}`, limit: context.config.loginFailuresPerIp },
      ],
      null,
    );
  }

  /**
   * Counts this attempt in its buckets before the password or code is checked (so parallel guesses cannot slip past
   * a check), and throws RATE_LIMITED (with Retry-After) when one is over its limit. A success gives it back.
   */
  async attempt(response: Response): Promise<void> {
    const retryAfterSeconds = await countAttempt(this.context.redis, this.buckets, WINDOW_SECONDS);
    if (retryAfterSeconds !== null) throw rateLimited(response, retryAfterSeconds);
  }

  /** Takes back this attempt's count: it was not a wrong guess. */
  async giveBackAttempt(): Promise<void> {
    await giveBack(this.context.redis, this.buckets.map((bucket) => bucket.key));
  }

  /**
   * After the right password: the browser's bucket is emptied, and the browser becomes (or stays) known for the
   * account through a random, HttpOnly device cookie whose hash Redis keeps.
   */
  async recordSuccess(request: Request, response: Response, username: string): Promise<void> {
    const prefix = `${this.context.config.redisPrefix}login:`;
    const account = username.trim().toLowerCase();
    const existing = readCookie(request.headers.cookie, DEVICE_COOKIE);
    const device = existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : randomBytes(32).toString('base64url');
    const key = `${prefix}device:${sha256(device)}`;
    const ttlSeconds = DEVICE_DAYS * 24 * 3600;
    await withRedis(() => this.context.redis.eval(REMEMBER_SCRIPT, 2, key, this.deviceBucket ?? `${prefix}fail:device:${sha256(device)}:${account}`, account, String(ttlSeconds)));
    // Only failures stay counted.
    if (!this.deviceBucket) await this.giveBackAttempt();
    const secure = this.context.config.secureCookies ? '; Secure' : '';
    response.append('Set-Cookie', `${DEVICE_COOKIE}=${device}; Path=/api/auth; HttpOnly; SameSite=Lax; Max-Age=${ttlSeconds}${secure}`);
  }
}
