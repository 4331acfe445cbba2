import type { RedisOptions } from 'ioredis';

/**
 * Options for Redis clients that someone waits on: the API's (sign-in limits, readiness), the queue producers' and
 * the live-update publishers'. While Redis is away a command fails at once (no offline queue) or after
 * `commandTimeoutMs` (a Redis that accepts connections but does not answer), instead of waiting in a retry loop; the
 * client keeps reconnecting in the background with a growing delay. BullMQ workers, which only wait for jobs, keep
 * their own connection with `maxRetriesPerRequest: null` (start-workers.ts).
 */
export function failFastRedisOptions(options: { commandTimeoutMs?: number } = {}): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 5000),
  };
}
