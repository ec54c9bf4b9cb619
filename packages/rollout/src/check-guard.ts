import type { ArmSummary } from './arm-summary.js';
import { describeRate } from './describe-rate.js';
import { formatPValue } from './format-p-value.js';
import { formatPercent } from './format-percent.js';
import type { JudgeCheck } from './judge-check.js';
import type { Guard, GuardMetric } from './rollout-policy.js';
import { twoProportionZTest } from './stats/two-proportion-z-test.js';

/** The numbers behind one guard metric's check. */
export interface GuardSnapshot {
  readonly metric: GuardMetric;
  readonly maxRelativeDrop: number;
  readonly canaryRate: number | null;
  readonly stableRate: number | null;
  /** (stable − canary) / stable; negative when the canary does better. */
  readonly relativeDrop: number | null;
  /** One-sided p-value of H1: the canary's rate is lower than stable's. */
  readonly pValue: number | null;
  readonly status: JudgeCheck['status'];
}

const LABELS: Record<GuardMetric, string> = { open_rate: 'open rate', conversion: 'conversion rate' };

function countOf(arm: ArmSummary, metric: GuardMetric): number | null {
  return metric === 'open_rate' ? arm.opens : arm.conversions;
}

function skipped(guard: Guard, reason: string): { check: JudgeCheck; snapshot: GuardSnapshot } {
  const { metric, maxRelativeDrop } = guard;
  return {
    check: { name: `guard_${metric}`, status: 'skipped', reason },
    snapshot: { metric, maxRelativeDrop, canaryRate: null, stableRate: null, relativeDrop: null, pValue: null, status: 'skipped' },
  };
}

/**
 * Fails when the canary's guard metric (per load) is below stable's by more than
 * `maxRelativeDrop` AND the drop is significant (one-sided two-proportion z-test).
 * Skipped when either arm lacks the metric, stable had no loads, or stable's rate is 0.
 */
export function checkGuard(
  guard: Guard,
  canary: ArmSummary,
  stable: ArmSummary,
  significance: number,
): { check: JudgeCheck; snapshot: GuardSnapshot } {
  const label = LABELS[guard.metric];
  const canaryCount = countOf(canary, guard.metric);
  const stableCount = countOf(stable, guard.metric);
  if (canaryCount === null || stableCount === null) return skipped(guard, `the ${label} was not reported for both arms, so its guard was not checked`);
  if (canary.loads === 0) return skipped(guard, `canary has no loads, so its ${label} guard was not checked`);
  if (stable.loads === 0 || stableCount === 0) return skipped(guard, `stable has no ${label} to compare with, so its guard was not checked`);

  const canaryRate = canaryCount / canary.loads;
  const stableRate = stableCount / stable.loads;
  const relativeDrop = (stableRate - canaryRate) / stableRate;
  const pValue = twoProportionZTest(canaryCount, canary.loads, stableCount, stable.loads).pValueLess;
  const failed = relativeDrop > guard.maxRelativeDrop && pValue < significance;
  const comparison =
    relativeDrop > 0
      ? `is ${formatPercent(relativeDrop)} below stable ${describeRate(stableCount, stable.loads)}`
      : `is not below stable ${describeRate(stableCount, stable.loads)}`;
  const verdict = failed ? 'a significant drop beyond' : 'not a significant drop beyond';
  const reason = `canary ${label} ${describeRate(canaryCount, canary.loads)} ${comparison}: ${verdict} the allowed ${formatPercent(
    guard.maxRelativeDrop,
  )} (one-sided ${formatPValue(pValue)}, significance ${significance})`;
  const status = failed ? 'fail' : 'pass';
  return {
    check: { name: `guard_${guard.metric}`, status, reason },
    snapshot: { metric: guard.metric, maxRelativeDrop: guard.maxRelativeDrop, canaryRate, stableRate, relativeDrop, pValue, status },
  };
}
