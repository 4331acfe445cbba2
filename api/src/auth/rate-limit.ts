import { AppError } from '@careline/shared';
import type { Redis } from 'ioredis';

// Beyond this a request must not wait for Redis: it answers SERVICE_UNAVAILABLE instead of hanging.
const REDIS_WAIT_MS = 1000;

/** Runs a Redis call; an unreachable or silent Redis becomes SERVICE_UNAVAILABLE (503) within a second. */
export async function withRedis<T>(call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new AppError('SERVICE_UNAVAILABLE', { dependency: 'redis' })), REDIS_WAIT_MS);
  });
  try {
    return await Promise.race([call(), timeout]);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', { dependency: 'redis' }, `redis: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

// INCR and the window's EXPIRE in one script, so no crash or lost reply can leave a counter without a TTL (which
// would lock an account for ever). Returns the new count and the milliseconds left in the window.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/** Counts one hit in a fixed window shared by every API instance; returns the count so far and the window's rest. */
export async function countHit(redis: Redis, key: string, windowSeconds: number): Promise<{ count: number; retryAfterSeconds: number }> {
  const [count, ttl] = (await withRedis(() => redis.eval(HIT_SCRIPT, 1, key, String(windowSeconds * 1000)))) as [number, number];
  return { count, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
}

// Counts an attempt in every bucket at once (each with its window's TTL) and says whether one went over its limit,
// so parallel attempts cannot all pass a check made before any of them was counted.
const ATTEMPT_SCRIPT = `
local window = tonumber(ARGV[1])
local over = -1
for index, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  end
  if count > tonumber(ARGV[index + 1]) and ttl > over then over = ttl end
end
return over`;

// Gives an attempt back (it succeeded): only failures are meant to stay counted.
const GIVE_BACK_SCRIPT = `
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 1`;

/**
 * Counts one attempt in each bucket before it is tried; when any bucket is over its limit, returns the seconds until
 * that bucket's window ends (else null). Call `giveBack` for an attempt that succeeded.
 */
export async function countAttempt(redis: Redis, buckets: ReadonlyArray<{ key: string; limit: number }>, windowSeconds: number): Promise<number | null> {
  const over = (await withRedis(() =>
    redis.eval(ATTEMPT_SCRIPT, buckets.length, ...buckets.map((bucket) => bucket.key), String(windowSeconds * 1000), ...buckets.map((bucket) => String(bucket.limit))),
  )) as number;
  return over < 0 ? null : Math.max(1, Math.ceil(over / 1000));
}

export async function giveBack(redis: Redis, keys: readonly string[]): Promise<void> {
  await withRedis(() => redis.eval(GIVE_BACK_SCRIPT, keys.length, ...keys));
}

/** RATE_LIMITED (429) with `Retry-After`, set on the response before the error handler writes it. */
export function rateLimited(response: { setHeader(name: string, value: string): unknown }, retryAfterSeconds: number): AppError {
  response.setHeader('Retry-After', String(retryAfterSeconds));
  return new AppError('RATE_LIMITED', { retryAfterSeconds });
}
