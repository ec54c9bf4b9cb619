import type { RolloutPolicyInput } from '@parley/contracts';

/** The canary form as typed: text inputs, percentages as the user sees them. */
export interface PolicyForm {
  steps: string;
  minStepMinutes: string;
  minSample: string;
  /** Percent, e.g. "5" for 5%. */
  maxErrorRatePercent: string;
  maxP95Ms: string;
}

export const defaultPolicyForm: PolicyForm = {
  steps: '5, 25, 50, 100',
  minStepMinutes: '10',
  minSample: '200',
  maxErrorRatePercent: '5',
  maxP95Ms: '2000',
};

export type PolicyErrors = Partial<Record<keyof PolicyForm, string>>;

export type PolicyResult = { ok: true; policy: RolloutPolicyInput } | { ok: false; errors: PolicyErrors };

/** "5, 25 50;100" → [5, 25, 50, 100]; each step in (0, 100], strictly increasing, 1 to 20 steps. */
export function parseSteps(text: string): { steps: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  if (parts.length === 0) return { error: 'give at least one step' };
  if (parts.length > 20) return { error: 'at most 20 steps' };
  const steps: number[] = [];
  for (const part of parts) {
    const n = Number(part.replace(/%$/, ''));
    if (!Number.isFinite(n)) return { error: `“${part}” is not a number` };
    if (n <= 0 || n > 100) return { error: 'each step must be above 0 and at most 100' };
    const last = steps[steps.length - 1];
    if (last !== undefined && n <= last) return { error: 'steps must increase' };
    steps.push(n);
  }
  return { steps };
}

function parseNumber(text: string, { min, max, integer }: { min: number; max: number; integer: boolean }): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return 'required';
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return 'must be a number';
  if (integer && !Number.isInteger(n)) return 'must be a whole number';
  if (n < min || n > max) return `must be between ${min} and ${max}`;
  return n;
}

/** Validates the canary form into the contract's policy (error rate as a 0..1 fraction). */
export function formToPolicy(form: PolicyForm): PolicyResult {
  const errors: PolicyErrors = {};
  const steps = parseSteps(form.steps);
  if ('error' in steps) errors.steps = steps.error;
  const minutes = parseNumber(form.minStepMinutes, { min: 0, max: 7 * 24 * 60, integer: false });
  if (typeof minutes === 'string') errors.minStepMinutes = minutes;
  const sample = parseNumber(form.minSample, { min: 1, max: 10_000_000, integer: true });
  if (typeof sample === 'string') errors.minSample = sample;
  const errorRate = parseNumber(form.maxErrorRatePercent, { min: 0, max: 100, integer: false });
  if (typeof errorRate === 'string') errors.maxErrorRatePercent = errorRate;
  const p95 = parseNumber(form.maxP95Ms, { min: 1, max: 600_000, integer: true });
  if (typeof p95 === 'string') errors.maxP95Ms = p95;
  if ('error' in steps || typeof minutes === 'string' || typeof sample === 'string' || typeof errorRate === 'string' || typeof p95 === 'string') {
    return { ok: false, errors };
  }
  return {
    ok: true,
    policy: {
      steps: steps.steps,
      minStepDurationMinutes: minutes,
      minSamplePerStep: sample,
      // Rounded so that e.g. 0.07 stays 0.07 and not 0.07000000000000001.
      maxErrorRate: Math.round(errorRate * 1e6) / 1e8,
      maxP95LoadMs: p95,
    },
  };
}
