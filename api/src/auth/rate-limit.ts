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

/** A bucket that is full: how long until it empties. */
export interface FullBucket {
  key: string;
  retryAfterSeconds: number;
}

// For each bucket its count and the milliseconds left in its window, read in one round trip.
const READ_SCRIPT = `
local result = {}
for index, key in ipairs(KEYS) do
  result[index * 2 - 1] = tonumber(redis.call('GET', key) or '0')
  result[index * 2] = redis.call('PTTL', key)
end
return result`;

/** The first of `buckets` that reached its limit, or null. Reads only: counting is left to `countHit`. */
export async function fullBucket(redis: Redis, buckets: ReadonlyArray<{ key: string; limit: number }>): Promise<FullBucket | null> {
  if (buckets.length === 0) return null;
  const replies = (await withRedis(() => redis.eval(READ_SCRIPT, buckets.length, ...buckets.map((bucket) => bucket.key)))) as number[];
  for (const [index, bucket] of buckets.entries()) {
    const count = Number(replies[index * 2] ?? 0);
    const ttl = Number(replies[index * 2 + 1] ?? -2);
    if (count >= bucket.limit) return { key: bucket.key, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }
  return null;
}

/** RATE_LIMITED (429) with `Retry-After`, set on the response before the error handler writes it. */
export function rateLimited(response: { setHeader(name: string, value: string): unknown }, retryAfterSeconds: number): AppError {
  response.setHeader('Retry-After', String(retryAfterSeconds));
  return new AppError('RATE_LIMITED', { retryAfterSeconds });
}
