import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArmMetrics } from './arm-summary.js';
import { type JudgeInput, judge } from './judge.js';
import { type RolloutPolicy, withPolicyDefaults } from './rollout-policy.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1, 12);
const POLICY = withPolicyDefaults({ minStepDurationMs: 10 * MINUTE, minSamplePerStep: 200 });
const NONE: ArmMetrics = { loads: 0, errors: 0 };

function input(canary: ArmMetrics, stable: ArmMetrics, overrides: Partial<JudgeInput> = {}): JudgeInput {
  return { policy: POLICY, stepStartedAt: T0, now: T0 + 15 * MINUTE, canary, stable, ...overrides };
}

function withGuards(guards: RolloutPolicy['guards']): RolloutPolicy {
  return withPolicyDefaults({ ...POLICY, guards });
}

describe('judge: not enough data → hold, never roll back for lack of traffic', () => {
  it('holds with zero loads on both arms, NaN-free', () => {
    const decision = judge(input(NONE, NONE));
    expect(decision.verdict).toBe('hold');
    expect(decision.reasons).toEqual(['no canary loads in this step yet; holding (a canary is never rolled back for lack of traffic)']);
    expect(decision.snapshot).toMatchObject({
      sampleSufficient: false,
      errorRateTest: null,
      canary: { loads: 0, errorRate: null, p95LoadMs: null },
      stable: { loads: 0, errorRate: null },
      checks: [],
    });
    expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
  });

  it('holds with zero canary loads even when the policy asks for no minimum sample', () => {
    expect(judge(input(NONE, { loads: 5000, errors: 10 }, { policy: { ...POLICY, minSamplePerStep: 0 } })).verdict).toBe('hold');
  });

  it('holds a canary with 0 errors and a tiny sample', () => {
    const decision = judge(input({ loads: 20, errors: 0 }, { loads: 400, errors: 2 }));
    expect(decision.verdict).toBe('hold');
    expect(decision.reasons).toEqual([
      'canary has 20 loads in this step, fewer than the 200 needed to judge; holding (a canary is never rolled back for lack of traffic)',
    ]);
  });

  it('holds a tiny canary even at a 25 % error rate (5/20)', () => {
    const decision = judge(input({ loads: 20, errors: 5, p95LoadMs: 9000 }, { loads: 400, errors: 0 }));
    expect(decision.verdict).toBe('hold');
    expect(decision.snapshot.canary.errorRate).toBe(0.25);
  });

  it('names both the sample and the duration when both fall short', () => {
    const decision = judge(input({ loads: 199, errors: 0 }, NONE, { now: T0 + 250_000 }));
    expect(decision.verdict).toBe('hold');
    expect(decision.reasons).toEqual([
      'canary has 199 loads in this step, fewer than the 200 needed to judge; holding (a canary is never rolled back for lack of traffic)',
      'the step has run 4m 10s of its minimum 10m',
    ]);
  });
});

