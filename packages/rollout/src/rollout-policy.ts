export const GUARD_METRICS = ['open_rate', 'conversion'] as const;
export type GuardMetric = (typeof GUARD_METRICS)[number];

export interface Guard {
  readonly metric: GuardMetric;
  /** Largest tolerated relative drop against stable, e.g. 0.1 = 10 %. */
  readonly maxRelativeDrop: number;
}

export interface RolloutPolicy {
  /** Canary percentages, strictly increasing, each in (0, 100], ending at 100. */
  readonly steps: readonly number[];
  /** A step is promoted only after it has run at least this long. */
  readonly minStepDurationMs: number;
  /** Canary loads needed in a step before the judge decides anything but hold. */
  readonly minSamplePerStep: number;
  /** Absolute canary error-rate limit (errors per load), 0..1. */
  readonly maxErrorRate: number;
  /** Canary p95 load-time limit in milliseconds. */
  readonly maxP95LoadMs: number;
  /** Significance level of the one-sided two-proportion tests. */
  readonly significance: number;
  readonly guards?: readonly Guard[];
}

export const DEFAULT_STEPS: readonly number[] = Object.freeze([5, 25, 50, 100]);

export const DEFAULT_ROLLOUT_POLICY: RolloutPolicy = Object.freeze({
  steps: DEFAULT_STEPS,
  minStepDurationMs: 30 * 60 * 1000,
  minSamplePerStep: 200,
  maxErrorRate: 0.05,
  maxP95LoadMs: 2000,
  significance: 0.05,
  guards: Object.freeze([]),
});

/** A full policy from a partial one: every missing (or undefined) field takes its default. */
export function withPolicyDefaults(partial: Partial<RolloutPolicy> = {}): RolloutPolicy {
  const d = DEFAULT_ROLLOUT_POLICY;
  return {
    steps: partial.steps ?? d.steps,
    minStepDurationMs: partial.minStepDurationMs ?? d.minStepDurationMs,
    minSamplePerStep: partial.minSamplePerStep ?? d.minSamplePerStep,
    maxErrorRate: partial.maxErrorRate ?? d.maxErrorRate,
    maxP95LoadMs: partial.maxP95LoadMs ?? d.maxP95LoadMs,
    significance: partial.significance ?? d.significance,
    guards: partial.guards ?? d.guards,
  };
}

function stepProblems(steps: readonly number[]): string[] {
  if (steps.length === 0) return ['steps must not be empty'];
  const problems: string[] = [];
  steps.forEach((step, i) => {
    if (!Number.isFinite(step) || step <= 0 || step > 100) {
      problems.push(`steps[${i}] is ${step}; every step must be greater than 0 and at most 100`);
    }
    const previous = steps[i - 1];
    if (previous !== undefined && !(step > previous)) {
      problems.push(`steps must be strictly increasing, but ${step} follows ${previous}`);
    }
  });
  const last = steps[steps.length - 1];
  if (last !== 100) problems.push(`the last step must be 100, got ${last}`);
  return problems;
}

function guardProblems(guards: readonly Guard[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  guards.forEach((guard, i) => {
    const known: readonly string[] = GUARD_METRICS;
    if (!known.includes(guard.metric)) {
      problems.push(`guards[${i}].metric must be one of ${GUARD_METRICS.join(', ')}, got ${String(guard.metric)}`);
    } else if (seen.has(guard.metric)) {
      problems.push(`guards[${i}]: the ${guard.metric} guard appears more than once`);
    }
    seen.add(guard.metric);
    if (!Number.isFinite(guard.maxRelativeDrop) || guard.maxRelativeDrop < 0 || guard.maxRelativeDrop > 1) {
      problems.push(`guards[${i}].maxRelativeDrop must be between 0 and 1, got ${guard.maxRelativeDrop}`);
    }
  });
  return problems;
}

/** Every problem with a policy, as sentences; empty when the policy is valid. */
export function rolloutPolicyProblems(policy: RolloutPolicy): string[] {
  const problems = [...stepProblems(policy.steps)];
  const { minStepDurationMs, minSamplePerStep, maxErrorRate, maxP95LoadMs, significance } = policy;
  if (!Number.isFinite(minStepDurationMs) || minStepDurationMs < 0) {
    problems.push(`minStepDurationMs must be a finite number ≥ 0, got ${minStepDurationMs}`);
  }
  if (!Number.isSafeInteger(minSamplePerStep) || minSamplePerStep < 0) {
    problems.push(`minSamplePerStep must be a whole number ≥ 0, got ${minSamplePerStep}`);
  }
  if (!Number.isFinite(maxErrorRate) || maxErrorRate < 0 || maxErrorRate > 1) {
    problems.push(`maxErrorRate must be between 0 and 1, got ${maxErrorRate}`);
  }
  if (!Number.isFinite(maxP95LoadMs) || maxP95LoadMs <= 0) {
    problems.push(`maxP95LoadMs must be a finite number > 0, got ${maxP95LoadMs}`);
  }
  if (!Number.isFinite(significance) || significance <= 0 || significance >= 1) {
    problems.push(`significance must be greater than 0 and less than 1, got ${significance}`);
  }
  return [...problems, ...guardProblems(policy.guards ?? [])];
}

/** Returns the policy when valid; throws a RangeError listing every problem otherwise. */
export function validateRolloutPolicy(policy: RolloutPolicy): RolloutPolicy {
  const problems = rolloutPolicyProblems(policy);
  if (problems.length > 0) throw new RangeError(`invalid rollout policy: ${problems.join('; ')}`);
  return policy;
}
