import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Message, MessageDelta, WidgetResolve } from '@parley/contracts';
import { spawnFakeLlmServer, type SpawnedFakeLlm } from '../../test/fake-llm-server.js';
import { freePort } from '../../test/free-port.js';
import { call, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';

const SHOP = 'http://shop.test';
const GLOBAL_KEY = 'sk-global-llm-key-0001';
const BOT_KEY = 'sk-bot-own-llm-key-0002';

/**
 * The LLM stage through the whole product: a visitor's question that rules, intents and the knowledge
 * base cannot answer goes to an OpenAI-compatible endpoint (a real server in its own process), grounded
 * on the retrieved passages; its tokens stream to the visitor as message.delta events and the final
 * answer is stored with its sources. An endpoint that hangs or fails, or a spent budget, gets the
 * "I don't know, talk to a person" answer instead.
 */
describe('LLM fallback, streamed to the visitor (OpenAI-compatible server process)', () => {
  let fake: SpawnedFakeLlm;
  let t: TestApp;
  let url: string;
  let owner: Actor;
  let botId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    fake = await spawnFakeLlmServer();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      PUBLIC_URL: url,
      LLM_BASE_URL: fake.baseUrl,
      LLM_MODEL: 'echo',
      LLM_API_KEY: GLOBAL_KEY,
      LLM_TIMEOUT_MS: '3000',
      LLM_FIRST_TOKEN_TIMEOUT_MS: '800',
      // The bot's own endpoint below is this machine's fake server.
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    await t.app.listen({ host: '127.0.0.1', port });
    owner = await createOwner(t, 'llm-fallback');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Laptop shop', allowedOrigins: [SHOP] })).json().id;
    const doc = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/documents`, {
      title: 'Warranty policy',
      format: 'markdown',
      sourceUrl: 'https://shop.test/warranty',
      content: '# Warranty\n\nEvery laptop comes with a two-year warranty covering hardware faults. Batteries are covered for one year.',
    });
    expect(doc.statusCode, doc.body).toBe(201);
    // Passages are retrieved but never answer alone: the LLM writes the answer from them.
    const settings = await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/assistant`, { llmEnabled: true, knowledgeThreshold: 0.99 });
    expect(settings.statusCode, settings.body).toBe(200);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  async function visitor(): Promise<Socket> {
    const r = WidgetResolve.parse((await t.app.inject({ url: `/widget/v1/bots/${botId}/resolve`, headers: { origin: SHOP } })).json());
    const socket = io(`${url}/visitor`, { auth: { botId, visitorToken: r.visitorToken }, extraHeaders: { origin: SHOP }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  /** Sends a question; resolves with the bot's answer and the deltas streamed before it. */
  async function ask(socket: Socket, text: string): Promise<{ answer: Message; deltas: MessageDelta[] }> {
    const deltas: MessageDelta[] = [];
    const onDelta = (d: unknown) => deltas.push(MessageDelta.parse(d));
    socket.on('message.delta', onDelta);
    const answer = new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no bot answer to "${text}"`)), 15_000);
      const onMessage = (m: unknown) => {
        const message = Message.parse(m);
        if (message.author !== 'bot') return;
        clearTimeout(timer);
        socket.off('message.created', onMessage);
        resolve(message);
      };
      socket.on('message.created', onMessage);
    });
    const ack = await socket.timeout(5_000).emitWithAck('message.send', { clientId: `c-${crypto.randomUUID()}`, body: text });
    expect(ack).toMatchObject({ ok: true });
    const result = { answer: await answer, deltas };
    socket.off('message.delta', onDelta);
    return result;
  }

  it('streams a grounded answer token by token and stores it with its sources', async () => {
    await fake.clearRequests();
    const socket = await visitor();
    const { answer, deltas } = await ask(socket, 'How long is the warranty on a laptop battery?');

    expect(answer.answeredBy).toBe('llm');
    expect(deltas.length).toBeGreaterThan(2);
    expect(new Set(deltas.map((d) => d.streamId)).size).toBe(1);
    expect(deltas.map((d) => d.index)).toEqual(deltas.map((_, i) => i));
    expect(deltas.every((d) => d.conversationId === answer.conversationId)).toBe(true);
    expect(deltas.map((d) => d.text).join('').trim()).toBe(answer.body.trim());
    expect(answer.rich?.sources).toEqual(expect.arrayContaining([expect.objectContaining({ title: expect.stringContaining('Warranty policy'), url: 'https://shop.test/warranty' })]));

    // What the endpoint got: the global key, a system prompt first, and the retrieved passage.
    const [request] = await fake.requests();
    expect(request?.authorization).toBe(`Bearer ${GLOBAL_KEY}`);
    const body = JSON.stringify(request?.body);
    expect(body).toContain('two-year warranty');
    expect(body).not.toContain(GLOBAL_KEY);
    const usage = (await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/assistant`)).json();
    expect(usage.llmTokensThisMonth).toBeGreaterThan(0);
  });

  it('says it does not know and offers a person when the endpoint hangs or fails', async () => {
    for (const model of ['hang', 'error', 'garbage']) {
      const patched = await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/assistant`, { llmBaseUrl: fake.baseUrl, llmModel: model, llmApiKey: BOT_KEY });
      expect(patched.statusCode, patched.body).toBe(200);
      const socket = await visitor();
      const started = Date.now();
      const { answer } = await ask(socket, 'How long is the warranty on a laptop battery?');
      expect(answer.answeredBy, model).toBe('fallback');
      expect(answer.body).toMatch(/don't know/);
      expect(answer.rich?.quickReplies?.map((q) => q.label)).toEqual(['Talk to a person']);
      // The first-token timeout (800 ms) bounds the hang.
      expect(Date.now() - started, model).toBeLessThan(10_000);
    }
  });

  it('stops calling the endpoint once the monthly token budget is spent', async () => {
    await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/assistant`, { llmBaseUrl: null, llmModel: null, llmApiKey: null, llmMonthlyTokenBudget: 1 });
    await fake.clearRequests();
    const socket = await visitor();
    const { answer } = await ask(socket, 'How long is the warranty on a laptop battery?');
    expect(answer.answeredBy).toBe('fallback');
    expect(await fake.requests()).toEqual([]);
  });
});
