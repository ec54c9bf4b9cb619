import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { experimentResults } from './experiment-results.js';

describe('experimentResults', () => {
  it('control 20.0 % (200/1,000) vs 25.0 % (250/1,000): lift +5 points, +25 %, p ≈ 0.0074', () => {
    const results = experimentResults(
      [
        { id: 'v1', visitors: 1000, conversions: 200 },
        { id: 'v2', visitors: 1000, conversions: 250 },
      ],
      'v1',
    );
    const [control, treatment] = results.arms;
    expect(control).toMatchObject({ id: 'v1', isControl: true, rate: 0.2, lift: null });
    expect(treatment).toMatchObject({ id: 'v2', isControl: false, rate: 0.25 });
    const lift = treatment?.lift;
    // Wald: 0.05 ± 1.959964 · √(0.2·0.8/1000 + 0.25·0.75/1000) = 0.05 ± 0.036536.
    expect(lift?.absolute).toBeCloseTo(0.05, 12);
    expect(lift?.absoluteCi95.lower).toBeCloseTo(0.01346362168753984, 12);
    expect(lift?.absoluteCi95.upper).toBeCloseTo(0.08653637831246014, 12);
    expect(lift?.relative).toBeCloseTo(0.25, 12);
    expect(lift?.relativeCi95?.lower).toBeCloseTo(0.0673181084376992, 12);
    expect(lift?.relativeCi95?.upper).toBeCloseTo(0.4326818915623007, 12);
    expect(lift?.z).toBeCloseTo(2.677397763008329, 12);
    expect(lift?.pValue).toBeCloseTo(0.007419649261025693, 12);
    expect(results.sampleRatioMismatch).toMatchObject({ chiSquare: 0, pValue: 1, mismatch: false });
    expect(results.confidenceLevel).toBe(0.95);
  });

  it('a small lift whose interval spans 0: 11.0 % vs 10.0 %, p ≈ 0.47', () => {
    const results = experimentResults(
      [
        { id: 'b', visitors: 1000, conversions: 110 },
        { id: 'a', visitors: 1000, conversions: 100 },
      ],
      'a',
    );
    const lift = results.arms[0]?.lift;
    expect(lift?.absoluteCi95.lower).toBeCloseTo(-0.01686652401053077, 12);
    expect(lift?.absoluteCi95.upper).toBeCloseTo(0.03686652401053076, 12);
    expect(lift?.relative).toBeCloseTo(0.1, 12);
    expect(lift?.pValue).toBeCloseTo(0.46574358793363524, 12);
  });

  it('flags a sample-ratio mismatch against the weights (5,000 / 5,400 on 50/50)', () => {
    const results = experimentResults(
      [
        { id: 'a', visitors: 5000, conversions: 500, weight: 50 },
        { id: 'b', visitors: 5400, conversions: 540, weight: 50 },
      ],
      'a',
    );
    expect(results.sampleRatioMismatch.mismatch).toBe(true);
    expect(results.sampleRatioMismatch.pValue).toBeCloseTo(8.769942375590239e-5, 15);
  });

  it('uses the weights for the expected split (70/30)', () => {
    const results = experimentResults(
      [
        { id: 'a', visitors: 7000, conversions: 10, weight: 70 },
        { id: 'b', visitors: 3000, conversions: 10, weight: 30 },
      ],
      'a',
    );
    expect(results.sampleRatioMismatch).toMatchObject({ chiSquare: 0, mismatch: false });
  });

  it('keeps the interval of a difference within [-1, 1] on tiny samples (3/4 against 0/2: Wald says up to 1.17)', () => {
    const { arms } = experimentResults(
      [
        { id: 'a', visitors: 2, conversions: 0 },
        { id: 'b', visitors: 4, conversions: 3 },
      ],
      'a',
    );
    expect(arms[1]?.lift?.absolute).toBe(0.75);
    expect(arms[1]?.lift?.absoluteCi95.upper).toBe(1);
    expect(arms[1]?.lift?.absoluteCi95.lower).toBeCloseTo(0.75 - 1.959964 * Math.sqrt((0.75 * 0.25) / 4), 5);
  });

  it('has no rate or lift without visitors, and no relative lift when control never converts', () => {
    const empty = experimentResults(
      [
        { id: 'a', visitors: 0, conversions: 0 },
        { id: 'b', visitors: 0, conversions: 0 },
      ],
      'a',
    );
    expect(empty.arms.map((arm) => [arm.rate, arm.lift])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(empty.sampleRatioMismatch.pValue).toBe(1);

    const zeroControl = experimentResults(
      [
        { id: 'a', visitors: 100, conversions: 0 },
        { id: 'b', visitors: 100, conversions: 3 },
      ],
      'a',
    );
    expect(zeroControl.arms[1]?.lift).toMatchObject({ absolute: 0.03, relative: null, relativeCi95: null });
  });

  it('is NaN-free and JSON round-trips for any counts', () => {
    const arm = fc.nat({ max: 100_000 }).chain((visitors) => fc.record({ visitors: fc.constant(visitors), conversions: fc.nat({ max: visitors }) }));
    fc.assert(
      fc.property(fc.array(arm, { minLength: 2, maxLength: 5 }), (counts) => {
        const results = experimentResults(
          counts.map((c, i) => ({ id: `arm-${i}`, ...c })),
          'arm-0',
        );
        expect(JSON.parse(JSON.stringify(results))).toEqual(results);
        for (const result of results.arms) {
          if (result.lift === null) continue;
          expect(result.lift.absoluteCi95.lower).toBeLessThanOrEqual(result.lift.absolute + 1e-12);
          expect(result.lift.absoluteCi95.upper).toBeGreaterThanOrEqual(result.lift.absolute - 1e-12);
          // A difference of two rates: the interval stays within [-1, 1].
          expect(result.lift.absoluteCi95.lower).toBeGreaterThanOrEqual(-1);
          expect(result.lift.absoluteCi95.upper).toBeLessThanOrEqual(1);
          expect(result.lift.pValue).toBeGreaterThanOrEqual(0);
          expect(result.lift.pValue).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('rejects fewer than two arms, duplicate ids, an unknown control and impossible counts', () => {
    expect(() => experimentResults([{ id: 'a', visitors: 1, conversions: 0 }], 'a')).toThrow(RangeError);
    const a = { id: 'a', visitors: 10, conversions: 1 };
    const b = { id: 'b', visitors: 10, conversions: 1 };
    expect(() => experimentResults([a, b], 'c')).toThrow(/control arm c/);
    expect(() => experimentResults([a, { ...b, id: 'a' }], 'a')).toThrow(/unique/);
    expect(() => experimentResults([{ ...a, conversions: 11 }, b], 'a')).toThrow(RangeError);
    expect(() => experimentResults([{ ...a, visitors: -1 }, b], 'a')).toThrow(RangeError);
    expect(() => experimentResults([{ ...a, weight: 0 }, b], 'a')).toThrow(RangeError);
  });
});
