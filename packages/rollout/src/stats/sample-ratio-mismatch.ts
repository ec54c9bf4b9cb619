import { chiSquareSurvival } from './chi-square-survival.js';

/** Flag a sample-ratio mismatch below this p-value (the usual, conservative choice). */
export const SRM_THRESHOLD = 0.001;

export interface SampleRatioMismatch {
  readonly chiSquare: number;
  readonly df: number;
  readonly pValue: number;
  readonly mismatch: boolean;
  /** Counts each arm should have had, given the total and the weights. */
  readonly expected: readonly number[];
}

function assertInputs(observed: readonly number[], weights: readonly number[]): void {
  if (observed.length === 0 || observed.length !== weights.length) {
    throw new RangeError(`need one weight per observed count (got ${observed.length} counts, ${weights.length} weights)`);
  }
  for (const count of observed) {
    if (!Number.isFinite(count) || count < 0) throw new RangeError(`observed counts must be finite and ≥ 0, got ${count}`);
  }
  for (const weight of weights) {
    if (!Number.isFinite(weight) || weight <= 0) throw new RangeError(`expected weights must be finite and > 0, got ${weight}`);
  }
}

/**
 * Pearson's chi-square goodness-of-fit test of the arms' visitor counts against
 * the configured weights (df = arms − 1). No visitors or a single arm: p = 1.
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  expectedWeights: readonly number[],
  threshold = SRM_THRESHOLD,
): SampleRatioMismatch {
  assertInputs(observed, expectedWeights);
  const total = observed.reduce((sum, count) => sum + count, 0);
  const weightSum = expectedWeights.reduce((sum, weight) => sum + weight, 0);
  const expected = expectedWeights.map((weight) => (total * weight) / weightSum);
  const df = observed.length - 1;
  if (total === 0 || df === 0) return { chiSquare: 0, df, pValue: 1, mismatch: false, expected };
  const chiSquare = observed.reduce((sum, count, i) => {
    const e = expected[i] ?? 0;
    return sum + ((count - e) * (count - e)) / e;
  }, 0);
  const pValue = chiSquareSurvival(chiSquare, df);
  return { chiSquare, df, pValue, mismatch: pValue < threshold, expected };
}
