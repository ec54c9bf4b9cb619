import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message, WebhookDelivery, WidgetResolve, WorkflowPayload } from '@parley/contracts';
import { freePort } from '../../test/free-port.js';
import { bearer, call, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { createStores } from '../data-store.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const SHOP = 'http://shop.test';

const header = (headers: Record<string, string | string[] | undefined>, name: string): string => {
  const v = headers[name];
  return typeof v === 'string' ? v : '';
};

describe('workflow mode: a visitor message goes to the workflow, which answers through the API', () => {
  let t: TestApp;
  let owner: Actor;
  let receiver: WebhookReceiver;
  let url: string;
  let botId: string;
  let workflowSecret: string;
  let workflowKey: string;
  let otherKey: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // No polling (10 min): the delivery goes out at once only because forwarding wakes the worker.
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    t = await createTestApp({ PUBLIC_URL: url, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_POLL_MS: '600000' });
    await t.app.listen({ host: '127.0.0.1', port });
    owner = await createOwner(t, 'workflow');
    const other = await createOwner(t, 'workflow-other');
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Shop assistant', allowedOrigins: [SHOP], premium: true })).json().id;
    const patched = await call(t.app, owner, 'PATCH', `/api/v1/bots/${botId}/assistant`, { mode: 'workflow', workflowUrl: `${receiver.url}/n8n/webhook` });
    expect(patched.statusCode, patched.body).toBe(200);
    workflowSecret = (await call(t.app, owner, 'GET', `/api/v1/bots/${botId}/assistant/workflow-secret`)).json().workflowSecret;
    workflowKey = (await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'n8n', role: 'agent' })).json().key;
    otherKey = (await call(t.app, other, 'POST', '/api/v1/api-keys', { name: 'n8n elsewhere', role: 'agent' })).json().key;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
    await receiver.close();
  });

  it('forwards the message signed with the workflow secret, and stores the answer as the bot (answeredBy workflow)', async () => {
    const res = await t.app.inject({ url: `/widget/v1/bots/${botId}/resolve`, headers: { origin: SHOP } });
    expect(res.statusCode, res.body).toBe(200);
    const { visitorToken, visitorId } = WidgetResolve.parse(res.json());
    const socket = io(`${url}/visitor`, { auth: { botId, visitorToken }, extraHeaders: { origin: SHOP }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    // The site identified its user (as a verified identify would).
    await createStores(t.database.db).visitors.identify(botId, visitorId, { externalUserId: 'user-42', verified: true, name: 'Lan', email: 'lan@example.test' });

    const ack = await socket.timeout(5_000).emitWithAck('message.send', { clientId: 'wf-visitor-0001', body: 'Đơn hàng của tôi ở đâu?' });
    expect(ack).toMatchObject({ ok: true });
    const [request] = await receiver.waitFor(1);
    if (!request) throw new Error('no request');
    expect(request.path).toBe('/n8n/webhook');
    expect(header(request.headers, 'x-parley-event')).toBe('message.created');
    expect(verifyWebhookSignature(workflowSecret, header(request.headers, 'x-parley-timestamp'), request.body, header(request.headers, 'x-parley-signature'))).toBe(true);

    const payload = WorkflowPayload.parse(JSON.parse(request.body));
    expect(payload).toMatchObject({
      event: 'message.created',
      deliveryId: header(request.headers, 'x-parley-delivery'),
      text: 'Đơn hàng của tôi ở đâu?',
      seq: 1,
      bot: { id: botId, name: 'Shop assistant' },
      visitor: { id: visitorId, name: 'Lan', email: 'lan@example.test', userId: 'user-42', verified: true },
      premium: true,
      human_mode: false,
      conversation: { status: 'open' },
      country: null,
      city: null,
      locale: 'en',
    });
    const delivered = WebhookDelivery.parse((await call(t.app, owner, 'GET', `/api/v1/webhook-deliveries/${payload.deliveryId}`)).json());
    expect(delivered).toMatchObject({ kind: 'workflow', botId, endpointId: null, conversationId: payload.conversation.id });

    // The workflow answers as the bot with its API key; the visitor gets it live.
    const live = new Promise<unknown>((resolve) => socket.on('message.created', (m: { author?: string }) => m.author === 'bot' && resolve(m)));
    const answer = await call(t.app, bearer(workflowKey), 'POST', `/api/v1/conversations/${payload.conversation.id}/messages`, {
      body: 'It ships tomorrow.',
      as: 'bot',
      clientId: `wf-${payload.deliveryId}`,
    });
    expect(answer.statusCode, answer.body).toBe(201);
    // A retried delivery answered twice (same clientId) stores one message.
    const again = await call(t.app, bearer(workflowKey), 'POST', `/api/v1/conversations/${payload.conversation.id}/messages`, {
      body: 'It ships tomorrow.',
      as: 'bot',
      clientId: `wf-${payload.deliveryId}`,
    });
    expect(again.statusCode).toBe(200);
    expect(await live).toMatchObject({ author: 'bot', body: 'It ships tomorrow.', answeredBy: 'workflow' });

    const messages = Message.array().parse((await call(t.app, owner, 'GET', `/api/v1/conversations/${payload.conversation.id}/messages`)).json());
    expect(messages.map((m) => [m.author, m.body, m.answeredBy ?? null])).toEqual([
      ['visitor', 'Đơn hàng của tôi ở đâu?', null],
      ['bot', 'It ships tomorrow.', 'workflow'],
    ]);

    // A workflow of another organization cannot answer here: the conversation does not exist for it.
    const intruder = await call(t.app, bearer(otherKey), 'POST', `/api/v1/conversations/${payload.conversation.id}/messages`, { body: 'phishing link', as: 'bot' });
    expect(intruder.statusCode).toBe(404);
    expect(intruder.json()).toMatchObject({ code: 'not_found' });
    expect(Message.array().parse((await call(t.app, owner, 'GET', `/api/v1/conversations/${payload.conversation.id}/messages`)).json())).toHaveLength(2);
  });
});
