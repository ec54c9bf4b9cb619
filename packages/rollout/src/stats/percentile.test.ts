import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';

describe('percentile (linear interpolation, type 7)', () => {
  it('matches numpy / Python statistics.quantiles(method="inclusive")', () => {
    const values = [15, 20, 35, 40, 50];
    expect(percentile(values, 40)).toBeCloseTo(29, 12); // h = 1.6: 20 + 0.6 · 15
    expect(percentile(values, 10)).toBeCloseTo(17, 12);
    expect(percentile(values, 90)).toBeCloseTo(46, 12);
  });

  it('p95 of 1..100 is 95.05', () => {
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBeCloseTo(95.05, 12);
  });

  it('p95 of unsorted load times', () => {
    // Sorted: …, 1200, 2500, 3000; h = 9 · 0.95 = 8.55: 2500 + 0.55 · 500.
    expect(percentile([800, 1200, 900, 3000, 1000, 950, 1100, 2500, 1050, 990], 95)).toBeCloseTo(2775, 9);
  });

  it('returns the minimum at 0, the maximum at 100, and the value of a single sample', () => {
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(percentile([7], 95)).toBe(7);
  });

  it('returns null for an empty sample', () => {
    expect(percentile([], 95)).toBeNull();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it('lies between the minimum and maximum and rises with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (values, p, q) => {
          const [low, high] = p <= q ? [p, q] : [q, p];
          const atLow = percentile(values, low) ?? Number.NaN;
          const atHigh = percentile(values, high) ?? Number.NaN;
          expect(atLow).toBeGreaterThanOrEqual(Math.min(...values));
          expect(atHigh).toBeLessThanOrEqual(Math.max(...values));
          expect(atHigh).toBeGreaterThanOrEqual(atLow - 1e-9);
        },
      ),
    );
  });

  it('rejects p outside 0..100 and non-finite values', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
    expect(() => percentile([1, Infinity], 50)).toThrow(RangeError);
  });
});
