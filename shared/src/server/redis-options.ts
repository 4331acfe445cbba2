import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

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

/**
 * Logs a Redis outage once when it begins and once when it ends, instead of every failed reconnect (ioredis prints
 * each one when nobody listens, and BullMQ's queues and workers repeat them).
 */
export function reportRedisOutages(client: Redis, logger: Logger, name: string): void {
  let down = false;
  client.on('error', (error) => {
    if (!down) logger.warn({ err: error, redis: name }, 'redis unreachable; reconnecting');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ redis: name }, 'redis reachable again');
    down = false;
  });
}
