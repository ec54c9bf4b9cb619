import type { LlmProvider } from './llm-provider.js';

/** Used when no LLM provider is wired: nothing is configured and nothing was spent. */
export const noLlmProvider: LlmProvider = {
  forBot: () => undefined,
  globalConfigured: false,
  tokensThisMonth: async () => 0,
};
