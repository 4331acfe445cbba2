import { TtlCache } from '../../shared/src/server/cache/ttl-cache';

describe('TtlCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it('shares one load among readers within the TTL and loads again after it', async () => {
    const cache = new TtlCache<string, number>(5_000, now);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    clock += 4_999;
    expect(await cache.get('a', load)).toBe(1);
    clock += 1;
    expect(await cache.get('a', load)).toBe(2);
    expect(await cache.get('b', load)).toBe(3);
  });

  it('forgets a failed load at once', async () => {
    const cache = new TtlCache<string, number>(5_000, now);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', async () => 7)).toBe(7);
  });

  it('runs a thenable (a query builder) once, however many readers await it', async () => {
    const cache = new TtlCache<string, string>(5_000, now);
    let runs = 0;
    const query = { then: (resolve: (value: string) => void) => resolve(`run ${++runs}`) };
    await cache.get('q', () => query as PromiseLike<string>);
    await cache.get('q', () => query as PromiseLike<string>);
    expect(await cache.get('q', () => query as PromiseLike<string>)).toBe('run 1');
    expect(runs).toBe(1);
  });

  it('loads again after clear', async () => {
    const cache = new TtlCache<string, number>(5_000, now);
    let loads = 0;
    await cache.get('a', async () => ++loads);
    cache.clear();
    expect(await cache.get('a', async () => ++loads)).toBe(2);
  });
});

describe('TtlCache growth', () => {
  it('lets go of expired keys nobody asks for again', async () => {
    let clock = 0;
    const cache = new TtlCache<string, number>(5_000, () => clock);
    for (let index = 0; index < 1000; index += 1) await cache.get(`unknown-${index}`, async () => index);
    expect(cache.size).toBe(1000);
    clock += 5_000;
    for (let index = 0; index < 300; index += 1) await cache.get(`later-${index}`, async () => index);
    // The first 256 new keys after the TTL swept every expired one.
    expect(cache.size).toBeLessThanOrEqual(300);
    expect(await cache.get('later-0', async () => -1)).toBe(0);
  });
});
