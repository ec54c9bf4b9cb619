import { buildGroundedPrompt } from '@parley/assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnFakeLlmServer, type SpawnedFakeLlm } from '../../test/fake-llm-server.js';
import { freePort } from '../../test/free-port.js';
import { LlmError } from './llm-error.js';
import { defaultStreamLimits, streamChatCompletion } from './stream-chat-completion.js';

const request = buildGroundedPrompt({
  question: 'Do you ship abroad?',
  locale: 'en',
  passages: [{ id: '1', kind: 'faq', text: 'Do you ship abroad?', answer: 'Yes, to 20 countries.', score: 0.9, source: { title: 'Shipping' } }],
});
const limits = { ...defaultStreamLimits, totalTimeoutMs: 2000, firstTokenTimeoutMs: 1000 };

async function errorOf(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LlmError) return error;
    throw error;
  }
  throw new Error('expected an LlmError');
}

describe('streamChatCompletion', () => {
  let fake: SpawnedFakeLlm;
  beforeAll(async () => {
    fake = await spawnFakeLlmServer();
  });
  afterAll(() => fake.stop());

  it('keeps streaming when the token listener throws', async () => {
    const seen: string[] = [];
    const listenerErrors: unknown[] = [];
    const answer = await streamChatCompletion(
      { baseUrl: fake.baseUrl, model: 'echo', apiKey: undefined },
      request,
      (token) => {
        seen.push(token);
        throw new Error('socket gone');
      },
      { limits, onTokenError: (error) => listenerErrors.push(error) },
    );
    expect(answer.text).toBe('According to Shipping [1]: Q: Do you ship abroad?');
    expect(seen.join('')).toBe(answer.text);
    expect(listenerErrors).toHaveLength(seen.length);
  });

  it('sends the system prompt first, then the conversation, with a trailing slash in the base URL', async () => {
    await fake.clearRequests();
    await streamChatCompletion({ baseUrl: `${fake.baseUrl}/`, model: 'echo', apiKey: 'k' }, request, () => {}, { limits });
    const [sent] = await fake.requests();
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.body).toMatchObject({ messages: [{ role: 'system', content: request.system }, { role: 'user', content: 'Do you ship abroad?' }] });
  });

  it('reports an unreachable endpoint as an http_error', async () => {
    const port = await freePort();
    const error = await errorOf(streamChatCompletion({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'echo', apiKey: 'secret-key' }, request, () => {}, { limits }));
    expect(error.code).toBe('http_error');
    expect(error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
    expect(error.message).not.toContain('secret-key');
  });

  it('refuses a response that is not an event stream or JSON, and caps the bytes read', async () => {
    const html = await errorOf(
      streamChatCompletion({ baseUrl: fake.baseUrl, model: 'echo', apiKey: undefined }, request, () => {}, {
        limits,
        fetch: async () => new Response('<html>hi</html>', { headers: { 'content-type': 'text/html' } }),
      }),
    );
    expect(html).toMatchObject({ code: 'bad_response' });
    expect(html.message).toContain('"text/html"');
    const big = await errorOf(streamChatCompletion({ baseUrl: fake.baseUrl, model: 'huge', apiKey: undefined }, request, () => {}, { limits: { ...limits, maxAnswerChars: 1_000_000, maxResponseBytes: 8 * 1024 } }));
    expect(big.message).toMatch(/more than 8192 bytes/);
  });

  it('reports an error sent inside the stream', async () => {
    const body = 'data: {"error":{"message":"quota exceeded"}}\n\n';
    const error = await errorOf(
      streamChatCompletion({ baseUrl: fake.baseUrl, model: 'echo', apiKey: undefined }, request, () => {}, {
        limits,
        fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
      }),
    );
    expect(error).toMatchObject({ code: 'bad_response', message: 'The LLM endpoint reported an error inside its stream.' });
  });
});
