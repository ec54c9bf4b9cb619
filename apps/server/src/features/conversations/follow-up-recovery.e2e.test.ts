import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpCheckpoints, messages, webhookDeliveries, type DatabaseHandle } from '@parley/db';
import { call, createOwner, createTestApp, type Actor, type TestApp } from '../../test/test-app.js';
import { createTestDatabase } from '../../test/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/webhook-receiver.js';
import { createStores } from '../data-store.js';
import { answerClientId } from './conversation-service.js';
import { waitUntil } from '../../test/wait-until.js';

const FAST = {
  FOLLOW_UP_HEARTBEAT_MS: '100',
  FOLLOW_UP_DEAD_AFTER_MS: '400',
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_POLL_MS: '100',
  WEBHOOK_RETRY_BASE_MS: '50',
};

/**
 * A server process that dies after storing messages leaves their follow-ups (the bot's answer, webhooks)
 * undone. The live process notices its checkpoint stopped beating and re-runs them, once.
 */
describe('follow-up recovery', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let owner: Actor;
  let orgId: string;
  let botId: string;
  let endpointId: string;
  let stores: ReturnType<typeof createStores>;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await createTestApp(FAST);
    stores = createStores(t.database.db);
    owner = await createOwner(t, 'follow-ups');
    orgId = owner.orgId ?? '';
    const bot = await call(t.app, owner, 'POST', '/api/v1/bots', { name: 'Shop', allowedOrigins: ['http://shop.test'] });
    expect(bot.statusCode, bot.body).toBe(201);
    botId = bot.json().id;
    const faq = await call(t.app, owner, 'POST', `/api/v1/bots/${botId}/faqs`, { questions: ['Do you ship to Hanoi?'], answer: 'Yes, we ship to Hanoi within 2 days.' });
    expect(faq.statusCode, faq.body).toBe(201);
    const hook = await call(t.app, owner, 'POST', '/api/v1/webhooks', { url: `${receiver.url}/hook`, events: ['message.created', 'conversation.handoff'] });
    expect(hook.statusCode, hook.body).toBe(201);
    endpointId = hook.json().id;
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** A process that stored messages and died at once: its checkpoint stopped beating an hour ago. */
  async function deadProcess(nodeId: string, since: Date): Promise<void> {
    await stores.followUps.beat(nodeId, since, since);
    await t.database.db.execute(sql`update follow_up_checkpoints set heartbeat_at = now() - interval '1 hour' where node_id = ${nodeId}`);
  }
  const checkpointGone = (nodeId: string) => async () =>
    (await t.database.db.select().from(followUpCheckpoints).where(eq(followUpCheckpoints.nodeId, nodeId))).length === 0 ? true : undefined;
  const conversationMessages = (conversationId: string) =>
    t.database.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.seq);
  const dedupeKeys = async () => (await t.database.db.select({ key: webhookDeliveries.dedupeKey }).from(webhookDeliveries)).map((r) => r.key).sort();

  it('answers what a dead process left unanswered, sends its webhooks once, and a second re-run adds nothing', async () => {
    // Two visitors with conversations (the dead process stores into existing ones, as the hot path does).
    const visitors = await Promise.all([stores.visitors.create(orgId, botId, {}), stores.visitors.create(orgId, botId, {})]);
    const [asking, human] = await Promise.all(visitors.map((v) => stores.conversations.create({ orgId, botId, visitorId: v.id, humanMode: false })));
    if (!asking || !human) throw new Error('no conversations');
    const dead = randomUUID();
    const since = new Date(Date.now() - 1_000);
    const stored = await stores.conversations.appendVisitorMessages([
      // The visitor asked twice before any answer: only the later question gets one (no late answer to the first).
      { orgId, visitorId: asking.visitorId, clientId: 'lost-0001', body: 'hello?', payload: null, humanMode: false, at: new Date(), nodeId: dead },
      { orgId, visitorId: asking.visitorId, clientId: 'lost-0002', body: 'Do you ship to Hanoi?', payload: null, humanMode: false, at: new Date(), nodeId: dead },
      // Live Support: for a person (a handoff), never the bot.
      { orgId, visitorId: human.visitorId, clientId: 'lost-0003', body: 'Do you ship to Hanoi?', payload: null, humanMode: true, at: new Date(), nodeId: dead },
    ]);
    const ids = stored.map((s) => (s.kind === 'appended' ? s.message.id : ''));
    expect(ids.every((id) => id !== '')).toBe(true);
    const [first, second, third] = ids;

    await deadProcess(dead, since);
    await waitUntil('the dead checkpoint to be taken over and finished', checkpointGone(dead));

    const asked = await conversationMessages(asking.id);
    expect(asked.map((m) => [m.author, m.clientId])).toEqual([
      ['visitor', 'lost-0001'],
      ['visitor', 'lost-0002'],
      ['bot', answerClientId(second ?? '')],
    ]);
    expect(asked[2]).toMatchObject({ body: 'Yes, we ship to Hanoi within 2 days.', answeredBy: 'knowledge' });
    expect((await conversationMessages(human.id)).map((m) => m.author)).toEqual(['visitor']);
    const answerId = asked[2]?.id ?? '';
    const expected = [...[first, second, third, answerId].map((id) => `${endpointId}:message.created:${id}`), `${endpointId}:conversation.handoff:${third}`].sort();
    expect(await dedupeKeys()).toEqual(expected);
    // The receiver gets each message once (the answer's own webhook came from its live announcement),
    // and the handoff the Live Support message caused.
    const received = (await receiver.waitFor(5)).map((r) => JSON.parse(r.body));
    expect(received.filter((b) => b.event === 'message.created').map((b) => String(b.message.id)).sort()).toEqual([first, second, third, answerId].sort());
    expect(received.filter((b) => b.event === 'conversation.handoff').map((b) => [b.conversation.id, b.reason])).toEqual([[human.id, 'live_support']]);

    // The same messages again (a taker that died after re-running them, before deleting the checkpoint).
    await deadProcess(dead, since);
    await waitUntil('the second take-over', checkpointGone(dead));
    expect(await conversationMessages(asking.id)).toHaveLength(3);
    expect(await dedupeKeys()).toEqual(expected);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(5);
  });

  it('leaves a live process alone: its checkpoint keeps beating and is never taken over', async () => {
    const rows = await t.database.db.select().from(followUpCheckpoints);
    expect(rows).toHaveLength(1);
    const [own] = rows;
    await new Promise((r) => setTimeout(r, 500));
    const [later] = await t.database.db.select().from(followUpCheckpoints).where(eq(followUpCheckpoints.nodeId, own?.nodeId ?? ''));
    expect(later?.heartbeatAt.getTime()).toBeGreaterThan(own?.heartbeatAt.getTime() ?? Infinity);
    // Nothing under way: done up to (about) now.
    expect(Date.now() - (later?.doneBefore.getTime() ?? 0)).toBeLessThan(10_000);
  });

  it('deletes its checkpoint on a graceful shutdown, having finished its follow-ups', async () => {
    const other = await createTestApp(FAST);
    try {
      expect(await other.database.db.select().from(followUpCheckpoints)).toHaveLength(1);
      await other.app.close();
      expect(await other.database.db.select().from(followUpCheckpoints)).toHaveLength(0);
    } finally {
      await other.database.close();
    }
  });

  it('stores a re-run answer in the name of the process that wrote it', async () => {
    const [own] = await t.database.db.select().from(followUpCheckpoints);
    const [answer] = await t.database.db
      .select()
      .from(messages)
      .where(and(eq(messages.orgId, orgId), eq(messages.author, 'bot')));
    // The recovered answer was written by the live process.
    expect(answer?.nodeId).toBe(own?.nodeId);
  });

  it('answers a quick reply a dead process stored by its payload; the message keeps the label', async () => {
    const visitor = await stores.visitors.create(orgId, botId, {});
    const conversation = await stores.conversations.create({ orgId, botId, visitorId: visitor.id, humanMode: false });
    const dead = randomUUID();
    const since = new Date(Date.now() - 1_000);
    const [stored] = await stores.conversations.appendVisitorMessages([
      { orgId, visitorId: visitor.id, clientId: 'lost-0004', body: 'Yes please', payload: 'Do you ship to Hanoi?', humanMode: false, at: new Date(), nodeId: dead },
    ]);
    expect(stored).toMatchObject({ kind: 'appended', message: { body: 'Yes please', payload: 'Do you ship to Hanoi?' } });
    await deadProcess(dead, since);
    await waitUntil('the dead checkpoint to be taken over and finished', checkpointGone(dead));
    expect((await conversationMessages(conversation.id)).map((m) => [m.author, m.body, m.payload])).toEqual([
      ['visitor', 'Yes please', 'Do you ship to Hanoi?'],
      ['bot', 'Yes, we ship to Hanoi within 2 days.', null],
    ]);
  });
});

