import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKET_COUNT, assertBucket, bucket } from './bucket.js';
import { inCanary } from './in-canary.js';
import { chiSquareSurvival } from './stats/chi-square-survival.js';

const VISITORS = fc.sample(fc.uuid(), { numRuns: 100_000, seed: 20240601 });
const BOTS = fc.sample(fc.uuid(), { numRuns: 1_000, seed: 7 });

/** Pearson chi-square p-value of the buckets' spread over ten equal deciles. */
function decileUniformityP(buckets: readonly number[]): number {
  const counts = new Array<number>(10).fill(0);
  for (const b of buckets) counts[Math.floor(b / 1000)] = (counts[Math.floor(b / 1000)] ?? 0) + 1;
  const expected = buckets.length / 10;
  const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
  return chiSquareSurvival(chiSquare, 9);
}

function fractionInCanary(buckets: readonly number[], percent: number): number {
  return buckets.filter((b) => inCanary(b, percent)).length / buckets.length;
}

describe('bucket', () => {
  it('is an integer from 0 to 9,999 for ids of any shape', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: 'grapheme' }), fc.string(), (botId, visitorId, salt) => {
        const b = bucket(botId, visitorId, salt);
        expect(Number.isInteger(b)).toBe(true);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(BUCKET_COUNT);
      }),
    );
  });

  it('is sticky: the same bot, visitor and salt always give the same bucket', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string({ unit: 'binary', maxLength: 64 }), fc.string(), (botId, visitorId, salt) => {
        expect(bucket(botId, visitorId, salt)).toBe(bucket(botId, visitorId, salt));
      }),
    );
  });

  it('hashes `${salt}:${botId}:${visitorId}` (Unleash style) into 0..9,999', () => {
    expect(bucket('bot-1', 'visitor-1', 's1')).toBe(5462); // 0x536ac236 % 10,000
  });

  describe('split accuracy over 100,000 random visitor ids', () => {
    const buckets = VISITORS.map((visitorId) => bucket('bot-1', visitorId, 'rollout-salt'));

    it.each([0.5, 1, 2.5, 5, 10, 25, 33.3, 50, 75, 90, 99])('puts %s %% of visitors in the canary, ±1 point', (percent) => {
      expect(Math.abs(fractionInCanary(buckets, percent) * 100 - percent)).toBeLessThanOrEqual(1);
    });

    it('holds for any percentage', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10_000 }), (basisPoints) => {
          const percent = basisPoints / 100;
          expect(Math.abs(fractionInCanary(buckets, percent) * 100 - percent)).toBeLessThanOrEqual(1);
        }),
        { numRuns: 50 },
      );
    });

    it('holds for sequential visitor ids and other bots and salts too', () => {
      fc.assert(
        fc.property(fc.uuid(), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 99 }), (botId, salt, percent) => {
          const sequential = Array.from({ length: 100_000 }, (_, i) => bucket(botId, `visitor-${i}`, salt));
          expect(Math.abs(fractionInCanary(sequential, percent) * 100 - percent)).toBeLessThanOrEqual(1);
        }),
        { numRuns: 5 },
      );
    });

    it('spreads buckets evenly over the deciles', () => {
      expect(decileUniformityP(buckets)).toBeGreaterThan(0.001);
    });
  });

  describe('even spread across bots', () => {
    it('spreads one visitor evenly across 10,000 bots', () => {
      const bots = fc.sample(fc.uuid(), { numRuns: 10_000, seed: 11 });
      expect(decileUniformityP(bots.map((botId) => bucket(botId, 'the-same-visitor', 'salt')))).toBeGreaterThan(0.001);
    });

    it('gives every bot a binomial canary share (no bot skewed), 1,000 bots × 100 visitors', () => {
      const visitors = VISITORS.slice(0, 100);
      const percent = 10;
      const shares = BOTS.map((botId) => visitors.filter((v) => inCanary(bucket(botId, v, 'salt'), percent)).length);
      const all = BOTS.flatMap((botId) => visitors.map((v) => bucket(botId, v, 'salt')));
      expect(decileUniformityP(all)).toBeGreaterThan(0.001);

      const mean = shares.reduce((sum, share) => sum + share, 0) / shares.length;
      const variance = shares.reduce((sum, share) => sum + (share - mean) ** 2, 0) / (shares.length - 1);
      expect(Math.abs(mean - 10)).toBeLessThan(0.5);
      // Binomial(100, 0.1) has variance 9: the dispersion index stays near 1.
      expect(variance / 9).toBeGreaterThan(0.8);
      expect(variance / 9).toBeLessThan(1.2);
    });
  });

  describe('independent salts', () => {
    const a = VISITORS.map((visitorId) => bucket('bot-1', visitorId, 'salt-a'));
    const b = VISITORS.map((visitorId) => bucket('bot-1', visitorId, 'salt-b'));

    it.each([
      [50, 50],
      [10, 50],
      [5, 25],
    ])('assigns a %i %% canary and a %i %% canary independently (joint share ≈ product, ±1 point)', (pa, pb) => {
      const both = a.filter((bucketA, i) => inCanary(bucketA, pa) && inCanary(b[i] ?? 0, pb)).length / a.length;
      expect(Math.abs(both * 100 - (pa * pb) / 100)).toBeLessThanOrEqual(1);
    });

    it('leaves the buckets uncorrelated', () => {
      const mean = (xs: readonly number[]): number => xs.reduce((sum, x) => sum + x, 0) / xs.length;
      const ma = mean(a);
      const mb = mean(b);
      let cov = 0;
      let va = 0;
      let vb = 0;
      a.forEach((x, i) => {
        const y = b[i] ?? 0;
        cov += (x - ma) * (y - mb);
        va += (x - ma) ** 2;
        vb += (y - mb) ** 2;
      });
      expect(Math.abs(cov / Math.sqrt(va * vb))).toBeLessThan(0.01);
    });

    it('changes most visitors’ buckets', () => {
      const same = a.filter((bucketA, i) => bucketA === b[i]).length;
      expect(same).toBeLessThan(50); // about 10 expected by chance
    });
  });
});

describe('assertBucket', () => {
  it.each([0, 1, 9_999])('accepts %i', (value) => {
    expect(() => assertBucket(value)).not.toThrow();
  });

  it.each([-1, 10_000, 1.5, Number.NaN, Infinity])('rejects %s with a RangeError', (value) => {
    expect(() => assertBucket(value)).toThrow(RangeError);
  });
});
