import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '@parley/db';
import { createEventBus, type DomainEvent } from '../../events/domain-events.js';
import { rowsOf } from '../../lib/rows-of.js';
import { createTestDatabase } from '../../test/test-database.js';
import { awayMessageAssistant } from '../assistant/away-message-assistant.js';
import type { OrgContext } from '../auth/principal.js';
import { createStores, createTransact } from '../data-store.js';
import { createSetupService } from '../setup/setup-service.js';
import { createConversationService, type ConversationServiceDeps, type VisitorRef } from './conversation-service.js';
import { createFollowUpLedger } from './follow-up-ledger.js';

describe('conversation service', () => {
  let database: DatabaseHandle;
  let clock = new Date('2026-11-22T10:00:00Z');
  let tick = 0;
  const events: DomainEvent[] = [];
  let service: ReturnType<typeof createConversationService>;
  let stores: ReturnType<typeof createStores>;
  let agentCtx: OrgContext;
  let viewerCtx: OrgContext;
  let otherOrgCtx: OrgContext;
  let botId: string;

  const rethrow = (err: unknown) => {
    throw err;
  };
  /** A service on the test database; `deps` replace the defaults. */
  const serviceWith = (deps: Partial<ConversationServiceDeps>) =>
    createConversationService({
      stores,
      transact: createTransact(database.db),
      events: createEventBus(rethrow),
      assistant: awayMessageAssistant,
      presence: { onlineAmong: async () => new Set<string>() },
      // `tick` ms pass at every reading of the clock (0 by default: time stands still unless a test moves it).
      now: () => (clock = new Date(clock.getTime() + tick)),
      onFollowUpError: rethrow,
      nodeId: crypto.randomUUID(),
      ledger: createFollowUpLedger(() => clock),
      ...deps,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    stores = createStores(database.db);
    const bus = createEventBus(rethrow);
    bus.subscribe((e) => events.push(e));
    service = serviceWith({ events: bus });
    const setup = createSetupService(database.db);
    const a = await setup.createAdmin({ email: 'conv-owner@example.test', password: 'password-123', orgName: 'A' });
    const b = await setup.createAdmin({ email: 'conv-other@example.test', password: 'password-123', orgName: 'B' });
    const principal = { kind: 'session' as const, userId: a.userId, sessionId: 's', csrfToken: 'c' };
    agentCtx = { orgId: a.orgId, role: 'owner', principal, userId: a.userId };
    viewerCtx = { ...agentCtx, role: 'viewer' };
    otherOrgCtx = { orgId: b.orgId, role: 'owner', principal: { ...principal, userId: b.userId }, userId: b.userId };
    botId = (await stores.bots.create(a.orgId, { name: 'bot', identitySecret: 'x'.repeat(32), locale: 'en' })).id;
  });
  afterAll(() => database.close());

  async function newVisitor(): Promise<VisitorRef> {
    const v = await stores.visitors.create(agentCtx.orgId, botId, {});
    return { orgId: agentCtx.orgId, botId, visitorId: v.id };
  }

  it('stores a message once however often it is resent, with gap-free increasing seqs under concurrency', async () => {
    const v = await newVisitor();
    const ids = Array.from({ length: 40 }, (_, i) => `client-${String(i).padStart(4, '0')}`);
    // Every message is sent three times, all at once, in shuffled order.
    const sends = [...ids, ...ids, ...ids].sort(() => Math.random() - 0.5).map((clientId) => service.visitorSend(v, { clientId, body: `m ${clientId}`, tab: 'assistant' }));
    const results = await Promise.all(sends);
    await Promise.all(results.map((r) => r.followUp));
    const { messages, conversation } = await service.visitorSync(v, 0);
    const visitorMessages = messages.filter((m) => m.author === 'visitor');
    expect(visitorMessages).toHaveLength(40);
    expect(new Set(visitorMessages.map((m) => m.clientId)).size).toBe(40);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(40);
    // Duplicates are acknowledged with the stored message.
    for (const r of results) expect(r.message.body).toBe(`m ${r.message.clientId}`);
    expect(conversation?.lastSeq).toBe(messages.length);
    // One conversation, one away message.
    expect(messages.filter((m) => m.author === 'bot')).toHaveLength(1);
  });

  it("holds one database transaction, not one per message, for a burst of a visitor's first messages", async () => {
    // A widget coming back online resends its whole outbox at once; before there is a conversation
    // every one of those takes the slow path, and each used to hold a pool connection waiting for the visitor's lock.
    let transactions = 0;
    const transact = createTransact(database.db);
    const counted = serviceWith({
      transact: (fn) => {
        transactions += 1;
        return transact(fn);
      },
      assistant: { answer: async () => null },
    });
    const v = await newVisitor();
    const ids = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    const results = await Promise.all([...ids, ...ids].map((clientId) => counted.visitorSend(v, { clientId, body: clientId, tab: 'assistant' })));
    expect(transactions).toBe(1); // the one that opened the conversation; the rest took the batched hot path
    expect(results.filter((r) => !r.duplicate)).toHaveLength(30);
    const { messages } = await counted.visitorSync(v, 0);
    expect(messages.map((m) => m.seq)).toEqual(ids.map((_, i) => i + 1));
    expect(new Set(messages.map((m) => m.clientId))).toEqual(new Set(ids));
  });

  it("writes a burst of bot answers to one conversation one transaction at a time, each answer once", async () => {
    // Each answer locks the conversation row; answers to a burst of messages used to each hold a pool
    // connection while they queued for that lock.
    let open = 0;
    let mostOpen = 0;
    const transact = createTransact(database.db);
    const counted = serviceWith({
      transact: async (fn) => {
        mostOpen = Math.max(mostOpen, ++open);
        try {
          return await transact(fn);
        } finally {
          open--;
        }
      },
      assistant: { answer: async (input) => ({ body: `re: ${input.text}`, answeredBy: 'rule' }) },
    });
    const v = await newVisitor();
    await (await counted.visitorSend(v, { clientId: 'first', body: 'first', tab: 'assistant' })).followUp;
    mostOpen = 0;
    const ids = Array.from({ length: 20 }, (_, i) => `answered-${i}`);
    const sent = await Promise.all(ids.map((clientId) => counted.visitorSend(v, { clientId, body: clientId, tab: 'assistant' })));
    await Promise.all(sent.map((r) => r.followUp));
    expect(mostOpen).toBe(1);
    const { messages } = await counted.visitorSync(v, 0);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    expect(messages.filter((m) => m.author === 'bot').map((m) => m.body).sort()).toEqual(['first', ...ids].map((b) => `re: ${b}`).sort());
  });

  it('keeps every conversation gap-free when many visitors send at once (batched round trips), with agents replying in between', async () => {
    const visitors = await Promise.all(Array.from({ length: 6 }, () => newVisitor()));
    // First messages open the conversations; then everyone sends (and resends) together.
    await Promise.all(visitors.map((v, i) => service.visitorSend(v, { clientId: `open-${i}`, body: 'hi', tab: 'assistant' }).then((r) => r.followUp)));
    const conversations = await Promise.all(visitors.map(async (v) => (await service.visitorSync(v, 0)).conversation));
    const sends = visitors.flatMap((v, i) =>
      Array.from({ length: 12 }, (_, k) => ({ v, clientId: `v${i}-m${k % 8}` })), // k >= 8 resend earlier ids
    );
    const replies = conversations.map((c, i) => service.agentSend(agentCtx, c?.id ?? '', { body: `reply ${i}`, internal: false }));
    const results = await Promise.all([
      ...sends.sort(() => Math.random() - 0.5).map(({ v, clientId }) => service.visitorSend(v, { clientId, body: clientId, tab: 'assistant' })),
    ]);
    await Promise.all(replies);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(6 * 8);
    for (const r of results) expect(r.message.body).toBe(r.message.clientId);
    for (const v of visitors) {
      const { messages, conversation } = await service.visitorSync(v, 0);
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
      expect(messages.filter((m) => m.author === 'visitor')).toHaveLength(9);
      expect(messages.filter((m) => m.author === 'agent')).toHaveLength(1);
      expect(conversation?.lastSeq).toBe(messages.length);
    }
  });

  it('answers once per session: again only after an hour of silence', async () => {
    const v = await newVisitor();
    const send = async (body: string) => (await service.visitorSend(v, { clientId: `c-${Math.random().toString(36).slice(2, 12)}`, body, tab: 'assistant' })).followUp;
    await send('hello');
    clock = new Date(clock.getTime() + 10 * 60_000);
    await send('anyone?');
    let msgs = (await service.visitorSync(v, 0)).messages;
    expect(msgs.map((m) => m.author)).toEqual(['visitor', 'bot', 'visitor']);
    clock = new Date(clock.getTime() + 61 * 60_000);
    await send('back again');
    msgs = (await service.visitorSync(v, 0)).messages;
    expect(msgs.map((m) => m.author)).toEqual(['visitor', 'bot', 'visitor', 'visitor', 'bot']);
  });

  /** The visitor's conversation as an agent sees it (the visitor's own view leaves out why it was handed off). */
  async function asAgentSees(v: VisitorRef) {
    const c = (await service.visitorSync(v, 0)).conversation;
    if (!c) throw new Error('no conversation');
    return service.get(agentCtx, c.id);
  }

  it('sends Live Support tab messages to agents only (human mode, no bot)', async () => {
    const v = await newVisitor();
    events.length = 0;
    await (await service.visitorSend(v, { clientId: 'human-0001', body: 'I need a person', tab: 'human' })).followUp;
    const { conversation, messages } = await service.visitorSync(v, 0);
    expect(conversation?.humanMode).toBe(true);
    expect(await asAgentSees(v)).toMatchObject({ handoffReason: 'live_support', handedOffAt: clock.toISOString() });
    expect(messages.map((m) => m.author)).toEqual(['visitor']);
    expect(events.filter((e) => e.type === 'conversation.handoff')).toEqual([expect.objectContaining({ reason: 'live_support' })]);

    // The clock moving between opening the conversation and storing the message changes nothing.
    events.length = 0;
    tick = 1;
    const u = await newVisitor();
    await (await service.visitorSend(u, { clientId: 'human-0003', body: 'a person, please', tab: 'human' })).followUp;
    tick = 0;
    expect(await asAgentSees(u)).toMatchObject({ humanMode: true, handoffReason: 'live_support' });
    expect(events.filter((e) => e.type === 'conversation.handoff')).toEqual([expect.objectContaining({ reason: 'live_support' })]);

    // Switching to Live Support later in a bot conversation hands it over too (the batched hot path).
    const w = await newVisitor();
    await (await service.visitorSend(w, { clientId: 'bot-00001', body: 'hello bot', tab: 'assistant' })).followUp;
    expect(await asAgentSees(w)).toMatchObject({ humanMode: false, handoffReason: null });
    events.length = 0;
    await (await service.visitorSend(w, { clientId: 'human-0002', body: 'a person please', tab: 'human' })).followUp;
    expect(await asAgentSees(w)).toMatchObject({ humanMode: true, handoffReason: 'live_support' });
    expect(events.filter((e) => e.type === 'conversation.handoff')).toHaveLength(1);
  });

  it('keeps internal notes from the visitor and lets agents reply, assign and resolve', async () => {
    const v = await newVisitor();
    await (await service.visitorSend(v, { clientId: 'hello-0001', body: 'hi', tab: 'human' })).followUp;
    const conv = (await service.visitorSync(v, 0)).conversation;
    if (!conv) throw new Error('no conversation');
    events.length = 0;
    await service.agentSend(agentCtx, conv.id, { body: 'refund approved by finance', internal: true });
    const reply = await service.agentSend(agentCtx, conv.id, { body: 'Hello! How can I help?', internal: false, clientId: 'agent-0001' });
    const again = await service.agentSend(agentCtx, conv.id, { body: 'Hello! How can I help?', internal: false, clientId: 'agent-0001' });
    expect(again.duplicate).toBe(true);
    expect(again.message.id).toBe(reply.message.id);
    expect(reply.message.authorName).toBe('conv-owner');
    const visitorView = (await service.visitorSync(v, 0)).messages;
    expect(visitorView.map((m) => m.body)).toEqual(['hi', 'Hello! How can I help?']);
    const agentView = await service.messages(agentCtx, conv.id, 0);
    expect(agentView.map((m) => m.internal)).toEqual([false, true, false]);
    expect(events.filter((e) => e.type === 'message.created')).toHaveLength(2);

    expect((await service.assign(agentCtx, conv.id, agentCtx.userId)).assigneeId).toBe(agentCtx.userId);
    // The visitor's own view of it: never who has it or why it was handed off.
    expect(Object.keys((await service.visitorSync(v, 0)).conversation ?? {}).sort()).toEqual(['agentReadSeq', 'humanMode', 'id', 'lastSeq', 'status', 'visitorReadSeq']);
    // Two agents resolving at once: resolved once (the row is locked while one of them changes it).
    const both = await Promise.all([service.setStatus(agentCtx, conv.id, 'resolved'), service.setStatus(agentCtx, conv.id, 'resolved')]);
    expect(both.map((c) => c.status)).toEqual(['resolved', 'resolved']);
    expect(events.filter((e) => e.type === 'conversation.resolved')).toHaveLength(1);
    expect((await service.list(agentCtx, ['resolved'], 50)).map((c) => c.id)).toContain(conv.id);
    // A new visitor message reopens it.
    await (await service.visitorSend(v, { clientId: 'hello-0002', body: 'one more thing', tab: 'human' })).followUp;
    expect((await service.get(agentCtx, conv.id)).status).toBe('open');
  });

  it('pages the inbox by activity without skipping or repeating a row, ties included', async () => {
    // Time stands still here: several conversations share one lastMessageAt, so the id breaks ties.
    for (let i = 0; i < 5; i++) await service.visitorSend(await newVisitor(), { clientId: `page-${i}`, body: `page ${i}`, tab: 'assistant' });
    clock = new Date(clock.getTime() + 1_000);
    for (let i = 5; i < 8; i++) await service.visitorSend(await newVisitor(), { clientId: `page-${i}`, body: `page ${i}`, tab: 'assistant' });
    // Conversations without a message yet sort by their creation time, which the database keeps to the
    // microsecond while clients see milliseconds: two within one millisecond must both be paged.
    for (const micros of ['400', '200']) {
      const v = await newVisitor();
      const createdAt = `2020-01-01T00:00:00.000${micros}Z`;
      await database.db.execute(sql`insert into conversations (org_id, bot_id, visitor_id, created_at) values (${v.orgId}, ${v.botId}, ${v.visitorId}, ${createdAt}::timestamptz)`);
    }
    const all = await service.summaries(agentCtx, ['open', 'pending', 'resolved'], 200);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const paged: string[] = [];
    let before: { at: Date; id: string } | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await service.summaries(agentCtx, ['open', 'pending', 'resolved'], 1, before);
      paged.push(...page.map((c) => c.id));
      const last = page.at(-1);
      if (!last) break;
      before = { at: new Date(last.lastMessageAt ?? last.createdAt), id: last.id };
    }
    expect(paged).toEqual(all.map((c) => c.id));
    // Newest activity first.
    const times = all.map((c) => Date.parse(c.lastMessageAt ?? c.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Another organization's cursor position shows nothing of this one.
    expect(await service.summaries(otherOrgCtx, ['open', 'pending', 'resolved'], 50, before)).toEqual([]);
  });

  it('refuses viewers and other organizations', async () => {
    const v = await newVisitor();
    await (await service.visitorSend(v, { clientId: 'iso-00001', body: 'hi', tab: 'assistant' })).followUp;
    const conv = (await service.visitorSync(v, 0)).conversation;
    if (!conv) throw new Error('no conversation');
    await expect(service.agentSend(viewerCtx, conv.id, { body: 'x', internal: false })).rejects.toMatchObject({ code: 'forbidden' });
    // A viewer reads along unseen: no read receipt, no typing reaches the visitor.
    events.length = 0;
    await expect(service.agentRead(viewerCtx, conv.id, 1)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.agentTyping(viewerCtx, conv.id, true)).rejects.toMatchObject({ code: 'forbidden' });
    expect(events).toEqual([]);
    expect((await service.get(agentCtx, conv.id)).agentReadSeq).toBe(0);
    // Only a workflow (an API key) answers as the bot, and a bot's message is never an internal note.
    await expect(service.agentSend(agentCtx, conv.id, { body: 'I am the bot', internal: false, as: 'bot' })).rejects.toMatchObject({ code: 'forbidden' });
    const workflowCtx: OrgContext = { orgId: agentCtx.orgId, role: 'agent', userId: null, principal: { kind: 'apiKey', apiKeyId: crypto.randomUUID(), orgId: agentCtx.orgId, role: 'agent', name: 'wf' } };
    await expect(service.agentSend(workflowCtx, conv.id, { body: 'VIP, refund limit 500', internal: true, as: 'bot' })).rejects.toMatchObject({ code: 'validation_failed' });
    expect((await service.visitorSync(v, 0)).messages.map((m) => m.body)).not.toContain('VIP, refund limit 500');
    expect((await service.agentSend(workflowCtx, conv.id, { body: 'It ships tomorrow.', internal: false, as: 'bot' })).message).toMatchObject({ author: 'bot', internal: false });
    await expect(service.get(otherOrgCtx, conv.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.messages(otherOrgCtx, conv.id, 0)).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.agentSend(otherOrgCtx, conv.id, { body: 'x', internal: false })).rejects.toMatchObject({ code: 'not_found' });
    expect((await service.list(otherOrgCtx, ['open', 'pending', 'resolved'], 50)).map((c) => c.id)).not.toContain(conv.id);
  });

  it('records read receipts up to the last seq only', async () => {
    const v = await newVisitor();
    await (await service.visitorSend(v, { clientId: 'read-00001', body: 'hi', tab: 'assistant' })).followUp;
    const conv = (await service.visitorSync(v, 0)).conversation;
    if (!conv) throw new Error('no conversation');
    await service.visitorRead(v, 999);
    await service.agentRead(agentCtx, conv.id, 1);
    const after = await service.get(agentCtx, conv.id);
    expect(after.visitorReadSeq).toBe(after.lastSeq);
    expect(after.agentReadSeq).toBe(1);
  });

  it("updates a conversation for each visitor message without touching an index (HOT), so old versions cannot pile up in the lookups", async () => {
    const v = await newVisitor();
    await service.visitorSend(v, { clientId: 'hot-open', body: 'hi', tab: 'assistant' }).then((r) => r.followUp);
    // No index of conversations may hold a column every message changes (an expression or a predicate included).
    const indexes = rowsOf(await database.db.execute(sql`select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'conversations'::regclass`));
    expect(indexes.length).toBeGreaterThan(0);
    for (const row of indexes) expect(JSON.stringify(row)).not.toMatch(/last_seq|last_message_at|updated_at/);
    // And PostgreSQL counts the hot path's updates as heap-only. The backend's own counters (not yet
    // flushed, so they may include its earlier transactions) are read before and after, in one transaction.
    const payload = JSON.stringify(
      ['hot-1', 'hot-2', 'hot-3'].map((client) => ({ org: v.orgId, visitor: v.visitorId, client, body: client, human: false, at: new Date().toISOString() })),
    );
    const updateCounts = sql`select pg_stat_get_xact_tuples_updated('conversations'::regclass)::int as updated, pg_stat_get_xact_tuples_hot_updated('conversations'::regclass)::int as hot`;
    const UpdateCounts = z.tuple([z.object({ updated: z.number(), hot: z.number() })]);
    const counts = await database.db.transaction(async (tx) => {
      const [before] = UpdateCounts.parse(rowsOf(await tx.execute(updateCounts)));
      await tx.execute(sql`select * from parley_append_visitor_messages(${payload}::jsonb)`);
      const [after] = UpdateCounts.parse(rowsOf(await tx.execute(updateCounts)));
      return { updated: after.updated - before.updated, hot: after.hot - before.hot };
    });
    expect(counts).toEqual({ updated: 3, hot: 3 });
  });
});
