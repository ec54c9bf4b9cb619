export interface RolloutStepState {
  readonly steps: readonly number[];
  /** Index into `steps` of the step the canary is on now. */
  readonly stepIndex: number;
}

export type NextStep =
  | { readonly kind: 'advance'; readonly stepIndex: number; readonly percent: number }
  | { readonly kind: 'complete'; readonly percent: 100 };

/**
 * Where a `promote` verdict takes the rollout: the next step, or `complete`
 * (the candidate becomes the active release) after the last step.
 */
export function nextStep(state: RolloutStepState): NextStep {
  const { steps, stepIndex } = state;
  if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= steps.length) {
    throw new RangeError(`stepIndex ${stepIndex} is outside the ${steps.length} steps`);
  }
  const next = steps[stepIndex + 1];
  if (next === undefined) return { kind: 'complete', percent: 100 };
  return { kind: 'advance', stepIndex: stepIndex + 1, percent: next };
}
