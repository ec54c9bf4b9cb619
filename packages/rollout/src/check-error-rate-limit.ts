import type { ArmSummary } from './arm-summary.js';
import { describeRate } from './describe-rate.js';
import { formatPercent } from './format-percent.js';
import type { JudgeCheck } from './judge-check.js';

/** Fails when the canary's error rate is above the absolute limit. */
export function checkErrorRateLimit(canary: ArmSummary, maxErrorRate: number): JudgeCheck {
  const rate = describeRate(canary.errors, canary.loads);
  const limit = formatPercent(maxErrorRate);
  const failed = canary.loads > 0 && canary.errors / canary.loads > maxErrorRate;
  return failed
    ? { name: 'error_rate_limit', status: 'fail', reason: `canary error rate ${rate} exceeds the ${limit} limit` }
    : { name: 'error_rate_limit', status: 'pass', reason: `canary error rate ${rate} is within the ${limit} limit` };
}
