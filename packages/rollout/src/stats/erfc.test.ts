import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf, erfc } from './erfc.js';

// Reference values: Python 3 math.erfc.
const REFERENCE: readonly (readonly [number, number])[] = [
  [-3, 1.9999779095030015],
  [-1, 1.842700792949715],
  [-0.5, 1.5204998778130465],
  [0, 1],
  [1e-8, 0.9999999887162083],
  [0.1, 0.8875370839817152],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [1.25, 0.07709987174354177],
  [2, 0.004677734981047265],
  [3, 2.2090496998585438e-5],
  [5, 1.5374597944280351e-12],
  [10, 2.088487583762545e-45],
  [26, 5.663192408856143e-296],
];

describe('erfc', () => {
  it.each(REFERENCE)('erfc(%s) = %s to 1e-12 relative', (x, expected) => {
    expect(Math.abs(erfc(x) / expected - 1)).toBeLessThan(1e-12);
  });

  it('gives erf(x) = 1 − erfc(x) and erf odd', () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
        expect(erf(x) + erfc(x)).toBeCloseTo(1, 14);
        expect(erf(-x)).toBeCloseTo(-erf(x), 15);
      }),
    );
  });

  it('underflows to 0 and 2 at the infinities, never NaN', () => {
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(40)).toBe(0);
  });

  it('rejects NaN', () => {
    expect(() => erfc(Number.NaN)).toThrow(RangeError);
    expect(() => erf(Number.NaN)).toThrow(RangeError);
  });
});