describe('follow-up checkpoints', () => {
  let database: DatabaseHandle;
  let store: ReturnType<typeof createStores>['followUps'];
  beforeAll(async () => {
    database = await createTestDatabase();
    store = createStores(database.db).followUps;
  });
  afterAll(() => database.close());

  const row = async (nodeId: string) => (await database.db.select().from(followUpCheckpoints).where(eq(followUpCheckpoints.nodeId, nodeId)))[0];

  it('are taken over once silent, by one process at a time, and given back to an owner that beats again', async () => {
    const [owner, taker, other] = [randomUUID(), randomUUID(), randomUUID()];
    const since = new Date(Date.now() - 60_000);
    await store.beat(owner, since, since);
    // Beating: nobody may take it.
    expect(await store.claimDead(taker, 1_000)).toBeUndefined();
    await database.db.execute(sql`update follow_up_checkpoints set heartbeat_at = now() - interval '1 hour' where node_id = ${owner}`);
    expect(await store.claimDead(owner, 1_000)).toBeUndefined(); // never one's own
    expect(await store.claimDead(taker, 1_000)).toMatchObject({ nodeId: owner, claimedBy: taker });
    // Claimed (its heartbeat renewed in the taker's name): not a second time.
    expect(await store.claimDead(other, 1_000)).toBeUndefined();
    expect(await store.advance(owner, taker, new Date(since.getTime() + 1_000))).toBe(true);
    expect(await store.advance(owner, other, new Date())).toBe(false);

    // The owner was alive after all: its beat takes the checkpoint back, and the taker's next step fails.
    await store.beat(owner, new Date(), since);
    expect(await row(owner)).toMatchObject({ claimedBy: null });
    expect(await store.advance(owner, taker, new Date())).toBe(false);
    await store.remove(owner, taker);
    expect(await row(owner)).toBeDefined();
    // Its own graceful shutdown deletes it.
    await store.remove(owner);
    expect(await row(owner)).toBeUndefined();
  });

  it('are claimed one at a time when several processes died: the longest silent first', async () => {
    const dead = [randomUUID(), randomUUID(), randomUUID()];
    const taker = randomUUID();
    const since = new Date(Date.now() - 60_000);
    for (const [i, nodeId] of dead.entries()) {
      await store.beat(nodeId, since, since);
      await database.db.execute(sql`update follow_up_checkpoints set heartbeat_at = now() - make_interval(hours => ${10 - i}) where node_id = ${nodeId}`);
    }
    for (const nodeId of dead) {
      expect(await store.claimDead(taker, 1_000)).toMatchObject({ nodeId, claimedBy: taker });
      // The others are still unclaimed (and silent), each waiting for its own claim.
      for (const rest of dead.slice(dead.indexOf(nodeId) + 1)) expect(await row(rest)).toMatchObject({ claimedBy: null });
    }
    expect(await store.claimDead(taker, 1_000)).toBeUndefined();
  });
});
