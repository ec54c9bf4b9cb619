import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from './two-proportion-z-test.js';

describe('twoProportionZTest', () => {
  it('200/1000 vs 250/1000: z ≈ −2.68, two-sided p ≈ 0.0074', () => {
    // Pooled p = 0.225, SE = √(0.225·0.775·(2/1000)) = 0.018675, z = −0.05/0.018675.
    const test = twoProportionZTest(200, 1000, 250, 1000);
    expect(test.pooledRate).toBeCloseTo(0.225, 15);
    expect(test.standardError).toBeCloseTo(0.018674849, 8);
    expect(test.z).toBeCloseTo(-2.677397763008329, 12);
    expect(test.pValueTwoSided).toBeCloseTo(0.007419649261025693, 12);
    expect(test.pValueLess).toBeCloseTo(0.0037098246305128464, 12);
    expect(test.pValueGreater).toBeCloseTo(0.9962901753694872, 12);
  });

  it('3.0 % (30/1,000) vs 1.0 % (100/10,000): z ≈ 5.58, one-sided p ≈ 1.2e-8', () => {
    const test = twoProportionZTest(30, 1000, 100, 10_000);
    expect(test.z).toBeCloseTo(5.580073122264577, 12);
    expect(test.pValueGreater / 1.2020874619048605e-8).toBeCloseTo(1, 9);
  });

  it('is antisymmetric in its two groups', () => {
    const forward = twoProportionZTest(14, 200, 50, 1000);
    const backward = twoProportionZTest(50, 1000, 14, 200);
    expect(forward.z).toBeCloseTo(1.1490963994423045, 12);
    expect(backward.z).toBeCloseTo(-forward.z, 14);
    expect(backward.pValueLess).toBeCloseTo(forward.pValueGreater, 14);
  });

  it.each([
    ['an empty first group', 0, 0, 5, 100],
    ['an empty second group', 5, 100, 0, 0],
    ['both groups empty', 0, 0, 0, 0],
    ['no successes at all (pooled rate 0)', 0, 500, 0, 800],
    ['only successes (pooled rate 1)', 500, 500, 800, 800],
  ])('gives z = 0 and every p-value 1 with %s', (_label, x1, n1, x2, n2) => {
    const test = twoProportionZTest(x1, n1, x2, n2);
    expect(test).toMatchObject({ z: 0, standardError: 0, pValueTwoSided: 1, pValueGreater: 1, pValueLess: 1 });
    expect(Number.isNaN(test.pooledRate)).toBe(false);
  });

  it('never returns NaN and keeps p-values in [0, 1]', () => {
    const group = fc.nat({ max: 1_000_000 }).chain((n) => fc.tuple(fc.nat({ max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const test = twoProportionZTest(x1, n1, x2, n2);
        for (const value of Object.values(test)) expect(Number.isFinite(value)).toBe(true);
        for (const p of [test.pValueTwoSided, test.pValueGreater, test.pValueLess]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        expect(test.pValueTwoSided).toBeCloseTo(Math.min(1, 2 * Math.min(test.pValueGreater, test.pValueLess)), 12);
      }),
    );
  });

  it('rejects negative counts, successes above trials and NaN', () => {
    expect(() => twoProportionZTest(-1, 10, 1, 10)).toThrow(RangeError);
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow(RangeError);
    expect(() => twoProportionZTest(1, 10, Number.NaN, 10)).toThrow(RangeError);
    expect(() => twoProportionZTest(1, 10, 1, -10)).toThrow(RangeError);
  });
});
