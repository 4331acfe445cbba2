import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { findOrStartRedis, RedisUnavailableError } from '../../api/src/redis';

const logger = pino({ level: 'silent' });

describe('finding Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'careline-redis-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts its own redis-server in the data folder when nothing answers', async () => {
    const endpoint = await findOrStartRedis({ dataDir, logger, defaultUrl: 'redis://127.0.0.1:1' });
    try {
      expect(endpoint.child).toBeDefined();
      expect(endpoint.url).not.toBe('redis://127.0.0.1:1');
      const { Redis } = await import('ioredis');
      const client = new Redis(endpoint.url);
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'dir')).toEqual(['dir', join(dataDir, 'redis')]);
      client.disconnect();
    } finally {
      await endpoint.stop();
    }
    expect(endpoint.child!.exitCode !== null || endpoint.child!.signalCode !== null).toBe(true);
  });

  it('explains in one paragraph how to get Redis when none can be had', async () => {
    const attempt = findOrStartRedis({ dataDir, logger, defaultUrl: 'redis://127.0.0.1:1', redisServer: 'no-such-redis-server' });
    await expect(attempt).rejects.toThrow(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/apt-get install redis-server.*REDIS_URL/s);
  });
});

