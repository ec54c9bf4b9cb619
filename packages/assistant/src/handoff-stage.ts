import { detectHandoff, type HandoffReason, type Locale } from './detect-handoff.js';

export type HandoffStageResult = { readonly outcome: 'silent' } | { readonly outcome: 'handoff'; readonly reason: HandoffReason } | { readonly outcome: 'no_match' };

/** First stage: in human mode the bot stays silent; an explicit request for a person hands over. */
export function handoffStage(input: { readonly text: string; readonly locale: Locale; readonly humanMode: boolean }): HandoffStageResult {
  if (input.humanMode) return { outcome: 'silent' };
  const detection = detectHandoff(input.text, { locale: input.locale });
  return detection.handoff ? { outcome: 'handoff', reason: detection.reason ?? 'explicit_request' } : { outcome: 'no_match' };
}
