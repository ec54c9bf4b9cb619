import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@parley/db';
import { createEventBus } from '../../events/domain-events.js';
import { createTestDatabase } from '../../test/test-database.js';
import { awayMessageAssistant } from '../assistant/away-message-assistant.js';
import { createStores, createTransact } from '../data-store.js';
import { createSetupService } from '../setup/setup-service.js';
import { createConversationService } from './conversation-service.js';
import type { VisitorAppend, VisitorMessageInput } from './conversation-store.js';
import { createFollowUpLedger } from './follow-up-ledger.js';

/**
 * parley_append_visitor_messages, the chat's hot path (group commit): one call stores a batch of visitor
 * messages, each answered for itself. A batch meets every situation at once: a new message, a resend, a
 * visitor with no conversation yet, a switch to a person, a visitor with two conversations, and the same
 * visitor twice.
 */
describe('the visitor message batch (parley_append_visitor_messages)', () => {
  let database: DatabaseHandle;
  let stores: ReturnType<typeof createStores>;
  let service: ReturnType<typeof createConversationService>;
  let orgId: string;
  let botId: string;
  const nodeId = crypto.randomUUID();
  let clock = new Date('2026-11-23T08:00:00Z');
  const later = (ms: number) => (clock = new Date(clock.getTime() + ms));

  beforeAll(async () => {
    database = await createTestDatabase();
    stores = createStores(database.db);
    const rethrow = (err: unknown) => {
      throw err;
    };
    service = createConversationService({
      stores,
      transact: createTransact(database.db),
      events: createEventBus(rethrow),
      assistant: awayMessageAssistant,
      presence: { onlineAmong: async () => new Set<string>() },
      now: () => clock,
      onFollowUpError: rethrow,
      nodeId,
      ledger: createFollowUpLedger(() => clock),
    });
    const admin = await createSetupService(database.db).createAdmin({ email: 'batch-owner@example.test', password: 'password-123', orgName: 'Batch' });
    orgId = admin.orgId;
    botId = (await stores.bots.create(orgId, { name: 'bot', identitySecret: 'x'.repeat(32), locale: 'en' })).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A visitor whose conversation has a message (`first`), sent from the given tab, and the bot's answer to it if any. */
  async function visitorWithConversation(tab: 'assistant' | 'human' = 'assistant') {
    const { id: visitorId } = await stores.visitors.create(orgId, botId, {});
    later(1000);
    const sent = await service.visitorSend({ orgId, botId, visitorId }, { clientId: `first-${visitorId}`, body: 'first', tab });
    await sent.followUp;
    const conversation = await stores.conversations.latestForVisitor(orgId, visitorId);
    if (!conversation) throw new Error('no conversation');
    return { visitorId, conversation };
  }

  const item = (visitorId: string, clientId: string, humanMode = false): VisitorMessageInput => ({
    orgId,
    visitorId,
    clientId,
    body: `body of ${clientId}`,
    payload: clientId.startsWith('tap') ? 'payload' : null,
    humanMode,
    at: later(10),
    nodeId,
  });

  /** Six visitors in the situations a batch meets (one with no conversation yet), and one message of each. */
  async function scenario() {
    const plain = await visitorWithConversation();
    const resend = await visitorWithConversation();
    const { id: newcomer } = await stores.visitors.create(orgId, botId, {});
    const toPerson = await visitorWithConversation();
    const alreadyHuman = await visitorWithConversation('human');
    // A visitor with an older conversation and a newer one: the message goes to the newer.
    const twice = await visitorWithConversation();
    later(1000);
    const newer = await stores.conversations.create({ orgId, botId, visitorId: twice.visitorId, humanMode: false, at: clock });
    later(1000);
    const items = [
      item(plain.visitorId, `tap-${plain.visitorId}`),
      item(resend.visitorId, `first-${resend.visitorId}`),
      item(newcomer, `new-${newcomer}`),
      item(toPerson.visitorId, `person-${toPerson.visitorId}`, true),
      item(alreadyHuman.visitorId, `more-${alreadyHuman.visitorId}`, true),
      item(twice.visitorId, `newer-${twice.visitorId}`),
    ];
    return { plain, resend, toPerson, alreadyHuman, twice, newer, items };
  }

  function appended(out: VisitorAppend | undefined) {
    if (out?.kind !== 'appended') throw new Error(`expected appended, got ${out?.kind}`);
    return out;
  }

  /** What the batch must answer for the scenario's six items, and what it must have stored. */
  async function expectScenarioAnswers(s: Awaited<ReturnType<typeof scenario>>, answers: VisitorAppend[]) {
    const [plainItem, , , personItem, humanItem, twiceItem] = s.items;
    const plain = appended(answers[0]);
    const plainSeq = s.plain.conversation.lastSeq + 1;
    expect(plain.message).toMatchObject({ seq: plainSeq, conversationId: s.plain.conversation.id, clientId: plainItem?.clientId, payload: 'payload' });
    expect(plain.conversation).toMatchObject({ id: s.plain.conversation.id, lastSeq: plainSeq, status: 'open', humanMode: false, lastMessageAt: plainItem?.at, handedOffAt: null });
    expect(plain.previous).toEqual({ status: 'open', humanMode: false, lastMessageAt: s.plain.conversation.lastMessageAt });

    expect(answers[1]).toEqual({ kind: 'duplicate', conversationId: s.resend.conversation.id });
    expect(answers[2]).toEqual({ kind: 'no_conversation' });

    // The Live Support tab hands a bot conversation to a person at this message's time.
    const person = appended(answers[3]);
    expect(person.conversation).toMatchObject({ humanMode: true, handedOffAt: personItem?.at, handoffReason: 'live_support', lastSeq: s.toPerson.conversation.lastSeq + 1 });
    expect(person.previous).toMatchObject({ humanMode: false });
    // A conversation with a person already keeps its handoff time.
    const human = appended(answers[4]);
    expect(human.conversation).toMatchObject({ humanMode: true, handedOffAt: s.alreadyHuman.conversation.handedOffAt, handoffReason: 'live_support' });
    expect(human.previous).toMatchObject({ humanMode: true });
    expect(human.conversation.lastMessageAt).toEqual(humanItem?.at);
    expect(humanItem?.at.getTime()).toBeGreaterThan(s.alreadyHuman.conversation.handedOffAt?.getTime() ?? Infinity);

    const twice = appended(answers[5]);
    expect(twice.conversation).toMatchObject({ id: s.newer.id, lastSeq: 1, lastMessageAt: twiceItem?.at });
    expect(twice.previous).toEqual({ status: 'open', humanMode: false, lastMessageAt: null });
    expect(twice.message.seq).toBe(1);

    // Stored as answered: each message once, under its seq, with its node; the resend left nothing new.
    for (const a of [plain, person, human, twice]) {
      const stored = await stores.conversations.findByClientId(orgId, a.message.conversationId, a.message.clientId ?? '');
      expect(stored).toMatchObject({ id: a.message.id, seq: a.message.seq, author: 'visitor', nodeId });
      expect(await stores.conversations.find(orgId, a.conversation.id)).toMatchObject({ humanMode: a.conversation.humanMode, handedOffAt: a.conversation.handedOffAt });
    }
    expect(await stores.conversations.find(orgId, s.resend.conversation.id)).toMatchObject({ lastSeq: s.resend.conversation.lastSeq });
  }

  it('answers each message of a batch for itself: appended, duplicate or no conversation, with the state before and after it', async () => {
    const s = await scenario();
    await expectScenarioAnswers(s, await stores.conversations.appendVisitorMessages(s.items));
    expect(await stores.conversations.find(orgId, s.plain.conversation.id)).toMatchObject({ lastSeq: s.plain.conversation.lastSeq + 1 });
  });

  it('answers the same batch with a visitor twice in it, the second message seeing the first', async () => {
    const s = await scenario();
    const again = item(s.plain.visitorId, `again-${s.plain.visitorId}`);
    const answers = await stores.conversations.appendVisitorMessages([...s.items, again]);
    await expectScenarioAnswers(s, answers);
    const second = appended(answers[6]);
    expect(second.message.seq).toBe(s.plain.conversation.lastSeq + 2);
    expect(second.conversation.lastSeq).toBe(s.plain.conversation.lastSeq + 2);
    expect(await stores.conversations.find(orgId, s.plain.conversation.id)).toMatchObject({ lastSeq: s.plain.conversation.lastSeq + 2 });
    expect(second.previous).toEqual({ status: 'open', humanMode: false, lastMessageAt: s.items[0]?.at });
  });

  it('stores resends in batches run at once without a duplicate or a gap', async () => {
    const visitors = await Promise.all(Array.from({ length: 6 }, () => visitorWithConversation()));
    // Four batches at once, each with every visitor once: the same two messages per visitor, resent.
    const batches = Array.from({ length: 4 }, (_, b) => visitors.map((v) => item(v.visitorId, `${b % 2 === 0 ? 'x' : 'y'}-${v.visitorId}`)));
    const answers = await Promise.all(batches.map((batch) => stores.conversations.appendVisitorMessages(batch)));
    for (const v of visitors) {
      const mine = answers.flatMap((batch) => batch.filter((a) => a.kind === 'appended' && a.conversation.visitorId === v.visitorId));
      expect(mine).toHaveLength(2);
      const last = v.conversation.lastSeq + 2;
      expect((await stores.conversations.find(orgId, v.conversation.id))?.lastSeq).toBe(last);
      const seqs = (await stores.conversations.messagesAfter(orgId, v.conversation.id, 0, false, 10)).map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    }
  });
});
