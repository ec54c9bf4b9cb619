import { type ArmMetrics, type ArmSummary, summarizeArm } from './arm-summary.js';
import { checkErrorRateAgainstStable, errorRateTest, type OneSidedTest } from './check-error-rate-against-stable.js';
import { checkErrorRateLimit } from './check-error-rate-limit.js';
import { type GuardSnapshot, checkGuard } from './check-guard.js';
import { checkP95LoadTime } from './check-p95-load-time.js';
import { formatCount } from './format-count.js';
import { formatDuration } from './format-duration.js';
import type { JudgeCheck } from './judge-check.js';
import { type Guard, type RolloutPolicy, validateRolloutPolicy } from './rollout-policy.js';

export type Verdict = 'promote' | 'hold' | 'rollback';

export interface JudgeInput {
  readonly policy: RolloutPolicy;
  /** When the current step started, in ms since the epoch. */
  readonly stepStartedAt: number;
  /** The judge's clock, in ms since the epoch. */
  readonly now: number;
  /** Both arms measured over the same window. */
  readonly canary: ArmMetrics;
  readonly stable: ArmMetrics;
}

/** Every number behind a decision; JSON-safe, for the deployments' metrics jsonb. */
export interface JudgeSnapshot {
  readonly verdict: Verdict;
  readonly elapsedMs: number;
  readonly sampleSufficient: boolean;
  readonly durationReached: boolean;
  readonly policy: {
    readonly minStepDurationMs: number;
    readonly minSamplePerStep: number;
    readonly maxErrorRate: number;
    readonly maxP95LoadMs: number;
    readonly significance: number;
    readonly guards: readonly Guard[];
  };
  readonly canary: ArmSummary;
  readonly stable: ArmSummary;
  /** One-sided test of "canary errors more than stable"; null when either arm had no loads. */
  readonly errorRateTest: OneSidedTest | null;
  readonly guards: readonly GuardSnapshot[];
  /** The health checks, evaluated only once the sample is sufficient. */
  readonly checks: readonly JudgeCheck[];
}

export interface JudgeDecision {
  readonly verdict: Verdict;
  /** Human-readable sentences with the numbers, explaining the verdict. */
  readonly reasons: readonly string[];
  readonly snapshot: JudgeSnapshot;
}

const NO_ROLLBACK_FOR_LACK_OF_TRAFFIC = 'holding (a canary is never rolled back for lack of traffic)';

function sampleReason(canary: ArmSummary, minSample: number): string {
  if (canary.loads === 0) return `no canary loads in this step yet; ${NO_ROLLBACK_FOR_LACK_OF_TRAFFIC}`;
  return `canary has ${formatCount(canary.loads)} loads in this step, fewer than the ${formatCount(
    minSample,
  )} needed to judge; ${NO_ROLLBACK_FOR_LACK_OF_TRAFFIC}`;
}

function durationReason(elapsedMs: number, minMs: number): string {
  return elapsedMs >= minMs
    ? `the step has run ${formatDuration(elapsedMs)}, at least its minimum of ${formatDuration(minMs)}`
    : `the step has run ${formatDuration(elapsedMs)} of its minimum ${formatDuration(minMs)}`;
}

function healthChecks(
  policy: RolloutPolicy,
  canary: ArmSummary,
  stable: ArmSummary,
  test: OneSidedTest | null,
): { checks: JudgeCheck[]; guards: GuardSnapshot[] } {
  const guardResults = (policy.guards ?? []).map((guard) => checkGuard(guard, canary, stable, policy.significance));
  return {
    checks: [
      checkErrorRateLimit(canary, policy.maxErrorRate),
      checkErrorRateAgainstStable(canary, stable, test, policy.significance),
      checkP95LoadTime(canary, policy.maxP95LoadMs),
      ...guardResults.map((result) => result.check),
    ],
    guards: guardResults.map((result) => result.snapshot),
  };
}

function decide(
  sampleSufficient: boolean,
  durationReached: boolean,
  checks: readonly JudgeCheck[],
  texts: { sample: string; duration: string },
): { verdict: Verdict; reasons: string[] } {
  if (!sampleSufficient) {
    return { verdict: 'hold', reasons: durationReached ? [texts.sample] : [texts.sample, texts.duration] };
  }
  const failed = checks.filter((check) => check.status === 'fail');
  if (failed.length > 0) return { verdict: 'rollback', reasons: failed.map((check) => check.reason) };
  const passed = checks.map((check) => check.reason);
  if (!durationReached) {
    return { verdict: 'hold', reasons: [`${texts.duration}; holding while the canary stays healthy`, ...passed] };
  }
  return { verdict: 'promote', reasons: [texts.duration, ...passed] };
}

/**
 * Compares canary against stable over one window and decides:
 * - hold while the canary has fewer loads than `minSamplePerStep` (or none at
 *   all): never roll back for lack of traffic;
 * - otherwise roll back when any health check fails, even before the step's
 *   minimum duration: canary error rate above `maxErrorRate`; canary error rate
 *   significantly above stable's (one-sided pooled two-proportion z-test,
 *   p < significance; skipped when stable had no loads); canary p95 load time
 *   above `maxP95LoadMs`; a guard metric below stable by more than its
 *   `maxRelativeDrop` and significantly so;
 * - otherwise hold until the step has run `minStepDurationMs`, then promote.
 */
export function judge(input: JudgeInput): JudgeDecision {
  const policy = validateRolloutPolicy(input.policy);
  if (!Number.isFinite(input.stepStartedAt) || !Number.isFinite(input.now)) {
    throw new RangeError(`stepStartedAt and now must be finite times in ms, got ${input.stepStartedAt} and ${input.now}`);
  }
  const canary = summarizeArm(input.canary, 'canary');
  const stable = summarizeArm(input.stable, 'stable');
  const elapsedMs = Math.max(0, input.now - input.stepStartedAt);
  const sampleSufficient = canary.loads > 0 && canary.loads >= policy.minSamplePerStep;
  const durationReached = elapsedMs >= policy.minStepDurationMs;
  const test = errorRateTest(canary, stable);
  const health = sampleSufficient ? healthChecks(policy, canary, stable, test) : { checks: [], guards: [] };
  const { verdict, reasons } = decide(sampleSufficient, durationReached, health.checks, {
    sample: sampleReason(canary, policy.minSamplePerStep),
    duration: durationReason(elapsedMs, policy.minStepDurationMs),
  });
  return {
    verdict,
    reasons,
    snapshot: {
      verdict,
      elapsedMs,
      sampleSufficient,
      durationReached,
      policy: {
        minStepDurationMs: policy.minStepDurationMs,
        minSamplePerStep: policy.minSamplePerStep,
        maxErrorRate: policy.maxErrorRate,
        maxP95LoadMs: policy.maxP95LoadMs,
        significance: policy.significance,
        guards: (policy.guards ?? []).map((guard) => ({ metric: guard.metric, maxRelativeDrop: guard.maxRelativeDrop })),
      },
      canary,
      stable,
      errorRateTest: test,
      guards: health.guards,
      checks: health.checks,
    },
  };
}
