import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival } from './chi-square-survival.js';

describe('chiSquareSurvival', () => {
  // Critical values from the chi-square table; exact digits from the closed forms
  // (df 1: erfc(√(x/2)); even df: e^(−x/2) Σ (x/2)^i / i!) computed in Python.
  it.each([
    [3.841, 1, 0.05001368376395671],
    [6.635, 1, 0.009999419574042519],
    [9.21, 2, 0.010001702004705479],
    [5.991, 2, 0.05001161502657909],
    [7.815, 3, 0.04999390297488389],
    [30, 4, 4.8944371280292126e-6],
    [16.919, 9, 0.0499996408483498],
    [100, 50, 3.454931382984864e-5],
  ])('P(χ² ≥ %s | df %s) = %s', (x, df, expected) => {
    expect(Math.abs(chiSquareSurvival(x, df) / expected - 1)).toBeLessThan(1e-10);
  });

  it('is 1 at 0 and falls towards 0', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(1e6, 3)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (df, x, dx) => {
        const p = chiSquareSurvival(x, df);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(chiSquareSurvival(x + dx, df)).toBeLessThanOrEqual(p + 1e-14);
      }),
    );
  });

  it('rejects a negative statistic and df ≤ 0', () => {
    expect(() => chiSquareSurvival(-1, 1)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSurvival(Number.NaN, 1)).toThrow(RangeError);
  });
});
