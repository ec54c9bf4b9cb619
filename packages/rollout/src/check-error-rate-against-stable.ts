import type { ArmSummary } from './arm-summary.js';
import { describeRate } from './describe-rate.js';
import { formatPValue } from './format-p-value.js';
import type { JudgeCheck } from './judge-check.js';
import { twoProportionZTest } from './stats/two-proportion-z-test.js';

export interface OneSidedTest {
  readonly z: number;
  /** One-sided p-value of the pooled two-proportion z-test. */
  readonly pValue: number;
}

/** One-sided test of H1: the canary's error rate is higher than stable's; null without loads on either arm. */
export function errorRateTest(canary: ArmSummary, stable: ArmSummary): OneSidedTest | null {
  if (canary.loads === 0 || stable.loads === 0) return null;
  const test = twoProportionZTest(canary.errors, canary.loads, stable.errors, stable.loads);
  return { z: test.z, pValue: test.pValueGreater };
}

/**
 * Fails when the canary's error rate is significantly higher than stable's.
 * Skipped when stable had no loads in the window (the absolute limit still applies).
 */
export function checkErrorRateAgainstStable(
  canary: ArmSummary,
  stable: ArmSummary,
  test: OneSidedTest | null,
  significance: number,
): JudgeCheck {
  const name = 'error_rate_vs_stable';
  if (test === null) {
    return { name, status: 'skipped', reason: 'stable had no loads in this window, so the error rate is judged against the absolute limit only' };
  }
  const comparison = `canary error rate ${describeRate(canary.errors, canary.loads)} ${
    test.pValue < significance ? 'is' : 'is not'
  } significantly higher than stable ${describeRate(stable.errors, stable.loads)}`;
  const evidence = `(one-sided ${formatPValue(test.pValue)}, significance ${significance})`;
  return { name, status: test.pValue < significance ? 'fail' : 'pass', reason: `${comparison} ${evidence}` };
}
