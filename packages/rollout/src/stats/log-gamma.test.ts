import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma } from './log-gamma.js';

describe('logGamma', () => {
  // Reference values: Python math.lgamma; ln Γ(1/2) = ln √π, ln Γ(n) = ln (n−1)!.
  it.each([
    [0.1, 2.2527126517342055],
    [0.5, 0.5723649429247004],
    [1, 0],
    [1.5, -0.12078223763524543],
    [2, 0],
    [3.3, 0.9870985778947339],
    [10, 12.801827480081467],
    [100, 359.1342053695754],
    [1000, 5905.220423209181],
  ])('ln Γ(%s) = %s', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 12);
  });

  it('satisfies Γ(x + 1) = x Γ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 150, noNaN: true }), (x) => {
        expect(logGamma(x + 1)).toBeCloseTo(Math.log(x) + logGamma(x), 10);
      }),
    );
  });

  it.each([0, -1, Number.NaN, Infinity])('rejects %s', (x) => {
    expect(() => logGamma(x)).toThrow(RangeError);
  });
});
