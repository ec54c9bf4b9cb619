export interface TtlCacheOptions<V> {
  ttlMs: number;
  /** Beyond this many entries the oldest are dropped (a flood of random keys cannot grow memory). */
  maxEntries: number;
  now: () => number;
  /**
   * When an expired entry is reloaded and this says the new value is the same as the old one, the
   * old object is kept: work keyed on its identity (answers built from it) stays valid.
   */
  same?: (previous: V, next: V) => boolean;
}

interface Entry<V> {
  value: Promise<V>;
  at: number;
  /** The loaded value, once the load has finished. */
  settled?: { value: V };
}

/**
 * Read-through cache: concurrent misses share one load, a failed load is not kept, and
 * entries live `ttlMs` (the bound on staleness when an invalidation is missed, e.g. one
 * that happened on another node). An invalidated key forgets its value; only a reload after
 * expiry may keep the old object (`same`).
 */
export function createTtlCache<K, V>(options: TtlCacheOptions<V>) {
  const entries = new Map<K, Entry<V>>();
  return {
    get(key: K, load: () => Promise<V>): Promise<V> {
      const t = options.now();
      const hit = entries.get(key);
      if (hit && t - hit.at < options.ttlMs) return hit.value;
      entries.delete(key);
      const same = options.same;
      const previous = hit?.value;
      const loaded = load();
      const value = same && previous ? loaded.then((next) => previous.then((old) => (same(old, next) ? old : next), () => next)) : loaded;
      const entry: Entry<V> = { value, at: t };
      entries.set(key, entry);
      value.then(
        (v) => {
          entry.settled = { value: v };
        },
        () => undefined,
      );
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      return entry.value;
    },
    /** The value for `key` if it is loaded and fresh, without loading (for synchronous fast paths). */
    peek(key: K): { value: V } | undefined {
      const hit = entries.get(key);
      return hit?.settled && options.now() - hit.at < options.ttlMs ? hit.settled : undefined;
    },
    invalidate(key: K): void {
      entries.delete(key);
    },
    get size(): number {
      return entries.size;
    },
  };
}
export type TtlCache<K, V> = ReturnType<typeof createTtlCache<K, V>>;
