import { type SampleRatioMismatch, sampleRatioMismatch } from './stats/sample-ratio-mismatch.js';
import { Z_95 } from './stats/normal-cdf.js';
import { assertCounts, twoProportionZTest } from './stats/two-proportion-z-test.js';

export interface ExperimentArmInput {
  readonly id: string;
  /** Visitors assigned to the arm in the analysis window. */
  readonly visitors: number;
  /** Visitors who reached the goal (at most `visitors`). */
  readonly conversions: number;
  /** Configured traffic weight, for the sample-ratio check; default 1 (equal split). */
  readonly weight?: number;
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export interface Lift {
  /** Arm rate − control rate. */
  readonly absolute: number;
  /** 95 % Wald interval of the difference: diff ± 1.96·√(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀). */
  readonly absoluteCi95: Interval;
  /** (Arm rate − control rate) / control rate; null when the control rate is 0. */
  readonly relative: number | null;
  /** The absolute interval divided by the control rate; null when the control rate is 0. */
  readonly relativeCi95: Interval | null;
  readonly z: number;
  /** Two-sided p-value of the pooled two-proportion z-test against control. */
  readonly pValue: number;
}

export interface ExperimentArmResult {
  readonly id: string;
  readonly isControl: boolean;
  readonly visitors: number;
  readonly conversions: number;
  /** Conversions per visitor; null without visitors. */
  readonly rate: number | null;
  /** Against control; null for the control itself and when either arm has no visitors. */
  readonly lift: Lift | null;
}

export interface ExperimentResults {
  readonly controlId: string;
  readonly confidenceLevel: 0.95;
  readonly arms: readonly ExperimentArmResult[];
  readonly sampleRatioMismatch: SampleRatioMismatch;
}

function assertArms(arms: readonly ExperimentArmInput[], controlId: string): void {
  if (arms.length < 2) throw new RangeError(`an experiment needs at least two arms, got ${arms.length}`);
  const ids = new Set(arms.map((arm) => arm.id));
  if (ids.size !== arms.length) throw new RangeError('arm ids must be unique');
  if (!ids.has(controlId)) throw new RangeError(`control arm ${controlId} is not among the arms`);
  for (const arm of arms) assertCounts(arm.conversions, arm.visitors, `arm ${arm.id}`);
}

function liftAgainst(arm: ExperimentArmInput, control: ExperimentArmInput): Lift | null {
  if (arm.visitors === 0 || control.visitors === 0) return null;
  const rate = arm.conversions / arm.visitors;
  const controlRate = control.conversions / control.visitors;
  const absolute = rate - controlRate;
  const margin = Z_95 * Math.sqrt((rate * (1 - rate)) / arm.visitors + (controlRate * (1 - controlRate)) / control.visitors);
  // A difference of two rates lies in [-1, 1]; the Wald interval can pass those bounds on small samples.
  const absoluteCi95 = { lower: Math.max(-1, absolute - margin), upper: Math.min(1, absolute + margin) };
  const test = twoProportionZTest(arm.conversions, arm.visitors, control.conversions, control.visitors);
  const relativeOf = (value: number): number => value / controlRate;
  return {
    absolute,
    absoluteCi95,
    relative: controlRate > 0 ? relativeOf(absolute) : null,
    relativeCi95: controlRate > 0 ? { lower: relativeOf(absoluteCi95.lower), upper: relativeOf(absoluteCi95.upper) } : null,
    z: test.z,
    pValue: test.pValueTwoSided,
  };
}

/**
 * Per-arm conversion rate and lift against the control (95 % Wald interval on the
 * difference, relative lift = difference / control rate, two-sided z-test p-value),
 * plus the sample-ratio-mismatch check of visitors against the weights.
 */
export function experimentResults(arms: readonly ExperimentArmInput[], controlId: string): ExperimentResults {
  assertArms(arms, controlId);
  const control = arms.find((arm) => arm.id === controlId);
  if (control === undefined) throw new RangeError(`control arm ${controlId} is not among the arms`);
  return {
    controlId,
    confidenceLevel: 0.95,
    arms: arms.map((arm) => ({
      id: arm.id,
      isControl: arm.id === controlId,
      visitors: arm.visitors,
      conversions: arm.conversions,
      rate: arm.visitors > 0 ? arm.conversions / arm.visitors : null,
      lift: arm.id === controlId ? null : liftAgainst(arm, control),
    })),
    sampleRatioMismatch: sampleRatioMismatch(
      arms.map((arm) => arm.visitors),
      arms.map((arm) => arm.weight ?? 1),
    ),
  };
}
