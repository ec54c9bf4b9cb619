import type { IdentifyPayload, Message, QuickReply } from '@parley/contracts';
import { countUnread, isIncoming, lastIncomingSeq } from './countUnread.js';
import { maxSeq, mergeMessages } from './mergeMessages.js';
import { belongsToTab } from './messagesForTab.js';
import { TABS } from './tabsOf.js';
import { newClientId } from './newClientId.js';
import type { Outbox } from './outbox.js';
import { parseAgentRead, parseAgentTyping, parseConversationUpdate, parseDelta, parseIdentifyAck, parseMessage, parseSendAck, parseSyncAck } from './serverProtocol.js';
import { createStreams, type PartialAnswer } from './streams.js';
import type { TabMemory } from './tabMemory.js';
import { MAX_MESSAGE_LENGTH, messageLength, type Tab } from './types.js';

export type SocketStatus = 'connected' | 'disconnected' | 'failed' | 'refused';

/** The real-time connection as the session needs it (Socket.IO in the browser, a fake in tests). */
export interface VisitorSocket {
  /** Server → client events. */
  on(event: string, listener: (payload: unknown) => void): void;
  /** connected; disconnected (will retry); failed (an attempt failed, will retry); refused (by the server). */
  onStatus(listener: (status: SocketStatus) => void): void;
  connected(): boolean;
  /** Emits with an ack; rejects when not connected or when no ack comes in time. */
  request(event: string, payload: unknown): Promise<unknown>;
  /** Fire and forget; dropped while disconnected. */
  send(event: string, payload: unknown): void;
  /** Reconnects as another visitor (identify may hand out the token of the same person's other device). */
  switchToken(visitorToken: string): void;
  close(): void;
}

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';
export type ChatErrorCode = 'too_long' | 'rate_limited' | 'identity_required' | 'rejected' | 'send_failed';

export interface PendingMessage {
  clientId: string;
  body: string;
  tab: Tab;
  createdAt: number;
  status: 'sending' | 'failed';
}

export interface ChatState {
  connection: ConnectionState;
  /** The server's messages (never internal notes), sorted by seq. */
  messages: readonly Message[];
  /** The visitor's messages not acknowledged yet ("sending") or refused for good ("failed"), oldest first. */
  pending: readonly PendingMessage[];
  humanMode: boolean;
  agentTyping: boolean;
  /** The agent has read up to this seq. */
  agentReadSeq: number;
  /** The visitor has seen everything up to this seq. */
  readSeq: number;
  /** Bot/agent messages after readSeq. */
  unread: number;
  error: { code: ChatErrorCode; length?: number } | null;
  /** The first sync has answered: `messages` holds the history. */
  loaded: boolean;
  /** Bot answers still being streamed (replaced by their final message). */
  streaming: readonly PartialAnswer[];
  /** The conversation went to a person while the visitor was here: a note after each of these seqs. */
  handoffSeqs: readonly number[];
}

export interface ChatSessionOptions {
  socket: VisitorSocket;
  outbox: Outbox;
  tabs: TabMemory;
  requireIdentity: boolean;
  newClientId?: () => string;
  now?: () => number;
  /** A bot/agent message that arrived live (or was missed while disconnected), not history. */
  onIncoming?: (message: Message) => void;
  /** The visitor sent a message (queued it; delivery follows). */
  onSent?: () => void;
  /** Identify switched to another token of the same person (other device). */
  onVisitorToken?: (visitorToken: string) => void;
}

