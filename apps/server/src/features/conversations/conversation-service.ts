import {
  roleAtLeast,
  type AgentReply,
  type Conversation,
  type ConversationStatus,
  type ConversationSummary,
  type Message,
  type Visitor,
  type VisitorConversation,
  type VisitorSend,
} from '@parley/contracts';
import type { Locale } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { AppError, notFound } from '../../errors/app-error.js';
import type { DomainEvent, EventBus } from '../../events/domain-events.js';
import type { AssistantPort } from '../assistant/assistant-port.js';
import type { PresencePort } from '../visitors/presence-port.js';
import { startsNewSession } from '../assistant/away-message-assistant.js';
import type { OrgContext } from '../auth/principal.js';
import type { Stores, Transact } from '../data-store.js';
import type { ConversationPatch, ConversationRow, ListCursor, MessageRow, NewMessage, VisitorMessageInput } from './conversation-store.js';
import { createBatcher } from '../../lib/batcher.js';
import { createKeyedQueue } from '../../lib/keyed-queue.js';
import { toConversation, toMessage, toVisitor } from './conversation-mappers.js';
import { LocaleOrEn } from '../../lib/locale-or-en.js';
import type { FollowUpLedger } from './follow-up-ledger.js';

/** A visitor of one bot, as proven by their visitor token. */
export interface VisitorRef {
  orgId: string;
  botId: string;
  visitorId: string;
  /** The bot's locale when the caller has the bot at hand (saves a lookup per message). */
  locale?: Locale;
}

export interface ConversationServiceDeps {
  stores: Pick<Stores, 'conversations' | 'bots' | 'orgs' | 'visitors'>;
  transact: Transact;
  events: EventBus;
  assistant: AssistantPort;
  presence: PresencePort;
  now: () => Date;
  onFollowUpError: (err: unknown) => void;
  /** This process: stamped on every message it stores, which it then owes follow-ups (see follow-up-recovery.ts). */
  nodeId: string;
  /** Follow-ups under way, for this process's checkpoint. */
  ledger: FollowUpLedger;
  /**
   * Writes what an agent's resolve or takeover owes outside (its webhooks) inside the transaction that
   * makes the change, so a crash cannot keep one without the other. The event is also emitted after commit.
   */
  recordInTransaction?: (tx: Stores, event: AgentActionEvent) => Promise<void>;
}

/** Events of an agent's action on a conversation, recorded with the change itself. */
export type AgentActionEvent = Extract<DomainEvent, { type: 'conversation.resolved' | 'conversation.handoff' }>;

/** The bot's answer to a visitor message has this client id: the answer is written at most once. */
export const answerClientId = (messageId: string): string => `answer:${messageId}`;

interface Appended {
  conversation: ConversationRow;
  message: MessageRow;
  duplicate: boolean;
  created: boolean;
  changed: boolean;
  previousMessageAt: Date | null;
}

const SYNC_LIMIT = 500;

