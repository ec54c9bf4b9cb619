import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from './sample-ratio-mismatch.js';

describe('sampleRatioMismatch', () => {
  it('5,000 / 5,000 on a 50/50 split: no mismatch', () => {
    expect(sampleRatioMismatch([5000, 5000], [1, 1])).toEqual({ chiSquare: 0, df: 1, pValue: 1, mismatch: false, expected: [5000, 5000] });
  });

  it('5,000 / 5,400 on a 50/50 split: χ² = 15.38, p ≈ 8.8e-5, a mismatch', () => {
    // Expected 5,200 each: χ² = 2 · 200² / 5,200 = 15.3846; p = erfc(√(χ²/2)).
    const srm = sampleRatioMismatch([5000, 5400], [50, 50]);
    expect(srm.chiSquare).toBeCloseTo(15.384615384615385, 12);
    expect(srm.df).toBe(1);
    expect(srm.pValue / 8.769942375590239e-5).toBeCloseTo(1, 10);
    expect(srm.mismatch).toBe(true);
  });

  it('50/30/20 weights: 5,100 / 2,950 / 1,950 is fine, 5,250 / 2,900 / 1,850 is not', () => {
    // df 2: p = e^(−χ²/2).
    const fine = sampleRatioMismatch([5100, 2950, 1950], [50, 30, 20]);
    expect(fine.chiSquare).toBeCloseTo(4.083333333333334, 12);
    expect(fine.pValue).toBeCloseTo(0.12981217685543794, 12);
    expect(fine.mismatch).toBe(false);
    expect(fine.expected).toEqual([5000, 3000, 2000]);

    const skewed = sampleRatioMismatch([5250, 2900, 1850], [0.5, 0.3, 0.2]);
    expect(skewed.chiSquare).toBeCloseTo(27.083333333333336, 10);
    expect(skewed.pValue / 1.3150095017875883e-6).toBeCloseTo(1, 8);
    expect(skewed.mismatch).toBe(true);
  });

  it('takes a custom threshold', () => {
    expect(sampleRatioMismatch([5100, 2950, 1950], [50, 30, 20], 0.2).mismatch).toBe(true);
  });

  it('has nothing to say without visitors or with one arm', () => {
    expect(sampleRatioMismatch([0, 0], [1, 1])).toMatchObject({ chiSquare: 0, pValue: 1, mismatch: false });
    expect(sampleRatioMismatch([42], [1])).toMatchObject({ chiSquare: 0, df: 0, pValue: 1, mismatch: false });
  });

  it('never returns NaN and rarely flags counts drawn in proportion', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 100_000 }), { minLength: 1, maxLength: 6 }), (counts) => {
        const srm = sampleRatioMismatch(counts, counts.map(() => 1));
        expect(Number.isFinite(srm.chiSquare)).toBe(true);
        expect(srm.pValue).toBeGreaterThanOrEqual(0);
        expect(srm.pValue).toBeLessThanOrEqual(1);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 5 }), fc.integer({ min: 1, max: 200 }), (weights, scale) => {
        const srm = sampleRatioMismatch(weights.map((w) => w * scale), weights);
        expect(srm.chiSquare).toBeCloseTo(0, 9);
        expect(srm.mismatch).toBe(false);
      }),
    );
  });

  it('rejects mismatched lengths, negative counts and weights that are not positive', () => {
    expect(() => sampleRatioMismatch([1, 2], [1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([], [])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([-1, 2], [1, 1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([1, 2], [0, 1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([1, 2], [Number.NaN, 1])).toThrow(RangeError);
  });
});