describe('judge: error rate', () => {
  it('rolls back above the absolute limit: 7.0 % (14/200) > 5.0 %', () => {
    const decision = judge(input({ loads: 200, errors: 14 }, { loads: 1000, errors: 50 }));
    expect(decision.verdict).toBe('rollback');
    expect(decision.reasons).toEqual(['canary error rate 7.0% (14/200) exceeds the 5.0% limit']);
    // 7 % vs 5 % on these samples is not significant on its own (z = 1.149, one-sided p = 0.125).
    expect(decision.snapshot.errorRateTest?.z).toBeCloseTo(1.1490963994423045, 12);
    expect(decision.snapshot.errorRateTest?.pValue).toBeCloseTo(0.1252581164563606, 12);
    expect(decision.snapshot.canary.errorRate).toBe(0.07);
    expect(decision.snapshot.stable.errorRate).toBe(0.05);
  });

  it('rolls back when significantly worse than stable though under the limit: 3.0 % vs 1.0 %', () => {
    const decision = judge(input({ loads: 1000, errors: 30 }, { loads: 10_000, errors: 100 }));
    expect(decision.verdict).toBe('rollback');
    expect(decision.reasons).toEqual([
      'canary error rate 3.0% (30/1,000) is significantly higher than stable 1.0% (100/10,000) (one-sided p < 0.0001, significance 0.05)',
    ]);
    expect(decision.snapshot.errorRateTest?.z).toBeCloseTo(5.580073122264577, 12);
  });

  it('promotes a canary no worse than stable (2.0 % vs 2.0 %, p = 0.5)', () => {
    const decision = judge(input({ loads: 400, errors: 8 }, { loads: 2000, errors: 40 }));
    expect(decision.verdict).toBe('promote');
    expect(decision.reasons).toContain(
      'canary error rate 2.0% (8/400) is not significantly higher than stable 2.0% (40/2,000) (one-sided p = 0.50, significance 0.05)',
    );
  });

  it('uses the absolute limit only when stable had no loads', () => {
    const healthy = judge(input({ loads: 400, errors: 8 }, NONE));
    expect(healthy.verdict).toBe('promote');
    expect(healthy.snapshot.errorRateTest).toBeNull();
    expect(healthy.reasons).toContain('stable had no loads in this window, so the error rate is judged against the absolute limit only');

    const broken = judge(input({ loads: 400, errors: 30 }, NONE));
    expect(broken.verdict).toBe('rollback');
    expect(broken.reasons).toEqual(['canary error rate 7.5% (30/400) exceeds the 5.0% limit']);
  });

  it('caps errors at loads when a load reports several errors', () => {
    const decision = judge(input({ loads: 200, errors: 500 }, { loads: 1000, errors: 5 }));
    expect(decision.verdict).toBe('rollback');
    expect(decision.snapshot.canary).toMatchObject({ errors: 200, errorsReported: 500, errorRate: 1 });
    expect(decision.reasons[0]).toBe('canary error rate 100.0% (200/200) exceeds the 5.0% limit');
  });
});

describe('judge: p95 load time', () => {
  it('rolls back when the sample’s p95 is above the limit', () => {
    const loadTimesMs = [800, 1200, 900, 3000, 1000, 950, 1100, 2500, 1050, 990];
    const decision = judge(input({ loads: 400, errors: 0, loadTimesMs }, { loads: 2000, errors: 0 }));
    expect(decision.verdict).toBe('rollback');
    expect(decision.reasons).toEqual(['canary p95 load time 2,775 ms exceeds the 2,000 ms limit']);
    expect(decision.snapshot.canary).toMatchObject({ p95LoadMs: expect.closeTo(2775, 9), loadTimeSamples: 10 });
  });

  it('accepts a precomputed p95', () => {
    const decision = judge(input({ loads: 400, errors: 0, p95LoadMs: 2450 }, { loads: 2000, errors: 0, p95LoadMs: 900 }));
    expect(decision.reasons).toEqual(['canary p95 load time 2,450 ms exceeds the 2,000 ms limit']);
    expect(decision.snapshot.stable.p95LoadMs).toBe(900);
  });

  it('passes at the limit and skips the check without load times', () => {
    expect(judge(input({ loads: 400, errors: 0, p95LoadMs: 2000 }, NONE)).verdict).toBe('promote');
    const decision = judge(input({ loads: 400, errors: 0 }, NONE));
    expect(decision.verdict).toBe('promote');
    expect(decision.snapshot.checks.find((check) => check.name === 'p95_load_time')?.status).toBe('skipped');
  });
});

