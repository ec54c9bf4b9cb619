import { regularizedGammaP, regularizedGammaQ } from './regularized-gamma.js';

function assertNumber(x: number): void {
  if (Number.isNaN(x)) throw new RangeError('x must be a number, got NaN');
}

/** The error function, through erf(x) = P(1/2, x²) (relative error about 1e-14). */
export function erf(x: number): number {
  assertNumber(x);
  const value = regularizedGammaP(0.5, x * x);
  return x < 0 ? -value : value;
}

/**
 * The complementary error function 1 − erf(x), through erfc(x) = Q(1/2, x²) for
 * x ≥ 0, which keeps full relative accuracy far into the upper tail.
 */
export function erfc(x: number): number {
  assertNumber(x);
  const upper = regularizedGammaQ(0.5, x * x);
  return x < 0 ? 2 - upper : upper;
}
