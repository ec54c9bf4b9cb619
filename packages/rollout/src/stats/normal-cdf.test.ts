import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Z_95, normalCdf, normalSurvival } from './normal-cdf.js';

describe('normalCdf', () => {
  // Textbook table values; the digits are from Python 0.5·math.erfc(−x/√2).
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517795],
    [-1.96, 0.024997895148220435],
    [2.5758293035489, 0.995],
    [-3, 0.0013498980316300957],
    [5, 0.9999997133484281],
  ])('Φ(%s) = %s', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 13);
  });

  it('keeps relative accuracy deep in the tails', () => {
    expect(Math.abs(normalCdf(-8) / 6.220960574271819e-16 - 1)).toBeLessThan(1e-10);
    expect(Math.abs(normalSurvival(5) / 2.866515718791946e-7 - 1)).toBeLessThan(1e-10);
  });

  it('is symmetric, monotonic and in [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (x, dx) => {
        const value = normalCdf(x);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
        expect(value + normalCdf(-x)).toBeCloseTo(1, 14);
        expect(normalSurvival(x)).toBeCloseTo(1 - value, 14);
        expect(normalCdf(x + dx)).toBeGreaterThanOrEqual(value);
      }),
    );
  });

  it('has Z_95 as its 97.5 % point', () => {
    expect(normalCdf(Z_95)).toBeCloseTo(0.975, 15);
  });
});
