import type { BotLlmSettings } from '../assistant/llm-provider.js';
import type { LlmEndpoint } from './stream-chat-completion.js';

/** The global LLM_* configuration. */
export interface GlobalLlmEndpoint {
  baseUrl: string | undefined;
  model: string | undefined;
  apiKey: string | undefined;
}

/**
 * The endpoint a bot's LLM calls go to: its own base URL (with its own key only: the operator's key never
 * goes to an address a tenant chose), else the global one (with the bot's key when it has one). The bot's
 * model wins over the global model on either. undefined when no base URL or no model is known.
 */
export function resolveLlmEndpoint(settings: Pick<BotLlmSettings, 'llmBaseUrl' | 'llmModel' | 'llmApiKey'>, global: GlobalLlmEndpoint): LlmEndpoint | undefined {
  const model = settings.llmModel ?? global.model;
  if (!model) return undefined;
  if (settings.llmBaseUrl) return { baseUrl: settings.llmBaseUrl, model, apiKey: settings.llmApiKey ?? undefined };
  if (!global.baseUrl) return undefined;
  return { baseUrl: global.baseUrl, model, apiKey: settings.llmApiKey ?? global.apiKey };
}

/** The endpoint for logs: origin and path, never credentials or a query. */
export function describeLlmEndpoint(endpoint: LlmEndpoint): string {
  try {
    const url = new URL(endpoint.baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')} ${endpoint.model}`;
  } catch {
    return `(invalid URL) ${endpoint.model}`;
  }
}
