export { murmurhash3 } from './murmurhash3.js';
export { BUCKET_COUNT, assertBucket, bucket } from './bucket.js';
export { inCanary, percentToBasisPoints } from './in-canary.js';
export { type WeightedArm, chooseArm, totalWeight } from './choose-arm.js';
export {
  DEFAULT_ROLLOUT_POLICY,
  DEFAULT_STEPS,
  GUARD_METRICS,
  type Guard,
  type GuardMetric,
  type RolloutPolicy,
  rolloutPolicyProblems,
  validateRolloutPolicy,
  withPolicyDefaults,
} from './rollout-policy.js';
export { type NextStep, type RolloutStepState, nextStep } from './next-step.js';
export { type ArmMetrics, type ArmSummary, summarizeArm } from './arm-summary.js';
export type { CheckStatus, JudgeCheck } from './judge-check.js';
export type { OneSidedTest } from './check-error-rate-against-stable.js';
export type { GuardSnapshot } from './check-guard.js';
export { type JudgeDecision, type JudgeInput, type JudgeSnapshot, type Verdict, judge } from './judge.js';
export {
  type ExperimentArmInput,
  type ExperimentArmResult,
  type ExperimentResults,
  type Interval,
  type Lift,
  experimentResults,
} from './experiment-results.js';
export { logGamma } from './stats/log-gamma.js';
export { regularizedGammaP, regularizedGammaQ } from './stats/regularized-gamma.js';
export { erf, erfc } from './stats/erfc.js';
export { Z_95, normalCdf, normalSurvival } from './stats/normal-cdf.js';
export { type TwoProportionZTest, twoProportionZTest } from './stats/two-proportion-z-test.js';
export { chiSquareSurvival } from './stats/chi-square-survival.js';
export { SRM_THRESHOLD, type SampleRatioMismatch, sampleRatioMismatch } from './stats/sample-ratio-mismatch.js';
export { percentile } from './stats/percentile.js';
export { formatPercent } from './format-percent.js';
export { formatCount } from './format-count.js';
export { formatDuration } from './format-duration.js';
export { formatPValue } from './format-p-value.js';
