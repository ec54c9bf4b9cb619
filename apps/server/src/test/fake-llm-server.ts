import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { stopChild } from './parley-process.js';

/** A chat-completions request as the fake server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  body: unknown;
}

export interface FakeLlmServer {
  url: string;
  close(): Promise<void>;
}

const Message = z.object({ role: z.string(), content: z.string() });
const CompletionRequest = z.object({
  model: z.string(),
  messages: z.array(Message),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
});
type CompletionRequest = z.infer<typeof CompletionRequest>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An OpenAI-compatible chat-completions server for tests, on 127.0.0.1. What it does depends on the model:
 * - `echo` streams, token by token, an answer that quotes the first passage of the system prompt and names
 *   its source ("I do not know." without passages), then the usage and `[DONE]`; `echo:nousage` sends no usage
 * - `slow:N` the same, its first token after N ms; `stall` sends one token and then nothing
 * - `hang` never answers; `error` is HTTP 500; `garbage` a 200 event stream of junk; `empty` no content
 * - `huge` streams 40 KB; `json` answers with one non-streamed JSON completion
 * - `flaky:N[:name]` is HTTP 500 for its first N requests (counted per model string), then `echo`
 * Every chat-completions request is recorded: GET /requests lists them, DELETE /requests forgets them.
 */
export async function startFakeLlmServer(options: { port?: number; tokenDelayMs?: number } = {}): Promise<FakeLlmServer> {
  const recorded: RecordedRequest[] = [];
  const seen = new Map<string, number>();
  const tokenDelayMs = options.tokenDelayMs ?? 5;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (path === '/requests' && req.method === 'GET') return sendJson(res, 200, recorded);
    if (path === '/requests' && req.method === 'DELETE') {
      recorded.length = 0;
      res.writeHead(204).end();
      return;
    }
    if (!path.endsWith('/chat/completions') || req.method !== 'POST') return sendJson(res, 404, { error: { message: 'not found' } });
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    recorded.push({ method: req.method, path, authorization: req.headers.authorization ?? null, contentType: req.headers['content-type'] ?? null, body });
    const parsed = CompletionRequest.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { error: { message: 'invalid request' } });
    const request = parsed.data;
    const [behaviour, argument] = request.model.split(':');
    const count = (seen.get(request.model) ?? 0) + 1;
    seen.set(request.model, count);
    switch (behaviour) {
      case 'echo':
        return streamAnswer(res, request, 0, argument !== 'nousage');
      case 'slow':
        return streamAnswer(res, request, Number(argument ?? 1000), true);
      case 'stall':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(event({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Let me ' } }] }));
        return; // and nothing more
      case 'flaky':
        if (count <= Number(argument ?? 1)) return sendJson(res, 500, { error: { message: 'flaky', type: 'server_error' } });
        return streamAnswer(res, request, 0, true);
      case 'hang':
        return; // no status, no headers
      case 'error':
        return sendJson(res, 500, { error: { message: 'internal error', type: 'server_error' } });
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('<html><body>Bad gateway</body></html>\nthis is not an event stream\ndata: {not json\n\n');
        return;
      case 'empty':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(event({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }));
        res.write(event({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
        res.end('data: [DONE]\n\n');
        return;
      case 'huge': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (let i = 0; i < 40 && !res.destroyed; i++) res.write(event({ choices: [{ index: 0, delta: { content: 'x'.repeat(1023) + ' ' } }] }));
        res.end('data: [DONE]\n\n');
        return;
      }
      case 'json': {
        const answer = answerFor(request);
        return sendJson(res, 200, {
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
          usage: usageFor(request, splitTokens(answer).length),
        });
      }
      default:
        return sendJson(res, 404, { error: { message: `model ${request.model} not found` } });
    }
  }

  async function streamAnswer(res: ServerResponse, request: CompletionRequest, firstTokenDelayMs: number, withUsage: boolean): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const tokens = splitTokens(answerFor(request));
    if (firstTokenDelayMs > 0) await sleep(firstTokenDelayMs);
    res.write(event({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }));
    for (const [index, token] of tokens.entries()) {
      if (res.destroyed) return; // the client gave up
      if (index > 0 && tokenDelayMs > 0) await sleep(tokenDelayMs);
      res.write(event({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: token } }] }));
    }
    res.write(event({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
    if (withUsage && request.stream_options?.include_usage) res.write(event({ object: 'chat.completion.chunk', choices: [], usage: usageFor(request, tokens.length) }));
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake LLM server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The grounded answer: quotes the first passage ("[1] Title (url)\n<<<\ntext\n>>>") of the system prompt. */
function answerFor(request: CompletionRequest): string {
  const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
  const passage = /\[1\] ([^\n]*?)(?: \((\S+)\))?\n<<<\n([\s\S]*?)\n>>>/.exec(system);
  if (!passage) return 'I do not know.';
  const [, title = '', url, text = ''] = passage;
  const quote = (text.split(/(?<=[.!?])\s/)[0] ?? text).replace(/\s+/g, ' ').trim();
  return `According to ${title}${url ? ` (${url})` : ''} [1]: ${quote}`;
}

/** Words with their trailing space, so the tokens join back into the answer. */
function splitTokens(answer: string): string[] {
  return answer.match(/\S+\s*/g) ?? [];
}

function usageFor(request: CompletionRequest, completionTokens: number) {
  const promptTokens = request.messages.reduce((sum, message) => sum + splitTokens(message.content).length, 0);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

function event(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 4 * 1024 * 1024) throw new Error('request body too large');
  }
  return body;
}

/** The fake server running in its own process (node + tsx), as tests use it. */
export interface SpawnedFakeLlm {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** The OpenAI-style base URL: `${url}/v1`. */
  baseUrl: string;
  requests(): Promise<RecordedRequest[]>;
  clearRequests(): Promise<void>;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const mainFile = fileURLToPath(new URL('./fake-llm-server-main.ts', import.meta.url));
const RecordedRequests = z.array(
  z.object({ method: z.string(), path: z.string(), authorization: z.string().nullable(), contentType: z.string().nullable(), body: z.unknown() }),
);

/** Starts the fake LLM server as a separate process and waits for it to print its URL. */
export async function spawnFakeLlmServer(env: NodeJS.ProcessEnv = {}): Promise<SpawnedFakeLlm> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainFile], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`fake LLM server did not start:\n${out}`)), 30_000);
    const onData = (data: Buffer) => {
      out += data.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`fake LLM server exited ${code ?? signal}:\n${out}`));
    });
  });
  return {
    url,
    baseUrl: `${url}/v1`,
    async requests() {
      const res = await fetch(`${url}/requests`);
      return RecordedRequests.parse(await res.json());
    },
    async clearRequests() {
      await fetch(`${url}/requests`, { method: 'DELETE' });
    },
    stop: () => stopChild(child),
  };
}
