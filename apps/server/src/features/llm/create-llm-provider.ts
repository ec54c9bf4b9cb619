import type { LlmCompletion, LlmRequest } from '@parley/assistant';
import { isBrokenCircuitError } from 'cockatiel';
import type { BotLlmSettings, LlmProvider } from '../assistant/llm-provider.js';
import { estimateTokens } from './estimate-tokens.js';
import { createLlmCircuitBreakers, type CircuitOptions } from './llm-circuit-breakers.js';
import { LlmError } from './llm-error.js';
import type { LlmUsage } from './llm-usage-store.js';
import { describeLlmEndpoint, resolveLlmEndpoint, type GlobalLlmEndpoint } from './resolve-llm-endpoint.js';
import { defaultStreamLimits, streamChatCompletion, type LlmEndpoint } from './stream-chat-completion.js';
import { usageMonth } from './usage-month.js';

/** config.llm */
export interface LlmOptions extends GlobalLlmEndpoint {
  timeoutMs: number;
  firstTokenTimeoutMs: number;
  circuit: CircuitOptions;
  /** Longest answer accepted, in characters (default 32 KiB). */
  maxAnswerChars?: number;
}

export interface LlmLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface LlmProviderDeps {
  options: LlmOptions;
  usage: {
    find(orgId: string, botId: string, month: string): Promise<LlmUsage>;
    add(orgId: string, botId: string, month: string, usage: LlmUsage): Promise<void>;
  };
  now: () => Date;
  log: LlmLog;
  /** The HTTP client (default: the global fetch). */
  fetch?: typeof fetch;
}

/**
 * The LLM provider of the server: each bot's OpenAI-compatible endpoint (its own or the global one) behind
 * the bot's monthly token budget, a circuit breaker per endpoint, a first-token and a total timeout and an
 * answer size cap. Every failure is an LlmError; usage (tokens, requests, failures) is counted per bot and
 * month. Logs name the endpoint's origin and model, never its key.
 */
export function createLlmProvider(deps: LlmProviderDeps): LlmProvider {
  const { options } = deps;
  const globalConfigured = resolveLlmEndpoint({ llmBaseUrl: null, llmModel: null, llmApiKey: null }, options) !== undefined;
  const breakers = createLlmCircuitBreakers(options.circuit);
  const limits = {
    ...defaultStreamLimits,
    totalTimeoutMs: options.timeoutMs,
    firstTokenTimeoutMs: Math.min(options.firstTokenTimeoutMs, options.timeoutMs),
    maxAnswerChars: options.maxAnswerChars ?? defaultStreamLimits.maxAnswerChars,
  };

  const record = async (settings: BotLlmSettings, month: string, usage: LlmUsage) => {
    try {
      await deps.usage.add(settings.orgId, settings.botId, month, usage);
    } catch (err) {
      deps.log.error({ err, botId: settings.botId }, 'LLM usage could not be recorded');
    }
  };

  const complete = async (settings: BotLlmSettings, endpoint: LlmEndpoint, request: LlmRequest, onToken: (token: string) => void): Promise<LlmCompletion> => {
    const month = usageMonth(deps.now());
    const budget = settings.llmMonthlyTokenBudget;
    if (budget !== null) {
      const used = (await deps.usage.find(settings.orgId, settings.botId, month)).tokens;
      if (used >= budget) throw new LlmError('budget_exhausted', `The bot has used its ${budget} LLM tokens for ${month}.`);
    }
    try {
      const completion = await breakers.for(endpoint).execute(() =>
        streamChatCompletion(endpoint, request, onToken, {
          limits,
          onTokenError: (err) => deps.log.warn({ err, botId: settings.botId }, 'LLM token listener failed'),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        }),
      );
      await record(settings, month, { tokens: completion.tokens, requests: 1, failures: 0 });
      return completion;
    } catch (error) {
      const failure = isBrokenCircuitError(error)
        ? new LlmError('circuit_open', 'The LLM endpoint failed repeatedly and is paused for a while.')
        : error instanceof LlmError
          ? error
          : new LlmError('bad_response', 'The LLM call failed.');
      deps.log.warn({ botId: settings.botId, llm: { endpoint: describeLlmEndpoint(endpoint), code: failure.code, status: failure.status } }, failure.message);
      if (failure.code !== 'circuit_open') {
        // Whatever streamed before the failure may well be billed.
        const spent = failure.partialText === '' ? 0 : estimateTokens(request.system) + estimateTokens(failure.partialText);
        await record(settings, month, { tokens: spent, requests: 1, failures: 1 });
      }
      throw failure;
    }
  };

  return {
    globalConfigured,
    async tokensThisMonth(orgId, botId) {
      return (await deps.usage.find(orgId, botId, usageMonth(deps.now()))).tokens;
    },
    forBot(settings) {
      const endpoint = resolveLlmEndpoint(settings, options);
      if (!endpoint) return undefined;
      return { complete: (request, onToken) => complete(settings, endpoint, request, onToken) };
    },
  };
}
