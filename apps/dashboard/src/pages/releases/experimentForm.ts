import { StartExperimentBody } from '@parley/contracts';
import type { ExperimentGoal } from '@parley/contracts';

export interface ArmForm {
  releaseId: string;
  weight: string;
}

export type GoalKind = ExperimentGoal['kind'];

export interface ExperimentForm {
  name: string;
  arms: ArmForm[];
  goalKind: GoalKind;
  eventName: string;
}

export type ExperimentResult = { ok: true; body: StartExperimentBody } | { ok: false; errors: string[] };

/** Validates the experiment form: 2–5 distinct releases, whole-number weights 1–10,000, a goal. */
export function formToExperiment(form: ExperimentForm): ExperimentResult {
  const errors: string[] = [];
  if (form.name.trim() === '') errors.push('Name: give the experiment a name.');
  if (form.arms.length < 2) errors.push('Arms: an experiment needs at least two arms.');
  if (form.arms.length > 5) errors.push('Arms: at most five arms.');
  const ids = form.arms.map((a) => a.releaseId);
  if (ids.some((id) => id === '')) errors.push('Arms: choose a release for every arm.');
  if (new Set(ids.filter((id) => id !== '')).size !== ids.filter((id) => id !== '').length) {
    errors.push('Arms: each arm must use a different release.');
  }
  const arms = form.arms.map((arm, index) => {
    const weight = Number(arm.weight.trim());
    if (arm.weight.trim() === '' || !Number.isInteger(weight) || weight < 1 || weight > 10_000) {
      errors.push(`Arm ${index + 1}: the weight must be a whole number from 1 to 10,000.`);
    }
    return { releaseId: arm.releaseId, weight };
  });
  const goal: ExperimentGoal =
    form.goalKind === 'event' ? { kind: 'event', event: form.eventName.trim() } : { kind: form.goalKind };
  if (goal.kind === 'event' && goal.event === '') errors.push('Goal: give the event name, e.g. purchase.');
  if (errors.length > 0) return { ok: false, errors };
  const parsed = StartExperimentBody.safeParse({ name: form.name.trim(), arms, goal });
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'Experiment'}: ${i.message}`) };
  }
  return { ok: true, body: parsed.data };
}

/** Each arm's share of traffic in percent, e.g. weights 1,1,2 → 25, 25, 50. */
export function armShares(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + (Number.isFinite(w) && w > 0 ? w : 0), 0);
  return weights.map((w) => (total > 0 && Number.isFinite(w) && w > 0 ? (w / total) * 100 : 0));
}
