import type { ChildProcess } from 'node:child_process';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, Message, WebhookEndpoint, WidgetResolve } from '@parley/contracts';
import { spawnFakeLlmServer, type SpawnedFakeLlm } from '../../test/fake-llm-server.js';
import { freePort } from '../../test/free-port.js';
import { PARLEY_BIN, runNode, signInOverHttp, startNodeUntil } from '../../test/parley-process.js';
import { createPgDatabase } from '../../test/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { waitUntil } from '../../test/wait-until.js';

const SHOP = 'http://shop.test';

/**
 * kill -9 the server while the bot is still writing its answer (the LLM has the question) and its
 * webhook for the question is mid-request, start another: it takes over the dead process's follow-ups
 * and its webhook claims, the visitor gets the answer once, and the webhooks go out under one id each.
 */
describe('follow-ups across a kill -9', () => {
  let env: Record<string, string>;
  let port = 0;
  let server: ChildProcess | undefined;
  let fake: SpawnedFakeLlm;
  let receiver: WebhookReceiver;

  // Each process has its own model: the first one's LLM never answers.
  const start = async (model: string): Promise<ChildProcess> =>
    (await startNodeUntil([PARLEY_BIN, 'start'], { ...env, PORT: String(port), LLM_MODEL: model }, /Dashboard:/)).child;

  beforeAll(async () => {
    [fake, receiver, port] = await Promise.all([spawnFakeLlmServer(), startWebhookReceiver(), freePort()]);
    env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: await createPgDatabase(),
      SECRET_KEY: 'follow-up-crash-secret-follow-up-crash-secret-0123',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      GEOIP: 'false',
      LLM_BASE_URL: fake.baseUrl,
      LLM_API_KEY: 'test-key',
      LLM_MODEL: 'hang',
      LLM_FIRST_TOKEN_TIMEOUT_MS: '120000',
      LLM_TIMEOUT_MS: '120000',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_POLL_MS: '100',
      FOLLOW_UP_HEARTBEAT_MS: '200',
      FOLLOW_UP_DEAD_AFTER_MS: '1000',
    };
    const created = await runNode([PARLEY_BIN, 'admin', 'create', '--email', 'follow-up@example.test', '--password', 'follow-up-password'], env);
    expect(created.code, created.stderr).toBe(0);
    server = await start('hang');
  }, 60_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await fake?.stop();
    await receiver?.close();
  });

  it('answers the question the dead process was answering, once, with its webhooks written once', async () => {
    const base = `http://127.0.0.1:${port}`;
    const headers = await signInOverHttp(base, 'follow-up@example.test', 'follow-up-password');
    const bot = Bot.parse(await (await fetch(`${base}/api/v1/bots`, { method: 'POST', headers, body: JSON.stringify({ name: 'shop', allowedOrigins: [SHOP] }) })).json());
    const settings = await fetch(`${base}/api/v1/bots/${bot.id}/assistant`, { method: 'PATCH', headers, body: JSON.stringify({ llmEnabled: true }) });
    expect(settings.status, await settings.text()).toBe(200);
    const hook = await fetch(`${base}/api/v1/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: `${receiver.url}/hook`, events: ['message.created'] }) });
    expect(hook.status).toBe(201);
    WebhookEndpoint.parse(await hook.json());
    const { visitorToken } = WidgetResolve.parse(await (await fetch(`${base}/widget/v1/bots/${bot.id}/resolve`, { headers: { origin: SHOP } })).json());

    const socket = io(`${base}/visitor`, {
      auth: { botId: bot.id, visitorToken },
      extraHeaders: { origin: SHOP },
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // The first process's webhook for the question never gets an answer: it is mid-request when killed.
      receiver.holdNext(1);
      const ack: unknown = await socket.timeout(5_000).emitWithAck('message.send', { clientId: 'question-0001', body: 'Which laptop is best for travel?' });
      const question = Message.parse(typeof ack === 'object' && ack !== null && 'message' in ack ? ack.message : undefined);

      // The bot is writing its answer: the LLM has the question (and will never answer this process),
      // and the question's webhook is under way.
      await waitUntil('the LLM request', async () => ((await fake.requests()).length > 0 ? true : undefined), 20_000, 50);
      await receiver.waitFor(1, 20_000);
      server?.kill('SIGKILL');
      await new Promise((resolve) => server?.once('exit', resolve));
      server = await start('echo');

      /** The conversation as the visitor syncs it; nothing while the socket is (re)connecting. */
      const sync = async (): Promise<Message[]> => {
        if (!socket.connected) return [];
        const reply: unknown = await socket
          .timeout(5_000)
          .emitWithAck('sync', { afterSeq: 0 })
          .catch(() => undefined);
        return reply === undefined ? [] : Message.array().parse(typeof reply === 'object' && reply !== null && 'messages' in reply ? reply.messages : undefined);
      };
      const history = await waitUntil('the bot answer', async () => {
        const messages = await sync();
        return messages.some((m) => m.author === 'bot') ? messages : undefined;
      }, 20_000, 50);
      // Nothing more comes in the next heartbeats.
      await new Promise((r) => setTimeout(r, 1_500));
      const final = await sync();
      expect(final).toEqual(history);
      expect(final.map((m) => [m.author, m.clientId])).toEqual([
        ['visitor', 'question-0001'],
        ['bot', `answer:${question.id}`],
      ]);
      expect(final[1]?.answeredBy).toBe('llm');
      // The first process asked a model that never answered; the second asked again.
      expect((await fake.requests()).map((r) => (typeof r.body === 'object' && r.body !== null && 'model' in r.body ? r.body.model : null))).toEqual([
        'hang',
        'echo',
      ]);

      // One webhook delivery per message, each answered once. The question's, which the killed process
      // held mid-request, is sent again under its id by the process that took over: it released the
      // claim rather than leaving it for its lease (the 10 s timeout + 30 s, longer than this wait).
      const answerId = final[1]?.id;
      const requestsOf = (messageId: string) => receiver.requests.filter((r) => JSON.parse(r.body).message.id === messageId);
      const answered = (messageId: string) => requestsOf(messageId).some((r) => r.status === 200);
      await waitUntil('both webhooks', async () => (answered(question.id) && answered(answerId ?? '') ? true : undefined), 20_000, 50);
      const deliveriesOf = (messageId: string) => new Set(requestsOf(messageId).map((r) => r.headers['x-parley-delivery']));
      expect(deliveriesOf(question.id).size).toBe(1);
      expect(deliveriesOf(answerId ?? '').size).toBe(1);
      const statusesOf = (messageId: string) => requestsOf(messageId).map((r) => r.status);
      expect(statusesOf(question.id)).toEqual([0, 200]);
      expect(statusesOf(answerId ?? '')).toEqual([200]);
      expect(receiver.requests).toHaveLength(3);
    } finally {
      socket.disconnect();
    }
  }, 120_000);
});