export interface ChatSession {
  state: () => ChatState;
  /** The tab one of the visitor's messages was sent from, when this browser knows it. */
  tabOf: (clientId: string) => Tab | undefined;
  subscribe: (listener: () => void) => () => void;
  /** Queues a message; empty and over-long texts are refused locally. */
  send: (text: string, tab: Tab) => 'sent' | 'empty' | 'too_long';
  /**
   * A quick reply of a bot message was picked: sends its label as the visitor's message, with its payload
   * (what the bot answers to), from the assistant tab, once per message.
   */
  quickReply: (messageId: string, reply: QuickReply) => void;
  /** Whether the panel is open and the page visible: then everything shown counts as read. */
  setVisible: (visible: boolean) => void;
  /**
   * The tab in view when a premium bot splits the conversation in two (null: one view shows everything).
   * Nothing counts as read before the view says what it shows.
   */
  setViewTab: (tab: Tab | null) => void;
  /** The browser's online/offline events: offline shows at once instead of after failed attempts. */
  setNetwork: (online: boolean) => void;
  identify: (identity: IdentifyPayload) => void;
  /** The composer's text changed (drives the visitor's typing indicator). */
  typing: (text: string) => void;
  dismissError: () => void;
  close: () => void;
}

const MAX_SYNC_PAGES = 20;
const RESYNC_MS = 5_000;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;
const TYPING_REFRESH_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
const AGENT_TYPING_MS = 15_000;
const OFFLINE_AFTER_FAILURES = 3;
/** Server errors worth retrying with the same clientId; anything else refuses the message for good. */
const TRANSIENT = new Set(['rate_limited', 'internal', 'not_ready']);

type Timer = ReturnType<typeof setTimeout> | undefined;

/**
 * One visitor's chat: the message list, the persisted outbox and its resends, read and
 * typing state. On every (re)connect: identify again if the host identified the visitor,
 * `sync` from the last seq seen, then resend the outbox in order with the same clientIds
 * (the server dedupes them), one at a time.
 */
