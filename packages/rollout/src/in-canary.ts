import { assertBucket } from './bucket.js';

/**
 * A percentage (0..100, fractions allowed) as a whole number of basis points
 * (0..10,000), rounded to the nearest basis point.
 */
export function percentToBasisPoints(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`percent must be between 0 and 100, got ${percent}`);
  }
  return Math.round(percent * 100);
}

/**
 * Whether the visitor with this bucket gets the canary at `percent` %:
 * bucket < percent × 100. Raising the percentage only adds buckets, so a
 * visitor never moves from the canary back to stable.
 */
export function inCanary(bucketValue: number, percent: number): boolean {
  assertBucket(bucketValue);
  return bucketValue < percentToBasisPoints(percent);
}