export function createConversationService(deps: ConversationServiceDeps) {
  const { stores, transact, events, assistant, now, nodeId, ledger } = deps;

  /**
   * Persists a message exactly once: the conversation row is locked, a resend with a
   * known client id returns the stored message, otherwise it gets the next seq.
   */
  async function append(
    tx: Stores,
    conversation: ConversationRow,
    input: NewMessage,
    patch: { status?: ConversationStatus; humanMode?: boolean },
    visitorLocked = false,
  ): Promise<Omit<Appended, 'created'>> {
    const locked = await tx.conversations.lock(conversation.orgId, conversation.id, { visitorId: conversation.visitorId, visitorLocked });
    if (!locked) throw notFound('Conversation');
    const at = now();
    const message = await tx.conversations.append(locked, { ...input, nodeId }, at);
    if (!message) {
      const existing = input.clientId ? await tx.conversations.findByClientId(locked.orgId, locked.id, input.clientId) : undefined;
      if (!existing) throw new Error('message conflicted but is not stored');
      return { conversation: locked, message: existing, duplicate: true, changed: false, previousMessageAt: null };
    }
    const changes: ConversationPatch = {};
    if (patch.status !== undefined && patch.status !== locked.status) changes.status = patch.status;
    if (patch.humanMode !== undefined && patch.humanMode !== locked.humanMode) {
      changes.humanMode = patch.humanMode;
      // A visitor writing from the Live Support tab (a bot's handoff records its own reason after this).
      if (patch.humanMode) Object.assign(changes, { handedOffAt: at, handoffReason: 'live_support' });
    }
    const updated = Object.keys(changes).length > 0 ? await tx.conversations.update(locked.orgId, locked.id, changes, at) : undefined;
    return {
      conversation: { ...(updated ?? locked), lastSeq: message.seq, lastMessageAt: at },
      message,
      duplicate: false,
      changed: updated !== undefined,
      previousMessageAt: locked.lastMessageAt,
    };
  }

  // Group commit for the hot path: messages arriving while the database is busy share a round trip.
  const visitorMessages = createBatcher({
    run: (items: VisitorMessageInput[]) => stores.conversations.appendVisitorMessages(items),
    maxInFlight: 4,
    maxBatch: 100,
  });

  /** The hot path: the visitor already has a conversation; the message is stored in a (shared) round trip. */
  async function appendToLatest(v: VisitorRef, input: VisitorSend, human: boolean): Promise<Appended | null> {
    const out = await visitorMessages.submit({
      orgId: v.orgId,
      visitorId: v.visitorId,
      clientId: input.clientId,
      body: input.body,
      payload: input.payload ?? null,
      humanMode: human,
      at: now(),
      nodeId,
    });
    if (out.kind === 'no_conversation') return null;
    if (out.kind === 'duplicate') {
      const existing = await stores.conversations.findByClientId(v.orgId, out.conversationId, input.clientId);
      const conversation = await stores.conversations.find(v.orgId, out.conversationId);
      if (!conversation || !existing) throw new Error('message conflicted but is not stored');
      return { conversation, message: existing, duplicate: true, created: false, changed: false, previousMessageAt: null };
    }
    return {
      conversation: out.conversation,
      message: out.message,
      duplicate: false,
      created: false,
      changed: out.previous.status !== out.conversation.status || out.previous.humanMode !== out.conversation.humanMode,
      previousMessageAt: out.previous.lastMessageAt,
    };
  }

  // A visitor's first messages wait here, not in the pool: a burst of them (a widget resending its outbox)
  // holds one database connection at a time rather than one each while they queue for the visitor's lock.
  const firstMessages = createKeyedQueue();

  /**
   * The visitor's first message. Those of one visitor take turns in this process, and the one whose turn
   * comes after another opened the conversation takes the hot path; across processes, the visitor row is
   * locked so two first messages open one conversation.
   */
  function firstMessage(v: VisitorRef, input: VisitorSend, human: boolean): Promise<Appended> {
    return firstMessages.run(v.visitorId, async (waited) => (waited ? await appendToLatest(v, input, human) : null) ?? (await openConversation(v, input, human)));
  }

  async function openConversation(v: VisitorRef, input: VisitorSend, human: boolean): Promise<Appended> {
    return transact(async (tx): Promise<Appended> => {
      if (!(await tx.visitors.lock(v.botId, v.visitorId))) throw notFound('Visitor');
      const existing = await tx.conversations.latestForVisitor(v.orgId, v.visitorId);
      const conversation = existing ?? (await tx.conversations.create({ orgId: v.orgId, botId: v.botId, visitorId: v.visitorId, humanMode: human, at: now() }));
      const out = await append(
        tx,
        conversation,
        { clientId: input.clientId, author: 'visitor', body: input.body, payload: input.payload ?? null },
        { status: 'open', ...(human ? { humanMode: true } : {}) },
        true,
      );
      return { ...out, created: !existing };
    });
  }

  /** `senderConnection`: the connection that sent the message, which has it from its ack. */
  function announce(orgId: string, r: Appended, senderConnection?: string): void {
    if (r.duplicate) return;
    if (r.created || r.changed) {
      const conversation = toConversation(r.conversation);
      events.emit({ type: r.created ? 'conversation.created' : 'conversation.updated', orgId, conversation });
    }
    const message = toMessage(r.message);
    events.emit({ type: 'message.created', orgId, visitorId: r.conversation.visitorId, message, ...(senderConnection === undefined ? {} : { senderConnection }) });
  }

  // Bot answers to one conversation are written one after another in this process: a burst of a visitor's
  // messages, each answered, holds one pool connection at a time rather than one each waiting for the row lock.
  const answers = createKeyedQueue();

  /** `superseded`: a late re-run for a message the visitor has since written after (no answer is wanted). */
  async function botAnswer(v: VisitorRef, r: Appended, superseded = false): Promise<void> {
    const locale = v.locale ?? LocaleOrEn.parse((await stores.bots.find(v.orgId, v.botId))?.locale);
    const streamId = randomUUID();
    let index = 0;
    const stream = {
      onToken: (text: string) => {
        events.emit({ type: 'message.delta', orgId: v.orgId, visitorId: v.visitorId, delta: { conversationId: r.conversation.id, streamId, index: index++, text } });
      },
    };
    const reply = await assistant.answer(
      {
        orgId: v.orgId,
        botId: v.botId,
        locale,
        conversationId: r.conversation.id,
        visitorId: v.visitorId,
        messageId: r.message.id,
        seq: r.message.seq,
        humanMode: r.conversation.humanMode,
        // A tapped quick reply: the bot answers to its payload (the message shows its label).
        text: r.message.payload ?? r.message.body,
        previousMessageAt: r.previousMessageAt,
        lastAutoReplyAt: r.conversation.lastAutoReplyAt,
        at: r.message.createdAt,
        ...(superseded ? { superseded } : {}),
      },
      stream,
    );
    if (!reply || superseded) return;
    const trigger = { previousMessageAt: r.previousMessageAt, at: r.message.createdAt };
    const sent = await answers.run(r.conversation.id, () => transact(async (tx) => {
      const locked = await tx.conversations.lock(v.orgId, r.conversation.id, { visitorId: v.visitorId });
      if (!locked) return null;
      const last = locked.lastAutoReplyAt;
      // Another message of this session already got the reply (or a later one did).
      if (reply.oncePerSession && last !== null && (last.getTime() >= trigger.at.getTime() || !startsNewSession(trigger))) return null;
      // An agent took over while the bot was thinking: the bot stays silent.
      if (locked.humanMode && !r.conversation.humanMode) return null;
      const out = await append(
        tx,
        locked,
        {
          clientId: answerClientId(r.message.id),
          author: 'bot',
          body: reply.body,
          answeredBy: reply.answeredBy,
          confidence: reply.confidence ?? null,
          rich: reply.rich ?? null,
          trace: reply.trace ?? null,
          latencyMs: reply.latencyMs ?? null,
        },
        reply.handoff ? { status: 'open', humanMode: true } : {},
        true,
      );
      // Already answered (by a process re-running this follow-up after a crash, or by this one before).
      if (out.duplicate) return null;
      const at = out.message.createdAt;
      const patch: ConversationPatch = { lastAutoReplyAt: at };
      if (reply.handoff) Object.assign(patch, { handedOffAt: at, handoffReason: reply.handoff });
      const updated = await tx.conversations.update(v.orgId, locked.id, patch, at);
      return { ...out, conversation: { ...(updated ?? out.conversation), lastSeq: out.message.seq, lastMessageAt: at }, changed: out.changed || Boolean(reply.handoff), created: false };
    }));
    if (!sent) return;
    announce(v.orgId, sent);
    if (reply.handoff && !sent.duplicate) {
      events.emit({ type: 'conversation.handoff', orgId: v.orgId, conversation: toConversation(sent.conversation), reason: reply.handoff, messageId: sent.message.id });
    }
  }

  /** An agent's (or a workflow's) message, stored and announced. */
  async function agentAppend(ctx: OrgContext, conversation: ConversationRow, reply: AgentReply): Promise<{ message: Message; duplicate: boolean }> {
    const r = await transact(async (tx) => ({
      ...(await append(
        tx,
        conversation,
        reply.as === 'bot'
          ? { clientId: reply.clientId ?? null, author: 'bot', body: reply.body, internal: false, answeredBy: 'workflow', rich: reply.rich ?? null }
          : { clientId: reply.clientId ?? null, author: 'agent', authorUserId: ctx.userId, body: reply.body, internal: reply.internal, rich: reply.rich ?? null },
        // A public reply puts the conversation back in the open queue.
        reply.internal ? {} : { status: 'open' },
      )),
      created: false,
    }));
    announce(ctx.orgId, r);
    return { message: toMessage(r.message), duplicate: r.duplicate };
  }

  async function findForOrg(ctx: OrgContext, id: string): Promise<ConversationRow> {
    const row = await stores.conversations.find(ctx.orgId, id);
    if (!row) throw notFound('Conversation');
    return row;
  }

  /**
   * An agent's change to the conversation, with its event (if the change makes one) recorded in the same
   * transaction; the row is locked, so of two agents resolving at once only one resolves it.
   */
  async function agentAction(
    ctx: OrgContext,
    id: string,
    change: (before: ConversationRow) => { patch: ConversationPatch; event?: (after: Conversation) => AgentActionEvent } | null,
  ): Promise<Conversation> {
    const done = await transact(async (tx) => {
      const before = await tx.conversations.lock(ctx.orgId, id);
      if (!before) throw notFound('Conversation');
      const planned = change(before);
      if (!planned) return { conversation: toConversation(before), changed: false, event: undefined };
      const row = await tx.conversations.update(ctx.orgId, id, planned.patch, now());
      if (!row) throw notFound('Conversation');
      const conversation = toConversation(row);
      const event = planned.event?.(conversation);
      if (event) await deps.recordInTransaction?.(tx, event);
      return { conversation, changed: true, event };
    });
    if (done.changed) events.emit({ type: 'conversation.updated', orgId: ctx.orgId, conversation: done.conversation });
    if (done.event) events.emit(done.event);
    return done.conversation;
  }

  function assertAgent(ctx: OrgContext): void {
    if (!roleAtLeast(ctx.role, 'agent')) throw new AppError('forbidden', 'Only agents and admins can act on conversations');
  }

  return {
    /**
     * A visitor's message: stored before it is acknowledged; the bot's answer follows in `followUp`.
     * `senderConnection`: the visitor's connection (socket id) it came from, which gets it in its ack rather than again as an event.
     * `afterAck`: runs what follows the storing (the announcement to agents and the visitor's other tabs, the
     * bot's answer) once the sender has its ack; by default at once.
     */
    async visitorSend(
      v: VisitorRef,
      input: VisitorSend,
      senderConnection?: string,
      afterAck: (f: () => void) => void = (f) => f(),
    ): Promise<{ message: Message; duplicate: boolean; followUp: Promise<void> }> {
      const human = input.tab === 'human';
      // Held from before the message's time is taken until its follow-ups are done (the checkpoint waits for them).
      const release = ledger.hold(now());
      let r: Appended;
      try {
        r = (await appendToLatest(v, input, human)) ?? (await firstMessage(v, input, human));
      } catch (err) {
        release();
        throw err;
      }
      const stored = r;
      const followUp = new Promise<void>((resolve) => {
        afterAck(() => {
          try {
            announce(v.orgId, stored, senderConnection);
            // The Live Support tab handed the conversation to a person just now (for webhooks).
            // (A new conversation opened from it, or this very message switched it: handed_off_at is its time.)
            const handedOff = stored.conversation.handoffReason === 'live_support' && (stored.created || stored.conversation.handedOffAt?.getTime() === stored.message.createdAt.getTime());
            if (human && !stored.duplicate && handedOff) {
              events.emit({ type: 'conversation.handoff', orgId: v.orgId, conversation: toConversation(stored.conversation), reason: 'live_support', messageId: stored.message.id });
            }
            resolve(stored.duplicate ? undefined : botAnswer(v, stored).catch(deps.onFollowUpError));
          } catch (err) {
            deps.onFollowUpError(err);
            resolve();
          }
        });
      }).finally(release);
      return { message: toMessage(r.message), duplicate: r.duplicate, followUp };
    },

    /**
     * Re-runs a visitor message's follow-up for a server process that died before finishing it: the bot
     * answers, unless it already did (its answer's client id) or the visitor has written since (then a
     * workflow still gets the message, and nobody answers it late). Webhooks are re-run by their mapper.
     */
    async recoverFollowUp(m: MessageRow): Promise<void> {
      if (m.author !== 'visitor') return;
      if (await stores.conversations.findByClientId(m.orgId, m.conversationId, answerClientId(m.id))) return;
      const conversation = await stores.conversations.find(m.orgId, m.conversationId);
      if (!conversation) return;
      const { previousMessageAt, superseded } = await stores.conversations.followUpContext(m.orgId, m.conversationId, m.seq);
      const release = ledger.hold(now());
      try {
        const v = { orgId: m.orgId, botId: conversation.botId, visitorId: conversation.visitorId };
        await botAnswer(v, { conversation, message: m, duplicate: false, created: false, changed: false, previousMessageAt }, superseded);
      } finally {
        release();
      }
    },

    /** Everything the visitor has not seen after `afterSeq` (never internal notes). */
    async visitorSync(v: VisitorRef, afterSeq: number): Promise<{ conversation: VisitorConversation | null; messages: Message[] }> {
      const conversation = await stores.conversations.latestForVisitor(v.orgId, v.visitorId);
      if (!conversation) return { conversation: null, messages: [] };
      const rows = await stores.conversations.messagesAfter(v.orgId, conversation.id, afterSeq, false, SYNC_LIMIT);
      const { id, status, humanMode, lastSeq, visitorReadSeq, agentReadSeq } = conversation;
      return { conversation: { id, status, humanMode, lastSeq, visitorReadSeq, agentReadSeq }, messages: rows.map(toMessage) };
    },

    async visitorRead(v: VisitorRef, seq: number): Promise<void> {
      const conversation = await stores.conversations.latestForVisitor(v.orgId, v.visitorId);
      if (!conversation || seq <= conversation.visitorReadSeq) return;
      const upTo = Math.min(seq, conversation.lastSeq);
      await stores.conversations.update(v.orgId, conversation.id, { visitorReadSeq: upTo }, now());
      events.emit({ type: 'read', orgId: v.orgId, conversationId: conversation.id, visitorId: v.visitorId, by: 'visitor', seq: upTo });
    },

    async visitorTyping(v: VisitorRef, typing: boolean): Promise<void> {
      const conversation = await stores.conversations.latestForVisitor(v.orgId, v.visitorId);
      if (!conversation) return;
      events.emit({ type: 'typing', orgId: v.orgId, conversationId: conversation.id, visitorId: v.visitorId, from: 'visitor', userId: null, typing });
    },

    async list(ctx: OrgContext, statuses: ConversationStatus[], limit: number): Promise<Conversation[]> {
      return (await stores.conversations.list(ctx.orgId, statuses, limit)).map(toConversation);
    },

    /** The inbox: conversations with their visitor (and whether they are online) and last message; `before` pages. */
    async summaries(ctx: OrgContext, statuses: ConversationStatus[], limit: number, before?: ListCursor): Promise<ConversationSummary[]> {
      const rows = await stores.conversations.list(ctx.orgId, statuses, limit, before);
      const visitorIds = [...new Set(rows.map((c) => c.visitorId))];
      const [visitorRows, last, online] = await Promise.all([
        stores.visitors.findManyInOrg(ctx.orgId, visitorIds),
        stores.conversations.lastMessages(ctx.orgId, rows),
        deps.presence.onlineAmong(visitorIds),
      ]);
      const byId = new Map(visitorRows.map((v) => [v.id, v]));
      return rows.flatMap((c) => {
        const v = byId.get(c.visitorId);
        if (!v) return [];
        const m = last.get(c.id);
        return [
          {
            ...toConversation(c),
            visitor: toVisitor(v, online.has(v.id)),
            lastMessage: m ? { body: m.body, author: m.author, internal: m.internal, createdAt: m.createdAt.toISOString() } : null,
          },
        ];
      });
    },

    async visitor(ctx: OrgContext, id: string): Promise<Visitor> {
      const v = await stores.visitors.findInOrg(ctx.orgId, id);
      if (!v) throw notFound('Visitor');
      return toVisitor(v, (await deps.presence.onlineAmong([id])).has(id));
    },

    async get(ctx: OrgContext, id: string): Promise<Conversation> {
      return toConversation(await findForOrg(ctx, id));
    },

    async messages(ctx: OrgContext, id: string, afterSeq: number): Promise<Message[]> {
      await findForOrg(ctx, id);
      return (await stores.conversations.messagesAfter(ctx.orgId, id, afterSeq, true, SYNC_LIMIT)).map(toMessage);
    },

    /** An agent's reply or internal note (also used by workflow integrations with an API key). */
    async agentSend(ctx: OrgContext, id: string, reply: AgentReply): Promise<{ message: Message; duplicate: boolean }> {
      assertAgent(ctx);
      if (reply.as === 'bot') {
        // Answering as the bot is for workflows (API keys); a bot's message is always public.
        if (ctx.principal.kind !== 'apiKey') throw new AppError('forbidden', 'Only an API key (a workflow) can answer as the bot');
        if (reply.internal) throw new AppError('validation_failed', 'An internal note cannot be sent as the bot: send it without `as`');
      }
      const conversation = await findForOrg(ctx, id);
      const release = ledger.hold(now());
      try {
        return await agentAppend(ctx, conversation, reply);
      } finally {
        release();
      }
    },

    async assign(ctx: OrgContext, id: string, assigneeId: string | null): Promise<Conversation> {
      assertAgent(ctx);
      await findForOrg(ctx, id);
      if (assigneeId) {
        const role = await stores.orgs.roleOf(ctx.orgId, assigneeId);
        if (!role) throw notFound('Member');
        if (!roleAtLeast(role, 'agent')) throw new AppError('validation_failed', 'Conversations can only be assigned to agents, admins or owners');
      }
      return agentAction(ctx, id, () => ({ patch: { assigneeId } }));
    },
    async setStatus(ctx: OrgContext, id: string, status: ConversationStatus): Promise<Conversation> {
      assertAgent(ctx);
      return agentAction(ctx, id, (before) => ({
        patch: { status },
        ...(status === 'resolved' && before.status !== 'resolved'
          ? { event: (conversation: Conversation): AgentActionEvent => ({ type: 'conversation.resolved', orgId: ctx.orgId, conversation }) }
          : {}),
      }));
    },

    /** An agent takes the conversation over from the bot (human mode), or hands it back to the bot. */
    async setHumanMode(ctx: OrgContext, id: string, humanMode: boolean): Promise<Conversation> {
      assertAgent(ctx);
      return agentAction(ctx, id, (before) => {
        if (before.humanMode === humanMode) return null;
        if (!humanMode) return { patch: { humanMode } };
        return {
          patch: { humanMode, handedOffAt: now(), handoffReason: 'agent' },
          event: (conversation: Conversation): AgentActionEvent => ({ type: 'conversation.handoff', orgId: ctx.orgId, conversation, reason: 'agent' }),
        };
      });
    },

    /** Read receipts and typing reach the visitor: agents and admins only (a viewer reads along unseen). */
    async agentRead(ctx: OrgContext, id: string, seq: number): Promise<void> {
      assertAgent(ctx);
      const conversation = await findForOrg(ctx, id);
      if (seq <= conversation.agentReadSeq) return;
      const upTo = Math.min(seq, conversation.lastSeq);
      await stores.conversations.update(ctx.orgId, id, { agentReadSeq: upTo }, now());
      events.emit({ type: 'read', orgId: ctx.orgId, conversationId: id, visitorId: conversation.visitorId, by: 'agent', seq: upTo });
    },

    async agentTyping(ctx: OrgContext, id: string, typing: boolean): Promise<void> {
      assertAgent(ctx);
      const conversation = await findForOrg(ctx, id);
      events.emit({ type: 'typing', orgId: ctx.orgId, conversationId: id, visitorId: conversation.visitorId, from: 'agent', userId: ctx.userId, typing });
    },
  };
}
export type ConversationService = ReturnType<typeof createConversationService>;
