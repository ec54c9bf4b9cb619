import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config.js';

const base = { NODE_ENV: 'test', PARLEY_DATA_DIR: 'memory://' };

describe('LLM configuration', () => {
  it('defaults to no global endpoint, 20 s total and 8 s first-token timeouts', () => {
    expect(loadConfig(base).llm).toEqual({
      baseUrl: undefined,
      model: undefined,
      apiKey: undefined,
      timeoutMs: 20_000,
      firstTokenTimeoutMs: 8_000,
      circuit: { failures: 5, cooldownMs: 30_000 },
    });
  });

  it('reads the global endpoint, timeouts and circuit settings', () => {
    const config = loadConfig({
      ...base,
      LLM_BASE_URL: 'https://llm.example/v1',
      LLM_MODEL: 'gpt-4o-mini',
      LLM_API_KEY: 'sk-test',
      LLM_TIMEOUT_MS: '5000',
      LLM_FIRST_TOKEN_TIMEOUT_MS: '2000',
      LLM_CIRCUIT_FAILURES: '2',
      LLM_CIRCUIT_COOLDOWN_MS: '1000',
    });
    expect(config.llm).toEqual({
      baseUrl: 'https://llm.example/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
      timeoutMs: 5000,
      firstTokenTimeoutMs: 2000,
      circuit: { failures: 2, cooldownMs: 1000 },
    });
  });

  it('fails fast on a base URL without a model, a non-http URL or a silly timeout', () => {
    expect(() => loadConfig({ ...base, LLM_BASE_URL: 'https://llm.example/v1' })).toThrow(/LLM_MODEL: required/);
    expect(() => loadConfig({ ...base, LLM_BASE_URL: 'ftp://llm.example', LLM_MODEL: 'm' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, LLM_TIMEOUT_MS: '5' })).toThrow(/LLM_TIMEOUT_MS/);
  });
});
