import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDelivery, WebhookEndpoint } from '@parley/contracts';
import { webhookDeliveries, type DatabaseHandle } from '@parley/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { loadConfig, type Env } from '../../config/config.js';
import { createTestDatabase } from '../../test/test-database.js';
import { call, createConversation, createOwner, createTestApp, PASSWORD, signIn, type Actor, type TestApp } from '../../test/test-app.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { createStores } from '../data-store.js';
import { verifyWebhookSignature } from './webhook-signature.js';
import { waitUntil } from '../../test/wait-until.js';

/** Small retries so a test sees several attempts in well under a second. */
const FAST: Env = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_POLL_MS: '200', WEBHOOK_TIMEOUT_MS: '3000' };

/** The i-th item, which the test expects to exist. */
function nth<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`expected an item at ${i} of ${list.length}`);
  return item;
}

const header = (r: ReceivedRequest, name: string): string => {
  const v = r.headers[name];
  return typeof v === 'string' ? v : '';
};

async function delivery(app: FastifyInstance, actor: Actor, id: string): Promise<WebhookDelivery> {
  const res = await call(app, actor, 'GET', `/api/v1/webhook-deliveries/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return WebhookDelivery.parse(res.json());
}

const settled = (app: FastifyInstance, actor: Actor, id: string) =>
  waitUntil(`delivery ${id} to settle`, async () => {
    const d = await delivery(app, actor, id);
    return d.status === 'pending' ? undefined : d;
  });

describe('webhook endpoints refuse private and loopback URLs (SSRF)', () => {
  let t: TestApp;
  let owner: Actor;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await createOwner(t, 'ssrf');
  });
  afterAll(() => t.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost:3000/hook',
    'http://10.1.2.3/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://192.168.0.10/hook',
  ])('refuses %s with 400 validation_failed', async (url) => {
    const res = await call(t.app, owner, 'POST', '/api/v1/webhooks', { url, events: ['message.created'] });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'validation_failed', detail: expect.stringMatching(/not a public address.*WEBHOOK_ALLOW_PRIVATE/) });
    expect((await call(t.app, owner, 'GET', '/api/v1/webhooks')).json()).toEqual([]);
  });

  it('refuses a host name that does not resolve, and a PATCH to a private URL', async () => {
    const res = await call(t.app, owner, 'POST', '/api/v1/webhooks', { url: 'https://no-such-host.invalid/hook', events: ['message.created'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/could not be resolved/);
    // An endpoint stored while its name pointed elsewhere (or before the guard): PATCH is checked too.
    const stores = createStores(t.database.db);
    const row = await stores.webhookEndpoints.create(owner.orgId ?? '', { botId: null, url: 'https://example.test/x', secret: 's', events: ['message.created'] });
    const patch = await call(t.app, owner, 'PATCH', `/api/v1/webhooks/${row.id}`, { url: 'http://127.0.0.2/' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().detail).toMatch(/127\.0\.0\.2 \(loopback\)/);
  });

  it('refuses at delivery time too: the attempt fails with the reason, without a retry and without a request', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const bot = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'ssrf bot' })).json();
      // The host's address changed after the endpoint was created (DNS rebinding): stored as is.
      const stores = createStores(t.database.db);
      await stores.webhookEndpoints.create(owner.orgId ?? '', { botId: null, url: `${receiver.url}/hook`, secret: 's', events: ['conversation.resolved'] });
      const conversation = await createConversation(t, owner.orgId ?? '', bot.id);
      expect((await call(t.app, owner, 'POST', `/api/v1/conversations/${conversation}/resolve`)).statusCode).toBe(200);
      const [queued] = await waitUntil('a delivery', async () => {
        const list = WebhookDelivery.array().parse((await call(t.app, owner, 'GET', '/api/v1/webhook-deliveries')).json());
        return list.length > 0 ? list : undefined;
      });
      const d = await settled(t.app, owner, queued?.id ?? '');
      expect(d).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
      expect(d.lastError).toMatch(/^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1 \(loopback\)/);
      expect(d.log).toHaveLength(1);
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});

describe('event webhooks: signed, retried with backoff, logged', () => {
  let t: TestApp;
  let owner: Actor;
  let receiver: WebhookReceiver;
  let botId: string;
  let otherBotId: string;

  beforeAll(async () => {
    // No polling: deliveries arrive only because an enqueue wakes the worker and a scheduled retry does.
    t = await createTestApp({ ...FAST, WEBHOOK_POLL_MS: '600000' });
    owner = await createOwner(t, 'hooks');
    receiver = await startWebhookReceiver();
    botId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Hook bot' })).json().id;
    otherBotId = (await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Other bot' })).json().id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('manages endpoints: the secret is shown once, a bot of another organization is 404, agents are 403', async () => {
    const created = await call(t.app, owner, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/crud`, events: ['message.created'], botId });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const list = WebhookEndpoint.array().parse((await call(t.app, owner, 'GET', '/api/v1/webhooks')).json());
    expect(list.map((e) => e.id)).toContain(body.id);
    expect(JSON.stringify((await call(t.app, owner, 'GET', '/api/v1/webhooks')).json())).not.toContain(body.secret);

    const patched = await call(t.app, owner, 'PATCH', `/api/v1/webhooks/${body.id}`, { enabled: false, events: ['conversation.resolved', 'conversation.resolved'] });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, events: ['conversation.resolved'] });

    const stranger = await createOwner(t, 'stranger');
    const strangerBot = (await call(t.app, stranger, 'POST', '/api/v1/bots', { name: 'theirs' })).json().id;
    expect((await call(t.app, owner, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/x`, events: ['message.created'], botId: strangerBot })).statusCode).toBe(404);
    expect((await call(t.app, stranger, 'PATCH', `/api/v1/webhooks/${body.id}`, { enabled: true })).statusCode).toBe(404);
    expect((await call(t.app, stranger, 'DELETE', `/api/v1/webhooks/${body.id}`)).statusCode).toBe(404);

    const agentKey = (await call(t.app, owner, 'POST', '/api/v1/api-keys', { name: 'agent', role: 'agent' })).json().key;
    expect((await call(t.app, { headers: { authorization: `Bearer ${agentKey}` } }, 'GET', '/api/v1/webhooks')).statusCode).toBe(403);

    expect((await call(t.app, owner, 'DELETE', `/api/v1/webhooks/${body.id}`)).statusCode).toBe(204);
    expect((await call(t.app, owner, 'DELETE', `/api/v1/webhooks/${body.id}`)).statusCode).toBe(404);
  });

  it('fails twice, succeeds on the third attempt: the log shows 500, 500, 200 and every signature verifies', async () => {
    const endpoint = (await call(t.app, owner, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/retry`, events: ['message.created'], botId })).json();
    const conversation = await createConversation(t, owner.orgId ?? '', botId);
    const before = receiver.requests.length;
    receiver.failNext(2);
    const sent = await call(t.app, owner, 'POST', `/api/v1/conversations/${conversation}/messages`, { body: 'Your order has shipped' });
    expect(sent.statusCode, sent.body).toBe(201);
    const requests = (await receiver.waitFor(before + 3)).slice(before).filter((r) => r.path === '/retry');
    expect(requests.map((r) => r.status)).toEqual([500, 500, 200]);

    const deliveryId = header(nth(requests, 0), 'x-parley-delivery');
    for (const r of requests) {
      expect(r.method).toBe('POST');
      expect(header(r, 'content-type')).toBe('application/json');
      expect(header(r, 'x-parley-event')).toBe('message.created');
      // The same delivery id on every retry, so receivers can drop duplicates.
      expect(header(r, 'x-parley-delivery')).toBe(deliveryId);
      expect(verifyWebhookSignature(endpoint.secret, header(r, 'x-parley-timestamp'), r.body, header(r, 'x-parley-signature'))).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', header(r, 'x-parley-timestamp'), r.body, header(r, 'x-parley-signature'))).toBe(false);
      expect(Math.abs(Number(header(r, 'x-parley-timestamp')) - Date.now() / 1000)).toBeLessThan(60);
    }
    const payload: unknown = JSON.parse(nth(requests, 2).body);
    expect(payload).toMatchObject({
      event: 'message.created',
      deliveryId,
      orgId: owner.orgId,
      botId,
      conversation: { id: conversation, botId },
      message: { conversationId: conversation, author: 'agent', body: 'Your order has shipped', internal: false },
    });
    // Backoff: 50 ms × 2^(n-1), at least half of it after jitter.
    const [a, b, c] = requests.map((r) => r.at);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(20);
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(45);

    const d = await settled(t.app, owner, deliveryId);
    expect(d).toMatchObject({ id: deliveryId, status: 'succeeded', attempts: 3, lastStatusCode: 200, lastError: null, kind: 'event', endpointId: endpoint.id, conversationId: conversation });
    expect(d.deliveredAt).not.toBeNull();
    expect(d.log?.map((x) => [x.attempt, x.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(d.log?.[0]?.error).toBe('HTTP 500');
    const succeeded = WebhookDelivery.array().parse((await call(t.app, owner, 'GET', '/api/v1/webhook-deliveries?status=succeeded')).json());
    expect(succeeded.map((x) => x.id)).toContain(deliveryId);
    expect(WebhookDelivery.array().parse((await call(t.app, owner, 'GET', '/api/v1/webhook-deliveries?status=failed')).json()).map((x) => x.id)).not.toContain(deliveryId);
    await call(t.app, owner, 'DELETE', `/api/v1/webhooks/${endpoint.id}`);
  });

  it('sends message.created (not internal notes), conversation.handoff and conversation.resolved, only for the matching bot', async () => {
    const endpoint = (
      await call(t.app, owner, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/events`, events: ['message.created', 'conversation.handoff', 'conversation.resolved'], botId })
    ).json();
    const otherEndpoint = (await call(t.app, owner, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/other`, events: ['conversation.resolved'], botId: otherBotId })).json();
    const conversation = await createConversation(t, owner.orgId ?? '', botId);
    const start = receiver.requests.length;
    const events = () => receiver.requests.slice(start).filter((r) => r.path === '/events');

    expect((await call(t.app, owner, 'POST', `/api/v1/conversations/${conversation}/messages`, { body: 'note to self', internal: true })).statusCode).toBe(201);
    expect((await call(t.app, owner, 'POST', `/api/v1/conversations/${conversation}/messages`, { body: 'Hello there' })).statusCode).toBe(201);
    await waitUntil('message.created', async () => (events().length >= 1 ? true : undefined));
    expect((await call(t.app, owner, 'POST', `/api/v1/conversations/${conversation}/take-over`)).statusCode).toBe(200);
    await waitUntil('conversation.handoff', async () => (events().length >= 2 ? true : undefined));
    expect((await call(t.app, owner, 'POST', `/api/v1/conversations/${conversation}/resolve`)).statusCode).toBe(200);
    await waitUntil('conversation.resolved', async () => (events().length >= 3 ? true : undefined));
    // Give a stray internal-note delivery the time to show up, if one were made.
    await new Promise((r) => setTimeout(r, 300));

    const got = events().map((r) => ({ event: header(r, 'x-parley-event'), payload: JSON.parse(r.body), r }));
    expect(got.map((g) => g.event)).toEqual(['message.created', 'conversation.handoff', 'conversation.resolved']);
    for (const g of got) {
      expect(g.payload.event).toBe(g.event);
      expect(g.payload.deliveryId).toBe(header(g.r, 'x-parley-delivery'));
      expect(verifyWebhookSignature(endpoint.secret, header(g.r, 'x-parley-timestamp'), g.r.body, header(g.r, 'x-parley-signature'))).toBe(true);
    }
    expect(got[0]?.payload.message).toMatchObject({ body: 'Hello there', internal: false });
    expect(got[1]?.payload).toMatchObject({ reason: 'agent', conversation: { id: conversation, humanMode: true, handoffReason: 'agent' } });
    expect(got[1]?.payload.message).toBeUndefined();
    expect(got[2]?.payload).toMatchObject({ conversation: { id: conversation, status: 'resolved' } });
    // The other bot's endpoint heard nothing of this bot's conversation.
    expect(receiver.requests.slice(start).filter((r) => r.path === '/other')).toHaveLength(0);
    await call(t.app, owner, 'DELETE', `/api/v1/webhooks/${endpoint.id}`);
    await call(t.app, owner, 'DELETE', `/api/v1/webhooks/${otherEndpoint.id}`);
  });

  it('writes a resolve and its webhook in one transaction: when the delivery cannot be written, nothing is resolved', async () => {
    const endpoint = (await call(t.app, owner, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/atomic`, events: ['conversation.resolved'], botId })).json();
    const conversation = await createConversation(t, owner.orgId ?? '', botId);
    // The delivery row cannot be written, as if the database failed right there.
    await t.database.db.execute(sql`create function parley_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`);
    await t.database.db.execute(sql`create trigger parley_test_refuse before insert on webhook_deliveries for each row execute function parley_test_refuse()`);
    try {
      expect((await call(t.app, owner, 'POST', `/api/v1/conversations/${conversation}/resolve`)).statusCode).toBe(500);
    } finally {
      await t.database.db.execute(sql`drop trigger parley_test_refuse on webhook_deliveries`);
      await t.database.db.execute(sql`drop function parley_test_refuse()`);
    }
    expect((await call(t.app, owner, 'GET', `/api/v1/conversations/${conversation}`)).json()).toMatchObject({ status: 'open' });

    // The delivery is stored by the time the resolve answers (not just after it), and is sent.
    expect((await call(t.app, owner, 'POST', `/api/v1/conversations/${conversation}/resolve`)).statusCode).toBe(200);
    const stored = await t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(stored.map((d) => d.event)).toEqual(['conversation.resolved']);
    await waitUntil('the resolve webhook', async () => (receiver.requests.some((r) => r.path === '/atomic') ? true : undefined));
    await call(t.app, owner, 'DELETE', `/api/v1/webhooks/${endpoint.id}`);
  });
});

describe('the outbox survives a restart; deliveries give up and can be retried', () => {
  let database: DatabaseHandle;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await database.close();
  });

  const boot = async (extra: Env = {}) => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PARLEY_DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      GEOIP: 'false',
      LOGIN_RATE_LIMIT_MAX: '1000',
      SECRET_KEY: 'a'.repeat(64),
      ...FAST,
      // Long enough that the retry is due only after the restart.
      WEBHOOK_RETRY_BASE_MS: '1500',
      ...extra,
    });
    const app = await buildApp(config, { database });
    await app.ready();
    return app;
  };

  it('loses nothing when the server stops between two attempts', async () => {
    const first = await boot();
    const t = { app: first, database, advance: () => undefined, close: async () => undefined };
    const owner = await createOwner(t, 'restart');
    const bot = (await call(first, owner, 'POST', '/api/v1/bots', { name: 'r' })).json().id;
    const endpoint = (await call(first, owner, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/restart`, events: ['conversation.handoff'] })).json();
    const conversation = await createConversation(t, owner.orgId ?? '', bot);
    receiver.failNext(1);
    await call(first, owner, 'POST', `/api/v1/conversations/${conversation}/take-over`);
    const failedAttempt = nth(await receiver.waitFor(1), 0);
    expect(failedAttempt.status).toBe(500);
    const deliveryId = header(failedAttempt, 'x-parley-delivery');
    await first.close();

    const stored = await createStores(database.db).webhookDeliveries.find(owner.orgId ?? '', deliveryId);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
    expect(receiver.requests).toHaveLength(1);

    const second = await boot();
    try {
      const retried = nth(await receiver.waitFor(2), 1);
      expect(retried.status).toBe(200);
      expect(header(retried, 'x-parley-delivery')).toBe(deliveryId);
      expect(retried.body).toBe(failedAttempt.body);
      expect(verifyWebhookSignature(endpoint.secret, header(retried, 'x-parley-timestamp'), retried.body, header(retried, 'x-parley-signature'))).toBe(true);
      const again = await signIn(second, owner.email, PASSWORD);
      const d = await settled(second, again, deliveryId);
      expect(d).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(d.log?.map((x) => x.statusCode)).toEqual([500, 200]);
    } finally {
      await second.close();
    }
  });
  it('gives up after max attempts, and a manual retry sends the same delivery again with its log kept', async () => {
    const app = await boot({ WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_RETRY_BASE_MS: '50' });
    try {
      const t = { app, database, advance: () => undefined, close: async () => undefined };
      const o = await createOwner(t, 'giveup');
      const bot = (await call(app, o, 'POST', '/api/v1/bots', { name: 'g' })).json().id;
      await call(app, o, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/giveup`, events: ['conversation.resolved'] });
      const conversation = await createConversation(t, o.orgId ?? '', bot);
      receiver.failNext(5);
      await call(app, o, 'POST', `/api/v1/conversations/${conversation}/resolve`);
      const [queued] = await waitUntil('a delivery', async () => {
        const list = WebhookDelivery.array().parse((await call(app, o, 'GET', '/api/v1/webhook-deliveries')).json());
        return list.length > 0 ? list : undefined;
      });
      const failed = await settled(app, o, queued?.id ?? '');
      expect(failed).toMatchObject({ status: 'failed', attempts: 2, maxAttempts: 2, lastStatusCode: 500, lastError: 'HTTP 500' });
      expect(WebhookDelivery.array().parse((await call(app, o, 'GET', '/api/v1/webhook-deliveries?status=failed')).json()).map((x) => x.id)).toEqual([failed.id]);
      receiver.failNext(0);
      const retry = await call(app, o, 'POST', `/api/v1/webhook-deliveries/${failed.id}/retry`);
      expect(retry.statusCode, retry.body).toBe(200);
      expect(retry.json()).toMatchObject({ status: 'pending', maxAttempts: 4 });
      const done = await settled(app, o, failed.id);
      expect(done.status).toBe('succeeded');
      expect(done.log?.map((x) => [x.attempt, x.statusCode])).toEqual([
        [1, 500],
        [2, 500],
        [3, 200],
      ]);
      const got = receiver.requests.filter((r) => r.path === '/giveup');
      expect(got.map((r) => r.status)).toEqual([500, 500, 200]);
      expect(new Set(got.map((r) => header(r, 'x-parley-delivery')))).toEqual(new Set([failed.id]));
      // Only failed deliveries can be retried; another organization sees nothing.
      expect((await call(app, o, 'POST', `/api/v1/webhook-deliveries/${failed.id}/retry`)).statusCode).toBe(409);
      const stranger = await createOwner(t, 'giveup-stranger');
      expect((await call(app, stranger, 'GET', `/api/v1/webhook-deliveries/${failed.id}`)).statusCode).toBe(404);
      expect((await call(app, stranger, 'POST', `/api/v1/webhook-deliveries/${failed.id}/retry`)).statusCode).toBe(404);
      expect((await call(app, stranger, 'GET', '/api/v1/webhook-deliveries')).json()).toEqual([]);
    } finally {
      await app.close();
    }
  });
  it('sends each delivery exactly once when two nodes run workers on the same database', async () => {
    const [a, b] = await Promise.all([boot({ WEBHOOK_POLL_MS: '50' }), boot({ WEBHOOK_POLL_MS: '50' })]);
    try {
      const t = { app: a, database, advance: () => undefined, close: async () => undefined };
      const o = await createOwner(t, 'two-nodes');
      const endpoint = (await call(a, o, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/nodes`, events: ['conversation.resolved'] })).json();
      // Written straight into the outbox, so neither node is woken: both find them by polling, racing for each.
      const ids = Array.from({ length: 20 }, () => crypto.randomUUID());
      await createStores(database.db).webhookDeliveries.insert(
        ids.map((id, n) => ({
          id,
          orgId: o.orgId ?? '',
          botId: null,
          endpointId: endpoint.id,
          conversationId: null,
          kind: 'event' as const,
          event: 'conversation.resolved',
          url: endpoint.url,
          payload: { n, deliveryId: id },
          maxAttempts: 3,
          nextAttemptAt: new Date(),
        })),
      );
      const before = receiver.requests.length;
      await receiver.waitFor(before + ids.length);
      await new Promise((r) => setTimeout(r, 300));
      const got = receiver.requests.slice(before).map((r) => header(r, 'x-parley-delivery'));
      expect(got).toHaveLength(ids.length);
      expect([...got].sort()).toEqual([...ids].sort());
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
