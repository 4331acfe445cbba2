import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { Redis } from 'ioredis';
import { failFastRedisOptions, reportRedisOutages } from '@careline/shared/server';
import type { Logger } from 'pino';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

export class RedisUnavailableError extends Error {}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisEndpoint {
  url: string;
  /** Set when careline started its own redis-server. */
  child?: ChildProcess;
  /** Stops the redis-server careline started (it saves its data first); does nothing for an external Redis. */
  stop(): Promise<void>;
}

/** SIGTERM lets Redis save and exit; one that cannot save refuses to exit, so it is killed after a grace period. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const external = (url: string): RedisEndpoint => ({ url, stop: async () => undefined });

/**
 * Finds Redis: REDIS_URL, else 127.0.0.1:6379, else a redis-server it starts itself in `${dataDir}/redis` on a free
 * port. When none can be had, throws with a paragraph saying how to get one.
 */
export async function findOrStartRedis(options: {
  url?: string;
  dataDir: string;
  logger: Logger;
  /** Where to look before starting one (tests point it at a closed port). */
  defaultUrl?: string;
  /** The redis-server executable (tests give one that does not exist). */
  redisServer?: string;
}): Promise<RedisEndpoint> {
  const defaultUrl = options.defaultUrl ?? DEFAULT_URL;
  const executable = options.redisServer ?? 'redis-server';
  if (options.url) {
    if (await answers(options.url)) return external(options.url);
    throw new RedisUnavailableError(`REDIS_URL is set to ${options.url}, but nothing answers there. Start that Redis, or unset REDIS_URL to let careline find or start one.`);
  }
  if (await answers(defaultUrl)) return external(defaultUrl);
  const found = spawnSync(executable, ['--version'], { encoding: 'utf8' });
  if (found.error) {
    throw new RedisUnavailableError(
      `careline needs Redis (for jobs, timers and live updates) and found none: nothing answers at ${defaultUrl} and ` +
        'there is no redis-server on the PATH to start. Install one (Debian/Ubuntu: `sudo apt-get install redis-server`; ' +
        'macOS: `brew install redis`), or run `docker run -p 6379:6379 redis:7`, or point REDIS_URL at a Redis you have, ' +
        'then run `npm start` again.',
    );
  }
  const directory = `${options.dataDir}/redis`;
  mkdirSync(directory, { recursive: true });
  const port = await freePort();
  const child = spawn(executable, ['--port', String(port), '--bind', '127.0.0.1', '--dir', directory, '--save', '60 1', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await answers(url)) {
      options.logger.info({ url, directory }, 'started a local redis-server');
      return { url, child, stop: () => stopChild(child) };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopChild(child);
  throw new RedisUnavailableError(`careline started redis-server in ${directory}, but it did not answer on port ${port}.`);
}

/**
 * The API's Redis client, connected. It never makes a request wait for Redis: while Redis is away its commands fail at
 * once (or after a second, if Redis accepts connections but does not answer), and it reconnects in the background.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const client = new Redis(url, { ...failFastRedisOptions(), lazyConnect: true });
  reportRedisOutages(client, logger, 'api');
  await client.connect();
  return client;
}
