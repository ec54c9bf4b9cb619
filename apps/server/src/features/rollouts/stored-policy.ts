import type { RolloutPolicyInput } from '@parley/contracts';
import { GUARD_METRICS, type RolloutPolicy, rolloutPolicyProblems, withPolicyDefaults } from '@parley/rollout';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';

/** The policy as a rollout row keeps it (milliseconds, every field filled in). */
export const StoredPolicy = z.object({
  steps: z.array(z.number()),
  minStepDurationMs: z.number(),
  minSamplePerStep: z.number(),
  maxErrorRate: z.number(),
  maxP95LoadMs: z.number(),
  significance: z.number(),
  guards: z.array(z.object({ metric: z.enum(GUARD_METRICS), maxRelativeDrop: z.number() })).optional(),
});

export const Steps = z.array(z.number());

/** The full policy from the API's partial one; every problem (steps not increasing, not ending at 100…) is a 400. */
export function policyFromInput(input: RolloutPolicyInput): RolloutPolicy {
  const policy = withPolicyDefaults({
    steps: input.steps,
    minStepDurationMs: input.minStepDurationMinutes === undefined ? undefined : input.minStepDurationMinutes * 60_000,
    minSamplePerStep: input.minSamplePerStep,
    maxErrorRate: input.maxErrorRate,
    maxP95LoadMs: input.maxP95LoadMs,
    significance: input.significance,
    guards: input.guards,
  });
  const problems = rolloutPolicyProblems(policy);
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      `Invalid rollout policy: ${problems.join('; ')}`,
      problems.map((message) => ({ path: 'body.policy', message })),
    );
  }
  return policy;
}
