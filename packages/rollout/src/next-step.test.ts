import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextStep } from './next-step.js';
import { DEFAULT_STEPS } from './rollout-policy.js';

describe('nextStep', () => {
  it('walks the default plan 5 → 25 → 50 → 100 → complete', () => {
    expect(nextStep({ steps: DEFAULT_STEPS, stepIndex: 0 })).toEqual({ kind: 'advance', stepIndex: 1, percent: 25 });
    expect(nextStep({ steps: DEFAULT_STEPS, stepIndex: 1 })).toEqual({ kind: 'advance', stepIndex: 2, percent: 50 });
    expect(nextStep({ steps: DEFAULT_STEPS, stepIndex: 2 })).toEqual({ kind: 'advance', stepIndex: 3, percent: 100 });
    expect(nextStep({ steps: DEFAULT_STEPS, stepIndex: 3 })).toEqual({ kind: 'complete', percent: 100 });
  });

  it('completes a one-step plan at once', () => {
    expect(nextStep({ steps: [100], stepIndex: 0 })).toEqual({ kind: 'complete', percent: 100 });
  });

  it('never lowers the percentage and always reaches completion', () => {
    const plan = fc
      .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 6 })
      .map((xs) => [...xs.sort((a, b) => a - b), 100]);
    fc.assert(
      fc.property(plan, (steps) => {
        let stepIndex = 0;
        let percent = steps[0] ?? 0;
        for (;;) {
          const next = nextStep({ steps, stepIndex });
          expect(next.percent).toBeGreaterThanOrEqual(percent);
          if (next.kind === 'complete') break;
          ({ stepIndex, percent } = next);
        }
        expect(stepIndex).toBe(steps.length - 1);
      }),
    );
  });

  it.each([-1, 4, 1.5, Number.NaN])('rejects step index %s', (stepIndex) => {
    expect(() => nextStep({ steps: DEFAULT_STEPS, stepIndex })).toThrow(RangeError);
  });
});
