import { BUCKET_COUNT, assertBucket } from './bucket.js';

export interface WeightedArm {
  readonly id: string;
  /** Any non-negative finite number; arms split traffic in proportion to weight. */
  readonly weight: number;
}

/** Sum of the arms' weights; throws RangeError on no arms, a bad weight or a total ≤ 0. */
export function totalWeight(arms: readonly WeightedArm[]): number {
  if (arms.length === 0) throw new RangeError('an experiment needs at least one arm');
  let total = 0;
  for (const arm of arms) {
    if (!Number.isFinite(arm.weight) || arm.weight < 0) {
      throw new RangeError(`arm ${arm.id} has weight ${arm.weight}; weights must be finite and not negative`);
    }
    total += arm.weight;
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new RangeError(`the arms' weights must add up to a positive finite number, got ${total}`);
  }
  return total;
}

/**
 * The arm for a visitor's bucket: the bucket's midpoint, scaled to the total
 * weight, falls into one arm's slice of the cumulative weights. Deterministic;
 * an arm with weight 0 is never chosen.
 */
export function chooseArm(bucketValue: number, arms: readonly WeightedArm[]): string {
  assertBucket(bucketValue);
  const total = totalWeight(arms);
  const point = ((bucketValue + 0.5) / BUCKET_COUNT) * total;
  let cumulative = 0;
  let lastPositive = '';
  for (const arm of arms) {
    if (arm.weight === 0) continue;
    cumulative += arm.weight;
    lastPositive = arm.id;
    if (point < cumulative) return arm.id;
  }
  // Only reachable through floating-point rounding at the very top.
  return lastPositive;
}
