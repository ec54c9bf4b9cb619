import type { LlmCompletion, LlmRequest } from '@parley/assistant';
import { createParser } from 'eventsource-parser';
import { ChatCompletion, ChatCompletionChunk, StreamedError, usageTokens } from './chat-completion-chunk.js';
import { estimateTokens } from './estimate-tokens.js';
import { LlmError } from './llm-error.js';
import { toChatMessages } from './to-chat-messages.js';

/** An OpenAI-compatible chat-completions endpoint. */
export interface LlmEndpoint {
  /** e.g. https://api.openai.com/v1 — requests go to `{baseUrl}/chat/completions`. */
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
}

export interface StreamLimits {
  /** The whole answer must have arrived by then (the request is aborted). */
  totalTimeoutMs: number;
  /** The first token of the answer must have arrived by then. */
  firstTokenTimeoutMs: number;
  /** Longest answer accepted, in characters. */
  maxAnswerChars: number;
  /** Most bytes read from the endpoint (answer, SSE framing and whatever junk it sends). */
  maxResponseBytes: number;
}

export const defaultStreamLimits: StreamLimits = {
  totalTimeoutMs: 20_000,
  firstTokenTimeoutMs: 8_000,
  maxAnswerChars: 32 * 1024,
  maxResponseBytes: 1024 * 1024,
};

export interface StreamOptions {
  limits: StreamLimits;
  /** Called when onToken throws; the stream goes on. */
  onTokenError?: (error: unknown) => void;
  fetch?: typeof fetch;
}

/**
 * Calls `POST {baseUrl}/chat/completions` with `stream: true`, hands every content delta to onToken as it
 * arrives, and resolves with the whole answer and its tokens (the endpoint's usage report, else an estimate).
 * Throws LlmError: 'timeout' (no first token or no complete answer in time; the request is aborted),
 * 'http_error' (unreachable, or a non-2xx status), 'bad_response' (not a chat-completion stream, an error
 * inside the stream, an empty or oversized answer).
 */
