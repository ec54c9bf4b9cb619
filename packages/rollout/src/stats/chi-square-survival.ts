import { regularizedGammaQ } from './regularized-gamma.js';

/** P(X ≥ x) for X chi-square distributed with `df` degrees of freedom: Q(df/2, x/2). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`degrees of freedom must be finite and > 0, got ${df}`);
  if (!(x >= 0)) throw new RangeError(`the chi-square statistic must be ≥ 0, got ${x}`);
  return regularizedGammaQ(df / 2, x / 2);
}
