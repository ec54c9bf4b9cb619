import { erfc } from './erfc.js';

/** Φ(x): the standard normal cumulative distribution function, P(Z ≤ x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** 1 − Φ(x) = P(Z > x), computed without cancellation in the upper tail. */
export function normalSurvival(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

/** z such that Φ(z) = 0.975: the multiplier of a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;
