import type { LlmCompletion, LlmPort, LlmRequest } from './pipeline-types.js';

export type LlmStageResult =
  | { readonly outcome: 'answered'; readonly completion: LlmCompletion }
  | { readonly outcome: 'skipped' }
  | { readonly outcome: 'error'; readonly error: string };

/** Asks the LLM, streaming tokens through onToken. Errors and empty answers are reported, never thrown. */
export async function llmStage(llm: LlmPort | undefined, request: LlmRequest, onToken: (token: string) => void = () => {}): Promise<LlmStageResult> {
  if (!llm) return { outcome: 'skipped' };
  try {
    const completion = await llm.complete(request, onToken);
    if (typeof completion.text !== 'string' || completion.text.trim() === '') return { outcome: 'error', error: 'The LLM returned an empty answer.' };
    return { outcome: 'answered', completion: { text: completion.text.trim(), tokens: completion.tokens } };
  } catch (error) {
    return { outcome: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}