describe('judge: guard metrics', () => {
  const openRateGuard = withGuards([{ metric: 'open_rate', maxRelativeDrop: 0.1 }]);

  it('rolls back on a significant open-rate drop beyond the allowed one: 5.0 % vs 10.0 %', () => {
    const decision = judge(input({ loads: 400, errors: 0, opens: 20 }, { loads: 2000, errors: 0, opens: 200 }, { policy: openRateGuard }));
    expect(decision.verdict).toBe('rollback');
    expect(decision.reasons).toEqual([
      'canary open rate 5.0% (20/400) is 50.0% below stable 10.0% (200/2,000): a significant drop beyond the allowed 10.0% (one-sided p = 0.00078, significance 0.05)',
    ]);
    expect(decision.snapshot.guards).toEqual([
      { metric: 'open_rate', maxRelativeDrop: 0.1, canaryRate: 0.05, stableRate: 0.1, relativeDrop: 0.5, pValue: expect.closeTo(0.0007791644731979727, 12), status: 'fail' },
    ]);
  });

  it('passes a drop within the allowance (9.5 % vs 10.0 %)', () => {
    const decision = judge(input({ loads: 400, errors: 0, opens: 38 }, { loads: 2000, errors: 0, opens: 200 }, { policy: openRateGuard }));
    expect(decision.verdict).toBe('promote');
    expect(decision.snapshot.guards[0]?.relativeDrop).toBeCloseTo(0.05, 12);
  });

  it('passes a large drop that is not significant (8.0 % vs 10.0 %, p = 0.11)', () => {
    const decision = judge(input({ loads: 400, errors: 0, opens: 32 }, { loads: 2000, errors: 0, opens: 200 }, { policy: openRateGuard }));
    expect(decision.verdict).toBe('promote');
    expect(decision.snapshot.guards[0]).toMatchObject({ status: 'pass', pValue: expect.closeTo(0.10828825885163945, 12) });
  });

  it('guards conversion too (2.5 % vs 5.0 %, p = 0.015)', () => {
    const policy = withGuards([{ metric: 'conversion', maxRelativeDrop: 0.2 }]);
    const decision = judge(input({ loads: 400, errors: 0, conversions: 10 }, { loads: 2000, errors: 0, conversions: 100 }, { policy }));
    expect(decision.verdict).toBe('rollback');
    expect(decision.reasons[0]).toMatch(/^canary conversion rate 2\.5% \(10\/400\) is 50\.0% below stable 5\.0% \(100\/2,000\)/);
  });

  it('skips a guard whose metric is missing or has no stable baseline', () => {
    const missing = judge(input({ loads: 400, errors: 0 }, { loads: 2000, errors: 0, opens: 200 }, { policy: openRateGuard }));
    expect(missing.verdict).toBe('promote');
    expect(missing.snapshot.guards[0]).toMatchObject({ status: 'skipped', canaryRate: null, pValue: null });

    const noBaseline = judge(input({ loads: 400, errors: 0, opens: 0 }, { loads: 2000, errors: 0, opens: 0 }, { policy: openRateGuard }));
    expect(noBaseline.verdict).toBe('promote');
    expect(noBaseline.snapshot.guards[0]?.status).toBe('skipped');
  });
});