export async function streamChatCompletion(
  endpoint: LlmEndpoint,
  request: LlmRequest,
  onToken: (token: string) => void,
  options: StreamOptions,
): Promise<LlmCompletion> {
  const { limits } = options;
  const messages = toChatMessages(request);
  const controller = new AbortController();
  let timedOut: string | undefined;
  const abortWith = (why: string) => {
    timedOut ??= why;
    controller.abort();
  };
  const total = setTimeout(() => abortWith(`The LLM gave no complete answer within ${limits.totalTimeoutMs} ms.`), limits.totalTimeoutMs);
  let firstToken: NodeJS.Timeout | undefined = setTimeout(
    () => abortWith(`The LLM gave no first token within ${limits.firstTokenTimeoutMs} ms.`),
    limits.firstTokenTimeoutMs,
  );
  let text = '';
  const deliver = (token: string) => {
    if (text.length + token.length > limits.maxAnswerChars) throw new LlmError('bad_response', `The LLM answer is longer than ${limits.maxAnswerChars} characters.`);
    text += token;
    if (firstToken) {
      clearTimeout(firstToken);
      firstToken = undefined;
    }
    try {
      onToken(token);
    } catch (error) {
      options.onTokenError?.(error);
    }
  };

  try {
    const response = await (options.fetch ?? fetch)(`${endpoint.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream, application/json',
        ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: endpoint.model, messages, stream: true, stream_options: { include_usage: true } }),
      signal: controller.signal,
      // A redirect would carry the key (and the request) somewhere nobody configured.
      redirect: 'error',
    });
    if (!response.ok) throw new LlmError('http_error', `The LLM endpoint answered HTTP ${response.status}.`, response.status);
    const body = response.body;
    if (!body) throw new LlmError('bad_response', 'The LLM endpoint sent no body.');
    const type = response.headers.get('content-type') ?? '';
    let usage: number | undefined;
    if (type.includes('text/event-stream')) {
      usage = await readEventStream(body, limits.maxResponseBytes, deliver);
    } else if (type.includes('application/json')) {
      // Some compatible servers ignore `stream: true` and send the whole completion at once.
      const parsed = ChatCompletion.safeParse(parseJson(await readAll(body, limits.maxResponseBytes)));
      if (!parsed.success) throw new LlmError('bad_response', 'The LLM endpoint sent JSON that is not a chat completion.');
      const content = parsed.data.choices[0]?.message.content ?? '';
      if (content !== '') deliver(content);
      usage = usageTokens(parsed.data.usage);
    } else {
      throw new LlmError('bad_response', `The LLM endpoint sent ${type ? `"${type.slice(0, 60)}"` : 'no content type'}, not an event stream.`);
    }
    if (text.trim() === '') throw new LlmError('bad_response', 'The LLM returned an empty answer.');
    const prompt = messages.map((message) => message.content).join('\n');
    return { text, tokens: usage ?? estimateTokens(prompt) + estimateTokens(text) };
  } catch (error) {
    const failure = toLlmError(error, timedOut);
    failure.partialText = text;
    throw failure;
  } finally {
    clearTimeout(total);
    if (firstToken) clearTimeout(firstToken);
    // Closes the connection if anything is still unread (a failure mid-stream).
    controller.abort();
  }
}

/** Feeds the SSE body through the parser until `[DONE]` or its end; returns the reported usage. */
async function readEventStream(body: ReadableStream<Uint8Array>, maxBytes: number, deliver: (token: string) => void): Promise<number | undefined> {
  let done = false;
  let events = 0;
  let usage: number | undefined;
  let problem: LlmError | undefined;
  const parser = createParser({
    onEvent: (event) => {
      if (done || problem !== undefined) return;
      try {
        if (event.data.trim() === '[DONE]') {
          done = true;
          return;
        }
        const json = parseJson(event.data);
        if (StreamedError.safeParse(json).success) throw new LlmError('bad_response', 'The LLM endpoint reported an error inside its stream.');
        const chunk = ChatCompletionChunk.safeParse(json);
        if (!chunk.success) throw new LlmError('bad_response', 'The LLM endpoint sent an event that is not a chat-completion chunk.');
        events += 1;
        usage = usageTokens(chunk.data.usage) ?? usage;
        for (const choice of chunk.data.choices) {
          const content = choice.delta?.content;
          if (content) deliver(content);
        }
      } catch (error) {
        problem = error instanceof LlmError ? error : new LlmError('bad_response', 'The LLM stream could not be read.');
      }
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  while (!done && problem === undefined) {
    const read = await reader.read();
    if (read.done) {
      // A last event without its closing blank line still counts.
      parser.feed(`${decoder.decode()}\n\n`);
      break;
    }
    bytes += read.value.byteLength;
    if (bytes > maxBytes) throw new LlmError('bad_response', `The LLM endpoint sent more than ${maxBytes} bytes.`);
    parser.feed(decoder.decode(read.value, { stream: true }));
  }
  if (problem !== undefined) throw problem;
  if (events === 0) throw new LlmError('bad_response', 'The LLM endpoint sent no chat-completion events.');
  return usage;
}

async function readAll(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = '';
  for (;;) {
    const read = await reader.read();
    if (read.done) return text + decoder.decode();
    bytes += read.value.byteLength;
    if (bytes > maxBytes) throw new LlmError('bad_response', `The LLM endpoint sent more than ${maxBytes} bytes.`);
    text += decoder.decode(read.value, { stream: true });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LlmError('bad_response', 'The LLM endpoint sent data that is not JSON.');
  }
}

/** The typed error for anything that went wrong; an abort by one of our timers is a timeout. */
function toLlmError(error: unknown, timedOut: string | undefined): LlmError {
  if (timedOut !== undefined) return new LlmError('timeout', timedOut);
  if (error instanceof LlmError) return error;
  const cause = error instanceof Error && error.cause instanceof Error && 'code' in error.cause && typeof error.cause.code === 'string' ? ` (${error.cause.code})` : '';
  return new LlmError('http_error', `The LLM endpoint could not be reached${cause}.`);
}
