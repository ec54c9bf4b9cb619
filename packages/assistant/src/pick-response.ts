import type { IntentResponse } from './pipeline-types.js';

/** One of an intent's responses: chosen by `random` (0 ≤ x < 1) when given, else the first. */
export function pickResponse(responses: readonly IntentResponse[], random?: () => number): IntentResponse | null {
  const usable = responses.filter((response) => response.text.trim() !== '');
  if (usable.length === 0) return null;
  const index = random ? Math.min(usable.length - 1, Math.max(0, Math.floor(random() * usable.length))) : 0;
  return usable[index] ?? null;
}
