/** How many new keys between two sweeps of expired entries. */
const SWEEP_EVERY = 256;

/**
 * Reference data read on every command (calendars, policies, categories) kept in memory for a few seconds. The
 * promise is kept, so concurrent readers share one load; a failed load is forgotten at once. Each process has its
 * own: an edit made through this process clears it, other processes see the edit within the TTL.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { at: number; value: Promise<V> }>();
  private newKeys = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K, load: () => PromiseLike<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    // Promise.resolve: a query builder is a thenable that runs again at every `then`; a promise runs it once.
    const entry = { at: now, value: Promise.resolve(load()) };
    if (!hit) this.sweep(now);
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  /**
   * Keys nobody asks for again would stay for ever (ids from bad requests, say): every SWEEP_EVERY new keys, the
   * expired entries go, so the cache holds at most the keys of one TTL plus that many.
   */
  private sweep(now: number): void {
    if (++this.newKeys < SWEEP_EVERY) return;
    this.newKeys = 0;
    for (const [key, entry] of this.entries) if (now - entry.at >= this.ttlMs) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
