import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROLLOUT_POLICY,
  DEFAULT_STEPS,
  type RolloutPolicy,
  rolloutPolicyProblems,
  validateRolloutPolicy,
  withPolicyDefaults,
} from './rollout-policy.js';

describe('rollout policy defaults', () => {
  it('steps 5 → 25 → 50 → 100 with the seed’s 5 % error and 2 s p95 limits', () => {
    expect(DEFAULT_STEPS).toEqual([5, 25, 50, 100]);
    expect(DEFAULT_ROLLOUT_POLICY).toMatchObject({ maxErrorRate: 0.05, maxP95LoadMs: 2000, significance: 0.05, guards: [] });
    expect(rolloutPolicyProblems(DEFAULT_ROLLOUT_POLICY)).toEqual([]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_ROLLOUT_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_STEPS)).toBe(true);
  });

  it('fills every missing or undefined field', () => {
    expect(withPolicyDefaults()).toEqual(DEFAULT_ROLLOUT_POLICY);
    expect(withPolicyDefaults({ maxErrorRate: undefined, steps: [10, 100] })).toEqual({ ...DEFAULT_ROLLOUT_POLICY, steps: [10, 100] });
    expect(withPolicyDefaults({ minSamplePerStep: 0, minStepDurationMs: 0 })).toMatchObject({ minSamplePerStep: 0, minStepDurationMs: 0 });
  });
});

describe('rolloutPolicyProblems', () => {
  const withChange = (change: Partial<RolloutPolicy>): string[] => rolloutPolicyProblems({ ...DEFAULT_ROLLOUT_POLICY, ...change });

  it.each([
    [[], /must not be empty/],
    [[0, 100], /steps\[0\] is 0/],
    [[5, 120], /steps\[1\] is 120/],
    [[-5, 100], /steps\[0\] is -5/],
    [[25, 5, 100], /strictly increasing, but 5 follows 25/],
    [[5, 5, 100], /strictly increasing, but 5 follows 5/],
    [[5, 25, 50], /last step must be 100, got 50/],
    [[5, Number.NaN, 100], /steps\[1\] is NaN/],
  ])('rejects steps %j', (steps, message) => {
    expect(withChange({ steps }).join('\n')).toMatch(message);
  });

  it.each([
    [{ minStepDurationMs: -1 }, /minStepDurationMs/],
    [{ minStepDurationMs: Infinity }, /minStepDurationMs/],
    [{ minSamplePerStep: 1.5 }, /minSamplePerStep/],
    [{ minSamplePerStep: -1 }, /minSamplePerStep/],
    [{ maxErrorRate: 1.5 }, /maxErrorRate/],
    [{ maxErrorRate: -0.1 }, /maxErrorRate/],
    [{ maxP95LoadMs: 0 }, /maxP95LoadMs/],
    [{ significance: 0 }, /significance/],
    [{ significance: 1 }, /significance/],
    [{ guards: [{ metric: 'open_rate', maxRelativeDrop: 2 }] }, /guards\[0\]\.maxRelativeDrop/],
    [
      {
        guards: [
          { metric: 'conversion', maxRelativeDrop: 0.1 },
          { metric: 'conversion', maxRelativeDrop: 0.2 },
        ],
      },
      /guards\[1\]: the conversion guard appears more than once/,
    ],
  ] satisfies [Partial<RolloutPolicy>, RegExp][])('rejects %j', (change, message) => {
    expect(withChange(change).join('\n')).toMatch(message);
  });

  it('rejects an unknown guard metric arriving from JSON', () => {
    const guards: RolloutPolicy['guards'] = JSON.parse('[{"metric":"bounce_rate","maxRelativeDrop":0.1}]');
    expect(withChange({ guards }).join('\n')).toMatch(/guards\[0\]\.metric must be one of open_rate, conversion, got bounce_rate/);
  });

  it('lists every problem at once', () => {
    expect(withChange({ steps: [50, 20], significance: 2, maxP95LoadMs: -1 })).toHaveLength(4);
  });

  it('accepts any strictly increasing plan ending at 100', () => {
    const plan = fc
      .uniqueArray(fc.integer({ min: 1, max: 9_999 }), { maxLength: 6 })
      .map((basisPoints) => [...basisPoints.sort((a, b) => a - b).map((bp) => bp / 100), 100]);
    fc.assert(
      fc.property(plan, (steps) => {
        expect(withChange({ steps })).toEqual([]);
      }),
    );
  });
});

describe('validateRolloutPolicy', () => {
  it('returns a valid policy', () => {
    const policy = withPolicyDefaults({ guards: [{ metric: 'open_rate', maxRelativeDrop: 0.1 }] });
    expect(validateRolloutPolicy(policy)).toBe(policy);
  });

  it('throws a RangeError listing the problems', () => {
    expect(() => validateRolloutPolicy(withPolicyDefaults({ steps: [5, 25] }))).toThrow(/invalid rollout policy: the last step must be 100/);
    expect(() => validateRolloutPolicy(withPolicyDefaults({ steps: [5, 25] }))).toThrow(RangeError);
  });
});
