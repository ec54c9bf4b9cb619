import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache.js';

describe('createTtlCache', () => {
  it('loads once per key until the entry expires, sharing concurrent misses', async () => {
    let t = 0;
    let loads = 0;
    const cache = createTtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now: () => t });
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    t = 99;
    expect(await cache.get('a', load)).toBe(1);
    t = 100;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('forgets an invalidated key and never keeps a failed load', async () => {
    const cache = createTtlCache<string, number>({ ttlMs: 1_000, maxEntries: 10, now: () => 0 });
    expect(await cache.get('a', async () => 1)).toBe(1);
    cache.invalidate('a');
    expect(await cache.get('a', async () => 2)).toBe(2);
    await expect(cache.get('b', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('b', async () => 3)).toBe(3);
  });

  it('drops the oldest entries beyond maxEntries', async () => {
    const cache = createTtlCache<number, number>({ ttlMs: 1_000, maxEntries: 3, now: () => 0 });
    for (let i = 0; i < 10; i++) await cache.get(i, async () => i);
    expect(cache.size).toBe(3);
    let reloaded = false;
    await cache.get(0, async () => ((reloaded = true), 0));
    expect(reloaded).toBe(true);
  });

  it('keeps the old object when a reload after expiry finds the same value, never after an invalidation', async () => {
    let t = 0;
    const same = (a: { v: number }, b: { v: number }) => a.v === b.v;
    const cache = createTtlCache<string, { v: number }>({ ttlMs: 100, maxEntries: 10, now: () => t, same });
    const first = await cache.get('a', async () => ({ v: 1 }));
    t = 100;
    expect(await cache.get('a', async () => ({ v: 1 }))).toBe(first);
    t = 200;
    const changed = await cache.get('a', async () => ({ v: 2 }));
    expect(changed).toEqual({ v: 2 });
    cache.invalidate('a');
    const reloaded = await cache.get('a', async () => ({ v: 2 }));
    expect(reloaded).toEqual({ v: 2 });
    expect(reloaded).not.toBe(changed);
    t = 300;
    await expect(cache.get('a', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
  });

  it('peeks at loaded, fresh values only', async () => {
    let t = 0;
    const cache = createTtlCache<string, number | undefined>({ ttlMs: 100, maxEntries: 10, now: () => t });
    let finish: (v: number | undefined) => void = () => undefined;
    const pending = cache.get('a', () => new Promise((resolve) => (finish = resolve)));
    expect(cache.peek('a')).toBeUndefined();
    finish(undefined);
    await pending;
    expect(cache.peek('a')).toEqual({ value: undefined });
    t = 100;
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('b')).toBeUndefined();
    await expect(cache.get('c', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(cache.peek('c')).toBeUndefined();
  });
});
