import type { ArmSummary } from './arm-summary.js';
import { formatCount } from './format-count.js';
import type { JudgeCheck } from './judge-check.js';

/** Fails when the canary's p95 load time is above the limit; skipped without load times. */
export function checkP95LoadTime(canary: ArmSummary, maxP95LoadMs: number): JudgeCheck {
  const name = 'p95_load_time';
  if (canary.p95LoadMs === null) {
    return { name, status: 'skipped', reason: 'canary reported no load times, so its p95 load time was not checked' };
  }
  const observed = `canary p95 load time ${formatCount(canary.p95LoadMs)} ms`;
  const limit = `${formatCount(maxP95LoadMs)} ms`;
  return canary.p95LoadMs > maxP95LoadMs
    ? { name, status: 'fail', reason: `${observed} exceeds the ${limit} limit` }
    : { name, status: 'pass', reason: `${observed} is within the ${limit} limit` };
}
