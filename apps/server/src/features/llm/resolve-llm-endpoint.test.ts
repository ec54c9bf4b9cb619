import { describe, expect, it } from 'vitest';
import { describeLlmEndpoint, resolveLlmEndpoint } from './resolve-llm-endpoint.js';

const global = { baseUrl: 'https://llm.operator.example/v1', model: 'gpt-global', apiKey: 'sk-operator' };
const none = { llmBaseUrl: null, llmModel: null, llmApiKey: null };

describe('resolveLlmEndpoint', () => {
  it('uses the global endpoint, with the bot model and key when it has them', () => {
    expect(resolveLlmEndpoint(none, global)).toEqual({ baseUrl: global.baseUrl, model: 'gpt-global', apiKey: 'sk-operator' });
    expect(resolveLlmEndpoint({ ...none, llmModel: 'gpt-bot', llmApiKey: 'sk-bot' }, global)).toEqual({ baseUrl: global.baseUrl, model: 'gpt-bot', apiKey: 'sk-bot' });
  });

  it("never sends the operator's key to a base URL the bot chose", () => {
    expect(resolveLlmEndpoint({ ...none, llmBaseUrl: 'https://tenant.example/v1' }, global)).toEqual({ baseUrl: 'https://tenant.example/v1', model: 'gpt-global', apiKey: undefined });
    expect(resolveLlmEndpoint({ llmBaseUrl: 'https://tenant.example/v1', llmModel: 'm', llmApiKey: 'sk-t' }, global)).toEqual({ baseUrl: 'https://tenant.example/v1', model: 'm', apiKey: 'sk-t' });
  });

  it('is undefined without a base URL or without a model', () => {
    const empty = { baseUrl: undefined, model: undefined, apiKey: undefined };
    expect(resolveLlmEndpoint(none, empty)).toBeUndefined();
    expect(resolveLlmEndpoint({ ...none, llmModel: 'm' }, empty)).toBeUndefined();
    expect(resolveLlmEndpoint({ ...none, llmBaseUrl: 'https://tenant.example/v1' }, empty)).toBeUndefined();
  });

  it('describes an endpoint for logs without credentials or query', () => {
    expect(describeLlmEndpoint({ baseUrl: 'https://user:secret@llm.example/v1/?key=abc', model: 'm', apiKey: 'sk' })).toBe('https://llm.example/v1 m');
  });
});