describe('judge: duration and promotion', () => {
  const healthyCanary: ArmMetrics = { loads: 250, errors: 2, p95LoadMs: 850, opens: 30 };
  const stable: ArmMetrics = { loads: 1000, errors: 10, p95LoadMs: 800, opens: 110 };

  it('promotes a healthy canary once the step has run long enough, explaining every check', () => {
    const decision = judge(input(healthyCanary, stable));
    expect(decision.verdict).toBe('promote');
    expect(decision.reasons).toEqual([
      'the step has run 15m, at least its minimum of 10m',
      'canary error rate 0.80% (2/250) is within the 5.0% limit',
      'canary error rate 0.80% (2/250) is not significantly higher than stable 1.0% (10/1,000) (one-sided p = 0.61, significance 0.05)',
      'canary p95 load time 850 ms is within the 2,000 ms limit',
    ]);
    expect(decision.snapshot.checks.map((check) => check.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('holds a healthy canary until the minimum duration', () => {
    const decision = judge(input(healthyCanary, stable, { now: T0 + 250_000 }));
    expect(decision.verdict).toBe('hold');
    expect(decision.reasons[0]).toBe('the step has run 4m 10s of its minimum 10m; holding while the canary stays healthy');
    expect(decision.snapshot.durationReached).toBe(false);
  });

  it('rolls back a broken canary before the minimum duration once the sample suffices', () => {
    const decision = judge(input({ loads: 300, errors: 60 }, stable, { now: T0 + MINUTE }));
    expect(decision.verdict).toBe('rollback');
  });

  it('lists every failed check', () => {
    const decision = judge(input({ loads: 1000, errors: 100, p95LoadMs: 4000 }, { loads: 1000, errors: 10 }));
    expect(decision.verdict).toBe('rollback');
    expect(decision.reasons).toHaveLength(3);
    expect(decision.snapshot.checks.map((check) => check.name)).toEqual(['error_rate_limit', 'error_rate_vs_stable', 'p95_load_time']);
  });

  it('treats a clock that went backwards as no time elapsed', () => {
    const decision = judge(input(healthyCanary, stable, { now: T0 - MINUTE }));
    expect(decision.snapshot.elapsedMs).toBe(0);
    expect(decision.verdict).toBe('hold');
  });

  it('stores the policy numbers it used', () => {
    expect(judge(input(healthyCanary, stable)).snapshot.policy).toEqual({
      minStepDurationMs: 600_000,
      minSamplePerStep: 200,
      maxErrorRate: 0.05,
      maxP95LoadMs: 2000,
      significance: 0.05,
      guards: [],
    });
  });
});

describe('judge: properties', () => {
  const arm = fc.nat({ max: 50_000 }).chain((loads) =>
    fc.record(
      {
        loads: fc.constant(loads),
        errors: fc.nat({ max: loads + 10 }),
        opens: fc.nat({ max: loads }),
        conversions: fc.nat({ max: loads }),
        p95LoadMs: fc.option(fc.integer({ min: 0, max: 10_000 })),
        loadTimesMs: fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 30 }),
      },
      { requiredKeys: ['loads', 'errors'] },
    ),
  );
  const policy = fc.record({
    minSamplePerStep: fc.nat({ max: 1000 }),
    minStepDurationMs: fc.nat({ max: 3_600_000 }),
    guards: fc.constantFrom<RolloutPolicy['guards']>([], [{ metric: 'open_rate', maxRelativeDrop: 0.1 }], [{ metric: 'conversion', maxRelativeDrop: 0.2 }]),
  });
  const elapsed = fc.integer({ min: -60_000, max: 7_200_000 });

  it('never yields NaN or undefined: the snapshot survives a JSON round trip', () => {
    fc.assert(
      fc.property(arm, arm, policy, elapsed, (canary, stable, p, ms) => {
        const decision = judge(input(canary, stable, { policy: withPolicyDefaults(p), now: T0 + ms }));
        expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
        expect(decision.reasons.length).toBeGreaterThan(0);
      }),
    );
  });

  it('holds whenever the canary has fewer loads than the minimum sample', () => {
    fc.assert(
      fc.property(arm, arm, policy, elapsed, (canary, stable, p, ms) => {
        fc.pre(canary.loads < p.minSamplePerStep || canary.loads === 0);
        expect(judge(input(canary, stable, { policy: withPolicyDefaults(p), now: T0 + ms })).verdict).toBe('hold');
      }),
    );
  });

  it('promotes only with enough sample, enough time and no failed check', () => {
    fc.assert(
      fc.property(arm, arm, policy, elapsed, (canary, stable, p, ms) => {
        const { verdict, snapshot } = judge(input(canary, stable, { policy: withPolicyDefaults(p), now: T0 + ms }));
        if (verdict === 'promote') {
          expect(snapshot.sampleSufficient && snapshot.durationReached).toBe(true);
          expect(snapshot.checks.some((check) => check.status === 'fail')).toBe(false);
        }
        if (verdict === 'rollback') expect(snapshot.checks.some((check) => check.status === 'fail')).toBe(true);
      }),
    );
  });

  it('never turns a rollback into a promotion when the canary has more errors', () => {
    fc.assert(
      fc.property(arm, arm, fc.nat({ max: 1000 }), (canary, stable, extra) => {
        const before = judge(input(canary, stable)).verdict;
        const after = judge(input({ ...canary, errors: canary.errors + extra }, stable)).verdict;
        if (before === 'rollback') expect(after).toBe('rollback');
      }),
    );
  });
});

describe('judge: bad input', () => {
  it.each([
    ['negative loads', input({ loads: -1, errors: 0 }, NONE)],
    ['NaN errors', input({ loads: 10, errors: Number.NaN }, NONE)],
    ['negative opens', input({ loads: 10, errors: 0, opens: -1 }, NONE)],
    ['a NaN load time', input({ loads: 10, errors: 0, loadTimesMs: [Number.NaN] }, NONE)],
    ['a NaN clock', input(NONE, NONE, { now: Number.NaN })],
    ['an invalid policy', input(NONE, NONE, { policy: { ...POLICY, steps: [50, 25] } })],
  ])('throws a RangeError on %s', (_label, bad) => {
    expect(() => judge(bad)).toThrow(RangeError);
  });
});
