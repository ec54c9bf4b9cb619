import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from './keyed-queue.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('createKeyedQueue', () => {
  it('runs tasks with one key one at a time, in order, and other keys alongside', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        gates.set(name, () => {
          log.push(`end ${name}`);
          resolve(name);
        });
      });
    const waited: boolean[] = [];
    const a1 = queue.run('a', (w) => (waited.push(w), task('a1')()));
    const a2 = queue.run('a', (w) => (waited.push(w), task('a2')()));
    const b1 = queue.run('b', task('b1'));
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    gates.get('a1')?.();
    expect(await a1).toBe('a1');
    await tick();
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    gates.get('a2')?.();
    gates.get('b1')?.();
    expect(await Promise.all([a2, b1])).toEqual(['a2', 'b1']);
    expect(waited).toEqual([false, true]);
  });

  it('goes on after a failed task and forgets keys with nothing queued', async () => {
    const queue = createKeyedQueue();
    const failed = queue.run('k', () => {
      throw new Error('boom'); // thrown, not rejected: still a rejection of its own task only
    });
    const next = queue.run('k', () => Promise.resolve(2));
    expect(queue.size).toBe(1);
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe(2);
    await tick();
    expect(queue.size).toBe(0);
  });
});