export function createChatSession(options: ChatSessionOptions): ChatSession {
  const { socket, outbox, tabs } = options;
  const now = options.now ?? Date.now;
  const makeClientId = options.newClientId ?? newClientId;

  let messages: readonly Message[] = [];
  let failed: PendingMessage[] = [];
  let conversationId: string | null = null;
  let connection: ConnectionState = 'connecting';
  let everConnected = false;
  let failures = 0;
  let humanMode = false;
  let agentTyping = false;
  let agentReadSeq = 0;
  let readSeq = 0;
  let sentReadSeq = 0;
  /** Every message up to this seq is known (the next sync starts here). */
  let syncedSeq = 0;
  let error: ChatState['error'] = null;
  let loaded = false;
  let visible = false;
  let viewTab: Tab | null | undefined;
  /** Per tab, the last seq it showed while in view. */
  const seenIn: Record<Tab, number> = { assistant: 0, human: 0 };
  let networkUp = true;
  let closed = false;
  /** Bumped on every (re)connect and disconnect: async work of an older connection stops. */
  let generation = 0;
  let synced = false;
  let syncing = false;
  let syncAgain = false;
  /** The generation whose flush loop runs, -1 when none. */
  let flushing = -1;
  let blockedByIdentity = false;
  let identity: IdentifyPayload | null = null;
  let retryDelay = 0;
  let retryTimer: Timer;
  let resyncTimer: Timer;
  let typingOn = false;
  let typingSentAt = 0;
  let typingTimer: Timer;
  let agentTypingTimer: Timer;
  let handoffSeqs: readonly number[] = [];
  /** Bot messages whose quick replies were used. */
  const replied = new Set<string>();
  const streams = createStreams(changed);

  const listeners = new Set<() => void>();
  let snapshot = build();

  function build(): ChatState {
    const delivered = new Set(messages.map((m) => m.clientId));
    const sending: PendingMessage[] = outbox
      .items()
      .filter((i) => !delivered.has(i.clientId))
      .map((i) => ({ ...i, status: 'sending' }));
    const pending = [...sending, ...failed].sort((a, b) => a.createdAt - b.createdAt);
    return { connection: networkUp ? connection : 'offline', messages, pending, humanMode, agentTyping, agentReadSeq, readSeq, unread: countUnread(messages, readSeq), error, loaded, streaming: streams.list(), handoffSeqs };
  }

  function changed(): void {
    if (closed) return;
    snapshot = build();
    for (const listener of listeners) listener();
  }

  /**
   * What has been in view counts as read. With a premium bot's two tabs, each message is seen once its
   * own tab has shown it; read is a watermark (seen up to a seq), so it stops before the first bot or
   * agent message not seen yet: an agent never sees "Seen" under a reply that waits on the Live Support
   * tab while the visitor talks to the assistant.
   */
  function markRead(): void {
    if (!visible || viewTab === undefined) return;
    let upTo = maxSeq(messages);
    for (const t of viewTab ? [viewTab] : TABS) seenIn[t] = upTo;
    const seen = (m: Message) => TABS.some((t) => m.seq <= seenIn[t] && belongsToTab(m, t, (id) => tabs.get(id)));
    for (const m of messages) if (m.seq > readSeq && m.seq <= upTo && isIncoming(m) && !seen(m)) upTo = m.seq - 1;
    readSeq = Math.max(readSeq, upTo);
    const incoming = lastIncomingSeq(messages, readSeq);
    if (incoming > sentReadSeq && synced && socket.connected()) {
      sentReadSeq = incoming;
      socket.send('read', { seq: incoming });
    }
  }

  function resetConversation(): void {
    messages = [];
    conversationId = null;
    readSeq = 0;
    sentReadSeq = 0;
    syncedSeq = 0;
    agentReadSeq = 0;
    seenIn.assistant = seenIn.human = 0;
    loaded = false;
    handoffSeqs = [];
    streams.drop(null);
  }

  /** humanMode from the server; turning on in a conversation already shown adds the handoff note. */
  function setHumanMode(value: boolean): void {
    if (value && !humanMode && loaded && conversationId !== null) handoffSeqs = [...handoffSeqs, maxSeq(messages)];
    humanMode = value;
  }

  /** Merges messages (the visitor's own ones leave the outbox); new bot/agent ones are announced. */
  function absorb(incoming: readonly Message[], announce: boolean): void {
    for (const m of incoming) {
      if (m.author !== 'visitor' || m.clientId === null) continue;
      outbox.remove(m.clientId);
      failed = failed.filter((f) => f.clientId !== m.clientId);
    }
    const before = new Set(messages.map((m) => m.id));
    const merged = mergeMessages(messages, incoming);
    if (merged === messages) return;
    messages = merged;
    for (const m of messages) {
      if (before.has(m.id)) continue;
      if (m.author === 'agent') agentTyping = false;
      if (m.author === 'bot') streams.drop(m.conversationId);
      if (announce && isIncoming(m)) options.onIncoming?.(m);
    }
  }

  /** A message that arrived outside a sync (live event or send ack). */
  function absorbLive(m: Message): void {
    if (m.internal) return;
    if (conversationId !== null && m.conversationId !== conversationId) {
      // A new conversation starts its seqs again: drop the old one and load the new one.
      resetConversation();
      requestSync();
    }
    conversationId = m.conversationId;
    absorb([m], true);
    if (m.seq === syncedSeq + 1) syncedSeq = m.seq;
    else if (m.seq > syncedSeq + 1) requestSync();
    markRead();
  }

  function requestSync(): void {
    if (!synced) return; // the connect sequence syncs anyway
    if (syncing) syncAgain = true;
    else void syncAll(generation).then(changed);
  }

  async function syncAll(gen: number): Promise<boolean> {
    syncing = true;
    try {
      for (let page = 0; page < MAX_SYNC_PAGES; page++) {
        let ack;
        try {
          ack = parseSyncAck(await socket.request('sync', { afterSeq: syncedSeq }));
        } catch {
          ack = null;
        }
        if (gen !== generation) return false;
        if (!ack?.ok) {
          clearTimeout(resyncTimer);
          resyncTimer = setTimeout(() => void (gen === generation && syncAll(gen).then(changed)), RESYNC_MS);
          return false;
        }
        const c = ack.conversation;
        if (c && conversationId !== null && c.id !== conversationId) {
          resetConversation();
          continue;
        }
        if (c) {
          setHumanMode(c.humanMode);
          conversationId = c.id;
          agentReadSeq = Math.max(agentReadSeq, c.agentReadSeq);
          readSeq = Math.max(readSeq, c.visitorReadSeq);
          sentReadSeq = Math.max(sentReadSeq, c.visitorReadSeq);
        }
        absorb(ack.messages, loaded);
        const last = ack.messages[ack.messages.length - 1]?.seq;
        if (last !== undefined) syncedSeq = Math.max(syncedSeq, last);
        // Nothing more, or up to the conversation's last seq: everything is known (internal notes included).
        if (last === undefined || !c || last >= c.lastSeq) {
          if (c) syncedSeq = Math.max(syncedSeq, c.lastSeq);
          break;
        }
      }
      loaded = true;
      return true;
    } finally {
      syncing = false;
      if (syncAgain && gen === generation) {
        syncAgain = false;
        void syncAll(gen).then(changed);
      }
    }
  }

  async function identifyNow(gen: number): Promise<void> {
    if (!identity) return;
    let ack;
    try {
      ack = parseIdentifyAck(await socket.request('identify', identity));
    } catch {
      return;
    }
    if (gen !== generation || !ack) return;
    if (!ack.ok) {
      if (options.requireIdentity) {
        blockedByIdentity = true;
        error = { code: 'identity_required' };
      }
      return;
    }
    if (ack.visitorToken !== undefined) {
      // The same person already chats as another visitor (other device): continue as them.
      resetConversation();
      options.onVisitorToken?.(ack.visitorToken);
      socket.switchToken(ack.visitorToken);
      return;
    }
    if (ack.verified || !options.requireIdentity) {
      blockedByIdentity = false;
      if (error?.code === 'identity_required') error = null;
    }
  }

  async function onConnected(gen: number): Promise<void> {
    await identifyNow(gen);
    if (gen !== generation) return;
    await syncAll(gen);
    if (gen !== generation) return;
    synced = true;
    markRead();
    changed();
    await flush();
  }

  function retryLater(): void {
    retryDelay = retryDelay === 0 ? FIRST_RETRY_MS : Math.min(retryDelay * 2, MAX_RETRY_MS);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void flush();
    }, retryDelay);
  }

  /** Sends the outbox head until it is empty, one acknowledged message at a time (keeps their order). */
  async function flush(): Promise<void> {
    const gen = generation;
    if (flushing === gen || closed || !synced || blockedByIdentity || retryTimer !== undefined || !socket.connected()) return;
    flushing = gen;
    try {
      for (;;) {
        const item = outbox.items()[0];
        if (!item || gen !== generation) return;
        let ack;
        try {
          const { clientId, body, tab, payload } = item;
          ack = parseSendAck(await socket.request('message.send', payload === undefined ? { clientId, body, tab } : { clientId, body, tab, payload }));
        } catch {
          ack = null;
        }
        // Reconnected meanwhile: that connection resends (same clientId, so no duplicate).
        if (gen !== generation || closed) return;
        if (ack === null) {
          retryLater();
          return;
        }
        if (ack.ok) {
          retryDelay = 0;
          if (error?.code === 'rate_limited' || error?.code === 'send_failed') error = null;
          outbox.remove(item.clientId);
          absorbLive(ack.message);
          changed();
          continue;
        }
        const { code } = ack.error;
        if (TRANSIENT.has(code)) {
          error = { code: code === 'rate_limited' ? 'rate_limited' : 'send_failed' };
          retryLater();
          changed();
          return;
        }
        if (code === 'identity_required' || (code === 'forbidden' && options.requireIdentity)) {
          blockedByIdentity = true;
          error = { code: 'identity_required' };
          changed();
          return;
        }
        // Refused for good (validation_failed, forbidden…): keep it visible as not sent, go on.
        outbox.remove(item.clientId);
        failed = [...failed, { ...item, status: 'failed' }];
        error = { code: 'rejected' };
        changed();
      }
    } finally {
      if (flushing === gen) flushing = -1;
    }
  }

  function stopTyping(): void {
    clearTimeout(typingTimer);
    if (!typingOn) return;
    typingOn = false;
    socket.send('typing', { typing: false });
  }

  socket.onStatus((status) => {
    if (closed) return;
    generation++;
    synced = false;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (status === 'connected') {
      everConnected = true;
      failures = 0;
      retryDelay = 0;
      connection = 'online';
      void onConnected(generation);
    } else {
      agentTyping = false;
      typingOn = false;
      if (status === 'failed') failures++;
      connection =
        status === 'refused' || failures >= OFFLINE_AFTER_FAILURES ? 'offline' : everConnected ? 'reconnecting' : 'connecting';
    }
    changed();
  });

  socket.on('message.created', (payload) => {
    const m = parseMessage(payload);
    if (!m) return;
    absorbLive(m);
    changed();
  });

  socket.on('typing', (payload) => {
    const typing = parseAgentTyping(payload);
    if (typing === null) return;
    agentTyping = typing;
    clearTimeout(agentTypingTimer);
    if (typing) {
      agentTypingTimer = setTimeout(() => {
        agentTyping = false;
        changed();
      }, AGENT_TYPING_MS);
    }
    changed();
  });

  socket.on('read', (payload) => {
    const seq = parseAgentRead(payload);
    if (seq === null || seq <= agentReadSeq) return;
    agentReadSeq = seq;
    changed();
  });

  socket.on('conversation.updated', (payload) => {
    const update = parseConversationUpdate(payload);
    if (!update || (conversationId !== null && update.id !== conversationId)) return;
    setHumanMode(update.humanMode);
    changed();
  });

  socket.on('message.delta', (payload) => {
    const delta = parseDelta(payload);
    if (!delta || (conversationId !== null && delta.conversationId !== conversationId)) return;
    if (streams.add(delta)) changed();
  });

  function send(text: string, tab: Tab, payload?: string): 'sent' | 'empty' | 'too_long' {
    const body = text.trim();
    if (body === '') return 'empty';
    const length = messageLength(body);
    if (length > MAX_MESSAGE_LENGTH) {
      error = { code: 'too_long', length };
      changed();
      return 'too_long';
    }
    const clientId = makeClientId();
    tabs.remember(clientId, tab);
    outbox.add(payload === undefined ? { clientId, body, tab, createdAt: now() } : { clientId, body, tab, payload, createdAt: now() });
    if (error?.code === 'too_long' || error?.code === 'rejected') error = null;
    stopTyping();
    changed();
    options.onSent?.();
    void flush();
    return 'sent';
  }

  return {
    state: () => snapshot,
    tabOf: (clientId) => tabs.get(clientId),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    send: (text, tab) => send(text, tab),
    quickReply(messageId, reply) {
      if (replied.has(messageId)) return;
      if (send(reply.label, 'assistant', reply.payload) === 'sent') replied.add(messageId);
    },
    setVisible(value) {
      visible = value;
      markRead();
      changed();
    },
    setViewTab(tab) {
      if (tab === viewTab) return;
      viewTab = tab;
      markRead();
      changed();
    },
    setNetwork(online) {
      networkUp = online;
      changed();
    },
    identify(value) {
      identity = value;
      if (!socket.connected()) return; // the connect sequence identifies first
      void identifyNow(generation).then(() => {
        changed();
        return flush();
      });
    },
    typing(text) {
      // "Too long" goes once the text fits again.
      if (error?.code === 'too_long' && messageLength(text.trim()) <= MAX_MESSAGE_LENGTH) {
        error = null;
        changed();
      }
      clearTimeout(typingTimer);
      if (text.trim() === '') return stopTyping();
      if (!typingOn || now() - typingSentAt > TYPING_REFRESH_MS) {
        typingOn = true;
        typingSentAt = now();
        socket.send('typing', { typing: true });
      }
      typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
    },
    dismissError() {
      error = null;
      changed();
    },
    close() {
      for (const t of [retryTimer, resyncTimer, typingTimer, agentTypingTimer]) clearTimeout(t);
      closed = true;
      streams.close();
      listeners.clear();
      socket.close();
    },
  };
}
