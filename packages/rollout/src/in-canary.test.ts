import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucket } from './bucket.js';
import { inCanary, percentToBasisPoints } from './in-canary.js';

const percent = fc.integer({ min: 0, max: 10_000 }).map((basisPoints) => basisPoints / 100);
const anyBucket = fc.integer({ min: 0, max: 9_999 });

describe('percentToBasisPoints', () => {
  it.each([
    [0, 0],
    [2.5, 250],
    [5, 500],
    [0.07, 7],
    [33.33, 3333],
    [100, 10_000],
  ])('turns %s %% into %i basis points', (input, expected) => {
    expect(percentToBasisPoints(input)).toBe(expected);
  });

  it.each([-0.01, 100.01, Number.NaN, Infinity])('rejects %s with a RangeError', (input) => {
    expect(() => percentToBasisPoints(input)).toThrow(RangeError);
  });
});

describe('inCanary', () => {
  it('is bucket < percent × 100', () => {
    expect(inCanary(249, 2.5)).toBe(true);
    expect(inCanary(250, 2.5)).toBe(false);
    expect(inCanary(499, 5)).toBe(true);
    expect(inCanary(500, 5)).toBe(false);
  });

  it('puts nobody in a 0 % canary and everybody in a 100 % canary', () => {
    fc.assert(
      fc.property(anyBucket, (b) => {
        expect(inCanary(b, 0)).toBe(false);
        expect(inCanary(b, 100)).toBe(true);
      }),
    );
  });

  it('grows monotonically: a visitor in the canary at p1 is still in it at any p2 ≥ p1', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), fc.string(), percent, percent, (botId, visitorId, salt, x, y) => {
        const [low, high] = x <= y ? [x, y] : [y, x];
        const b = bucket(botId, visitorId, salt);
        if (inCanary(b, low)) expect(inCanary(b, high)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never moves a visitor back to stable along any increasing step plan', () => {
    const steps = fc.uniqueArray(percent, { minLength: 1, maxLength: 8 }).map((xs) => [...xs].sort((p, q) => p - q));
    fc.assert(
      fc.property(anyBucket, steps, (b, plan) => {
        const membership = plan.map((p) => inCanary(b, p));
        const firstIn = membership.indexOf(true);
        if (firstIn >= 0) expect(membership.slice(firstIn).every(Boolean)).toBe(true);
      }),
    );
  });

  it('rejects an out-of-range bucket or percentage', () => {
    expect(() => inCanary(10_000, 50)).toThrow(RangeError);
    expect(() => inCanary(-1, 50)).toThrow(RangeError);
    expect(() => inCanary(10, 101)).toThrow(RangeError);
  });
});
