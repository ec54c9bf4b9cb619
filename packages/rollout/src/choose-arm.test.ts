import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucket } from './bucket.js';
import { type WeightedArm, chooseArm, totalWeight } from './choose-arm.js';

const VISITORS = fc.sample(fc.uuid(), { numRuns: 100_000, seed: 99 });
const BUCKETS = VISITORS.map((visitorId) => bucket('bot-7', visitorId, 'experiment-salt'));

function shares(arms: readonly WeightedArm[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of BUCKETS) {
    const id = chooseArm(b, arms);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return new Map([...counts].map(([id, count]) => [id, count / BUCKETS.length]));
}

function expectSplitWithinOnePoint(arms: readonly WeightedArm[]): void {
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  const observed = shares(arms);
  for (const arm of arms) {
    expect(Math.abs((observed.get(arm.id) ?? 0) - arm.weight / total) * 100).toBeLessThanOrEqual(1);
  }
}

describe('chooseArm', () => {
  it.each([
    [[50, 50]],
    [[10, 90]],
    [[1, 1, 1]],
    [[70, 20, 10]],
    [[0.25, 0.25, 0.5]],
    [[1, 2, 3, 4]],
    [[99, 1]],
  ])('splits 100,000 visitors by weights %j within ±1 point', (weights) => {
    expectSplitWithinOnePoint(weights.map((weight, i) => ({ id: `arm-${i}`, weight })));
  });

  it('splits within ±1 point for any weights', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 5 }), (weights) => {
        expectSplitWithinOnePoint(weights.map((weight, i) => ({ id: `arm-${i}`, weight })));
      }),
      { numRuns: 20 },
    );
  });

  it('is deterministic and always returns an arm with a positive weight', () => {
    const arms = fc.array(fc.record({ id: fc.uuid(), weight: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1000, noNaN: true })) }), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999 }), arms, (b, candidates) => {
        fc.pre(candidates.some((arm) => arm.weight > 0));
        const chosen = chooseArm(b, candidates);
        expect(chooseArm(b, candidates)).toBe(chosen);
        expect(candidates.some((arm) => arm.id === chosen && arm.weight > 0)).toBe(true);
      }),
    );
  });

  it('gives the first arm the low buckets and the last arm the high ones', () => {
    const arms = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ];
    expect(chooseArm(0, arms)).toBe('a');
    expect(chooseArm(4_999, arms)).toBe('a');
    expect(chooseArm(5_000, arms)).toBe('b');
    expect(chooseArm(9_999, arms)).toBe('b');
  });

  it('never chooses an arm with weight 0', () => {
    const arms = [
      { id: 'off', weight: 0 },
      { id: 'on', weight: 3 },
    ];
    expect(shares(arms).get('on')).toBe(1);
  });

  it('rejects no arms, a negative or non-finite weight and a total that is not positive', () => {
    expect(() => chooseArm(1, [])).toThrow(RangeError);
    expect(() => chooseArm(1, [{ id: 'a', weight: 0 }])).toThrow(RangeError);
    expect(() => chooseArm(1, [{ id: 'a', weight: -1 }, { id: 'b', weight: 2 }])).toThrow(RangeError);
    expect(() => chooseArm(1, [{ id: 'a', weight: Number.NaN }])).toThrow(RangeError);
    expect(() => chooseArm(1, [{ id: 'a', weight: Infinity }])).toThrow(RangeError);
    expect(() => chooseArm(10_000, [{ id: 'a', weight: 1 }])).toThrow(RangeError);
  });
});

describe('totalWeight', () => {
  it('adds the weights', () => {
    expect(totalWeight([{ id: 'a', weight: 2 }, { id: 'b', weight: 0.5 }])).toBe(2.5);
  });
});
