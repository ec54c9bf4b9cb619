import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  it('doubles from the base with each attempt', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 10_000, top))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
  });

  it('takes off at most half as jitter', () => {
    expect(retryDelayMs(3, 1_000, () => 0)).toBe(2_000);
    expect(retryDelayMs(3, 1_000, () => 0.5)).toBe(3_000);
    for (let i = 0; i < 100; i++) {
      const d = retryDelayMs(2, 1_000);
      expect(d).toBeGreaterThanOrEqual(1_000);
      expect(d).toBeLessThanOrEqual(2_000);
    }
  });

  it('never waits more than an hour', () => {
    expect(retryDelayMs(30, 10_000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(1_000, 10_000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });
});
