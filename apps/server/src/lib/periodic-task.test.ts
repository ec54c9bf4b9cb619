import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPeriodicTask } from './periodic-task.js';

describe('createPeriodicTask', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs after the first delay, then one interval after each run ends, never two at once', async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    let active = 0;
    let maxActive = 0;
    const task = createPeriodicTask(
      async () => {
        starts.push(Date.now());
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 250)); // a run longer than the interval
        active--;
      },
      { intervalMs: 100, firstDelayMs: 10, onError: () => undefined },
    );
    const t0 = Date.now();
    task.start();
    task.start(); // a second start changes nothing
    await vi.advanceTimersByTimeAsync(1_000);
    await task.stop();
    expect(starts.map((t) => t - t0)).toEqual([10, 360, 710]);
    expect(maxActive).toBe(1);
  });

  it('reports a failed run and still runs the next one', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let runs = 0;
    const task = createPeriodicTask(
      async () => {
        runs++;
        if (runs === 1) throw new Error('boom');
      },
      { intervalMs: 100, onError: (err) => errors.push(err) },
    );
    task.start();
    await vi.advanceTimersByTimeAsync(250);
    await task.stop();
    expect(runs).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('stop waits for the run in progress and no run follows it', async () => {
    vi.useFakeTimers();
    let finished = 0;
    let runs = 0;
    const task = createPeriodicTask(
      async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 50));
        finished++;
      },
      { intervalMs: 100, onError: () => undefined },
    );
    task.start();
    await vi.advanceTimersByTimeAsync(110); // the first run is in progress
    const stopped = task.stop();
    await vi.advanceTimersByTimeAsync(50);
    await stopped;
    expect(finished).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(1);
  });
});
