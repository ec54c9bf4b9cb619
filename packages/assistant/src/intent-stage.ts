import { type Classification, classify } from './classify.js';
import type { IntentModel } from './intent-model.js';

export type IntentStageResult =
  | { readonly outcome: 'answered' | 'handoff'; readonly intent: string; readonly classification: Classification }
  | { readonly outcome: 'below_threshold'; readonly classification: Classification }
  | { readonly outcome: 'skipped' };

/** Classifies the message; an intent at or above the threshold answers (or hands over for handoff intents). */
export function intentStage(
  model: IntentModel | null,
  text: string,
  options: { readonly threshold?: number; readonly handoffIntents?: readonly string[] } = {},
): IntentStageResult {
  if (!model || model.labels.length === 0) return { outcome: 'skipped' };
  const classification = classify(model, text, options.threshold === undefined ? {} : { threshold: options.threshold });
  const { intent } = classification;
  if (intent === null) return { outcome: 'below_threshold', classification };
  return { outcome: options.handoffIntents?.includes(intent) ? 'handoff' : 'answered', intent, classification };
}
