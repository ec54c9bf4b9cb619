import type { LlmPort } from '@parley/assistant';

/** What the LLM provider needs of a bot's assistant settings. */
export interface BotLlmSettings {
  orgId: string;
  botId: string;
  /** Per-bot endpoint; the global LLM_* configuration when null. */
  llmBaseUrl: string | null;
  llmModel: string | null;
  llmApiKey: string | null;
  /** Tokens per calendar month (UTC); null is no limit. */
  llmMonthlyTokenBudget: number | null;
}

/**
 * Gives each bot its LLM (an OpenAI-compatible chat-completions endpoint behind a timeout, a circuit
 * breaker and the bot's monthly token budget). `complete` throws when the endpoint fails, hangs or the
 * budget is spent; the pipeline then says it does not know and offers a person.
 */
export interface LlmProvider {
  /** undefined when neither the bot nor the global configuration names an endpoint. */
  forBot(settings: BotLlmSettings): LlmPort | undefined;
  /** Whether the global LLM_* configuration exists. */
  readonly globalConfigured: boolean;
  /** Tokens the bot used this calendar month (UTC). */
  tokensThisMonth(orgId: string, botId: string): Promise<number>;
}
