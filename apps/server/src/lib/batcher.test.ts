import { describe, expect, it, vi } from 'vitest';
import { createBatcher } from './batcher.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('createBatcher', () => {
  it('sends an idle item at once and groups items that arrive while batches run', async () => {
    const batches: number[][] = [];
    const gates: Array<() => void> = [];
    const batcher = createBatcher<number, string>({
      maxInFlight: 1,
      maxBatch: 10,
      run: async (items) => {
        batches.push(items);
        await new Promise<void>((r) => gates.push(r));
        return items.map((i) => `r${i}`);
      },
    });
    const first = batcher.submit(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((i) => batcher.submit(i));
    await tick();
    expect(batches).toHaveLength(1); // waiting for the one in flight
    gates.shift()?.();
    expect(await first).toBe('r1');
    await vi.waitFor(() => expect(batches[1]).toEqual([2, 3, 4]));
    gates.shift()?.();
    expect(await Promise.all(rest)).toEqual(['r2', 'r3', 'r4']);
  });

  it('caps a batch at maxBatch items', async () => {
    const sizes: number[] = [];
    const batcher = createBatcher<number, number>({ maxInFlight: 1, maxBatch: 3, run: async (items) => (sizes.push(items.length), items) });
    const out = await Promise.all(Array.from({ length: 7 }, (_, i) => batcher.submit(i)));
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const batcher = createBatcher<number, number>({
      maxInFlight: 1,
      maxBatch: 10,
      run: async (items) => {
        if (items.includes(13)) throw new Error('bad item');
        return items.map((i) => i * 2);
      },
    });
    const results = await Promise.allSettled([1, 13, 2].map((i) => batcher.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 2 });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 4 });
  });

  it('rejects when a batch answers the wrong number of results', async () => {
    const batcher = createBatcher<number, number>({ maxInFlight: 2, maxBatch: 10, run: async () => [] });
    await expect(batcher.submit(1)).rejects.toThrow(/returned 0 results/);
  });
});
