import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regularizedGammaP, regularizedGammaQ } from './regularized-gamma.js';

describe('regularized incomplete gamma', () => {
  // Closed forms for integer a: Q(n, x) = e^(−x) Σ_{i<n} x^i / i!; and P(1/2, x²) = erf(x).
  it.each([
    [1, 1, 0.6321205588285577],
    [1, 3, 1 - 0.049787068367863944],
    [2, 1, 1 - 0.7357588823428847],
    [2, 5, 1 - 0.0404276819945128],
    [3, 2, 1 - 0.6766764161830635],
    [0.5, 0.25, 0.5204998778130465],
  ])('P(%s, %s) = %s', (a, x, expected) => {
    expect(regularizedGammaP(a, x)).toBeCloseTo(expected, 14);
    expect(regularizedGammaQ(a, x)).toBeCloseTo(1 - expected, 14);
  });

  it('keeps relative accuracy in the far upper tail', () => {
    const expected = 7.121750862815577e-6; // Q(10, 30)
    expect(Math.abs(regularizedGammaQ(10, 30) / expected - 1)).toBeLessThan(1e-12);
  });

  it('converges for a large shape near its mean', () => {
    expect(regularizedGammaQ(50, 40)).toBeCloseTo(0.9296649333406052, 13);
  });

  it('has the limits P(a, 0) = 0 and P(a, ∞) = 1', () => {
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaP(3, Infinity)).toBe(1);
    expect(regularizedGammaQ(3, Infinity)).toBe(0);
  });

  it('stays in [0, 1], with P + Q = 1 and P rising in x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (a, x, dx) => {
          const p = regularizedGammaP(a, x);
          const q = regularizedGammaQ(a, x);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(p + q).toBeCloseTo(1, 12);
          expect(regularizedGammaP(a, x + dx)).toBeGreaterThanOrEqual(p - 1e-14);
        },
      ),
    );
  });

  it('rejects a shape ≤ 0, a negative x and NaN', () => {
    expect(() => regularizedGammaP(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(Number.NaN, 1)).toThrow(RangeError);
    expect(() => regularizedGammaP(1, Number.NaN)).toThrow(RangeError);
  });
});
