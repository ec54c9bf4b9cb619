import { erfc } from './erfc.js';
import { normalCdf, normalSurvival } from './normal-cdf.js';

export interface TwoProportionZTest {
  /** (p1 − p2) / SE with the pooled standard error; 0 when the test is undefined. */
  readonly z: number;
  readonly standardError: number;
  readonly pooledRate: number;
  /** H1: p1 ≠ p2. */
  readonly pValueTwoSided: number;
  /** H1: p1 > p2. */
  readonly pValueGreater: number;
  /** H1: p1 < p2. */
  readonly pValueLess: number;
}

export function assertCounts(successes: number, trials: number, label: string): void {
  if (!Number.isFinite(trials) || trials < 0) throw new RangeError(`${label}: trials must be a finite number ≥ 0, got ${trials}`);
  if (!Number.isFinite(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`${label}: successes must be between 0 and ${trials}, got ${successes}`);
  }
}

/**
 * Pooled two-proportion z-test of x1/n1 against x2/n2. When it is undefined (an
 * empty group, or a pooled rate of 0 or 1 so nothing varies) z is 0 and every
 * p-value is 1: no evidence either way, and never NaN.
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TwoProportionZTest {
  assertCounts(x1, n1, 'group 1');
  assertCounts(x2, n2, 'group 2');
  const total = n1 + n2;
  const pooledRate = total > 0 ? (x1 + x2) / total : 0;
  const standardError = n1 > 0 && n2 > 0 ? Math.sqrt(pooledRate * (1 - pooledRate) * (1 / n1 + 1 / n2)) : 0;
  if (!(standardError > 0)) {
    return { z: 0, standardError: 0, pooledRate, pValueTwoSided: 1, pValueGreater: 1, pValueLess: 1 };
  }
  const z = (x1 / n1 - x2 / n2) / standardError;
  return {
    z,
    standardError,
    pooledRate,
    pValueTwoSided: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)),
    pValueGreater: normalSurvival(z),
    pValueLess: normalCdf(z),
  };
}
