import type { Conversation, ConversationSummary, Message, MessageDelta, Visitor } from '@parley/contracts';
import type { ApiError } from '../api/ApiError';
import type { TypingPayload } from './agentEvents';
import { mergeMessages } from './mergeMessages';
import { visitorName } from './visitorName';

export type LastMessage = NonNullable<ConversationSummary['lastMessage']> & { seq: number };

/** A reply or note written here that the server has not confirmed yet. */
export interface PendingMessage {
  clientId: string;
  conversationId: string;
  body: string;
  internal: boolean;
  createdAt: string;
  status: 'sending' | 'failed';
  error: ApiError | null;
}

export type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: ApiError };

export interface Announcement {
  id: number;
  text: string;
}

/** How long a "typing" lasts when the stop never arrives (the sender went away). */
export const TYPING_TTL_MS = 8_000;

/** A bot answer being streamed (LLM): its deltas by index, until the final message arrives. */
export interface BotStream {
  streamId: string;
  parts: Record<number, string>;
  /** When it is dropped if the final message never arrives (ms). */
  until: number;
}

export interface InboxState {
  list: LoadState;
  conversations: Record<string, Conversation>;
  visitors: Record<string, Visitor>;
  lastMessages: Record<string, LastMessage>;
  /** Messages by conversation, ordered by seq. */
  messages: Record<string, Message[]>;
  /** Whether a conversation's history has been loaded. */
  history: Record<string, LoadState>;
  outbox: PendingMessage[];
  /** Conversation id → when the visitor's typing indicator expires (ms). */
  visitorTyping: Record<string, number>;
  /** Conversation id → agent user id → when their typing indicator expires (ms). */
  agentTyping: Record<string, Record<string, number>>;
  /** The latest live visitor message, for the screen-reader live region. */
  announcement: Announcement | null;
  /** Conversation id → the bot answer being streamed there. */
  botStreams: Record<string, BotStream>;
}

export const initialInboxState: InboxState = {
  list: { status: 'loading' },
  conversations: {},
  visitors: {},
  lastMessages: {},
  messages: {},
  history: {},
  outbox: [],
  visitorTyping: {},
  agentTyping: {},
  announcement: null,
  botStreams: {},
};

export type InboxAction =
  | { type: 'reset' }
  | { type: 'listLoading' }
  | { type: 'listLoaded'; summaries: ConversationSummary[] }
  | { type: 'listFailed'; error: ApiError }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'visitor'; visitor: Visitor }
  | { type: 'presence'; visitorId: string; online: boolean }
  /** One message; `live` when it came from the socket as it was written. */
  | { type: 'message'; message: Message; live: boolean }
  | { type: 'messages'; conversationId: string; messages: Message[] }
  | { type: 'history'; conversationId: string; state: LoadState }
  | { type: 'read'; conversationId: string; by: 'visitor' | 'agent'; seq: number }
  | { type: 'typing'; payload: TypingPayload; now: number }
  | { type: 'typingExpired'; now: number }
  /** A piece of a streamed bot answer (`message.delta`). */
  | { type: 'delta'; delta: MessageDelta; now: number }
  | { type: 'outboxAdd'; pending: PendingMessage }
  | { type: 'outboxRetry'; clientId: string }
  | { type: 'outboxFailed'; clientId: string; error: ApiError }
  | { type: 'outboxDiscard'; clientId: string };

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** The newer copy of a conversation, without moving counters backwards (events can overtake a response). */
function mergeConversation(previous: Conversation | undefined, next: Conversation): Conversation {
  if (!previous) return next;
  return {
    ...next,
    lastSeq: Math.max(previous.lastSeq, next.lastSeq),
    agentReadSeq: Math.max(previous.agentReadSeq, next.agentReadSeq),
    visitorReadSeq: Math.max(previous.visitorReadSeq, next.visitorReadSeq),
    lastMessageAt: later(previous.lastMessageAt, next.lastMessageAt),
  };
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** Records messages of one conversation: the list, the row's preview and counters, and confirms pending ones. */
function applyMessages(state: InboxState, conversationId: string, incoming: Message[]): InboxState {
  if (incoming.length === 0) return state;
  const newest = incoming.reduce((a, b) => (b.seq > a.seq ? b : a));
  const conversation = state.conversations[conversationId];
  const last = state.lastMessages[conversationId];
  const confirmed = new Set(incoming.map((m) => m.clientId).filter((id): id is string => id !== null));
  return {
    ...state,
    messages: { ...state.messages, [conversationId]: mergeMessages(state.messages[conversationId] ?? [], incoming) },
    conversations: conversation
      ? {
          ...state.conversations,
          [conversationId]: {
            ...conversation,
            lastSeq: Math.max(conversation.lastSeq, newest.seq),
            lastMessageAt: later(conversation.lastMessageAt, newest.createdAt),
          },
        }
      : state.conversations,
    lastMessages:
      !last || newest.seq >= last.seq
        ? {
            ...state.lastMessages,
            [conversationId]: {
              seq: newest.seq,
              body: newest.body,
              author: newest.author,
              internal: newest.internal,
              createdAt: newest.createdAt,
            },
          }
        : state.lastMessages,
    outbox: state.outbox.some((p) => p.conversationId === conversationId && confirmed.has(p.clientId))
      ? state.outbox.filter((p) => !(p.conversationId === conversationId && confirmed.has(p.clientId)))
      : state.outbox,
    // The final bot message replaces what was streamed.
    botStreams: incoming.some((m) => m.author === 'bot') ? withoutKey(state.botStreams, conversationId) : state.botStreams,
  };
}

function expireTyping(state: InboxState, now: number): InboxState {
  const visitorTyping = Object.fromEntries(Object.entries(state.visitorTyping).filter(([, until]) => until > now));
  const agentTyping = Object.fromEntries(
    Object.entries(state.agentTyping)
      .map(([id, byUser]) => [id, Object.fromEntries(Object.entries(byUser).filter(([, until]) => until > now))] as const)
      .filter(([, byUser]) => Object.keys(byUser).length > 0),
  );
  const botStreams = Object.fromEntries(Object.entries(state.botStreams).filter(([, stream]) => stream.until > now));
  return { ...state, visitorTyping, agentTyping, botStreams };
}

function updateOutbox(state: InboxState, clientId: string, change: Partial<PendingMessage>): InboxState {
  return { ...state, outbox: state.outbox.map((p) => (p.clientId === clientId ? { ...p, ...change } : p)) };
}

export function inboxReducer(state: InboxState, action: InboxAction): InboxState {
  switch (action.type) {
    case 'reset':
      return initialInboxState;
    case 'listLoading':
      return { ...state, list: { status: 'loading' } };
    case 'listLoaded': {
      const conversations = { ...state.conversations };
      const visitors = { ...state.visitors };
      const lastMessages = { ...state.lastMessages };
      for (const { visitor, lastMessage, ...conversation } of action.summaries) {
        conversations[conversation.id] = mergeConversation(conversations[conversation.id], conversation);
        visitors[visitor.id] = visitor;
        const known = lastMessages[conversation.id];
        if (lastMessage && (!known || conversation.lastSeq >= known.seq)) {
          lastMessages[conversation.id] = { ...lastMessage, seq: conversation.lastSeq };
        }
      }
      return { ...state, list: { status: 'ready' }, conversations, visitors, lastMessages };
    }
    case 'listFailed':
      return { ...state, list: { status: 'error', error: action.error } };
    case 'conversation':
      return {
        ...state,
        conversations: {
          ...state.conversations,
          [action.conversation.id]: mergeConversation(state.conversations[action.conversation.id], action.conversation),
        },
      };
    case 'visitor':
      return { ...state, visitors: { ...state.visitors, [action.visitor.id]: action.visitor } };
    case 'presence': {
      const visitor = state.visitors[action.visitorId];
      if (!visitor || visitor.online === action.online) return state;
      return { ...state, visitors: { ...state.visitors, [visitor.id]: { ...visitor, online: action.online } } };
    }
    case 'message': {
      const { message } = action;
      const next = applyMessages(state, message.conversationId, [message]);
      if (!action.live || message.author !== 'visitor') return next;
      const conversation = state.conversations[message.conversationId];
      const who = conversation ? visitorName(state.visitors[conversation.visitorId], conversation.visitorId) : 'a visitor';
      return {
        ...next,
        // They sent what they were typing.
        visitorTyping: withoutKey(next.visitorTyping, message.conversationId),
        announcement: { id: (state.announcement?.id ?? 0) + 1, text: `New message from ${who}: ${message.body}` },
      };
    }
    case 'messages':
      return applyMessages(state, action.conversationId, action.messages);
    case 'history':
      return { ...state, history: { ...state.history, [action.conversationId]: action.state } };
    case 'read': {
      const conversation = state.conversations[action.conversationId];
      if (!conversation) return state;
      const key = action.by === 'agent' ? 'agentReadSeq' : 'visitorReadSeq';
      if (conversation[key] >= action.seq) return state;
      return {
        ...state,
        conversations: { ...state.conversations, [conversation.id]: { ...conversation, [key]: action.seq } },
      };
    }
    case 'typing': {
      const { conversationId, from, userId, typing } = action.payload;
      const until = action.now + TYPING_TTL_MS;
      if (from === 'visitor') {
        return {
          ...state,
          visitorTyping: typing
            ? { ...state.visitorTyping, [conversationId]: until }
            : withoutKey(state.visitorTyping, conversationId),
        };
      }
      if (!userId) return state;
      const byUser = state.agentTyping[conversationId] ?? {};
      return {
        ...state,
        agentTyping: {
          ...state.agentTyping,
          [conversationId]: typing ? { ...byUser, [userId]: until } : withoutKey(byUser, userId),
        },
      };
    }
    case 'typingExpired':
      return expireTyping(state, action.now);
    case 'delta': {
      const { conversationId, streamId, index, text } = action.delta;
      const current = state.botStreams[conversationId];
      // A new stream replaces an older one in the same conversation.
      const parts = current?.streamId === streamId ? current.parts : {};
      return {
        ...state,
        botStreams: {
          ...state.botStreams,
          [conversationId]: { streamId, parts: { ...parts, [index]: text }, until: action.now + TYPING_TTL_MS },
        },
      };
    }
    case 'outboxAdd':
      return { ...state, outbox: [...state.outbox, action.pending] };
    case 'outboxRetry':
      return updateOutbox(state, action.clientId, { status: 'sending', error: null });
    case 'outboxFailed':
      // Already confirmed (e.g. the socket event arrived before the failing REST fallback answered).
      if (!state.outbox.some((p) => p.clientId === action.clientId)) return state;
      return updateOutbox(state, action.clientId, { status: 'failed', error: action.error });
    case 'outboxDiscard':
      return { ...state, outbox: state.outbox.filter((p) => p.clientId !== action.clientId) };
  }
}

/** Newest activity first. */
/** Newest activity first, ties by id (descending): the server's order, so pages append at the end. */
export function byActivity(a: Conversation, b: Conversation): number {
  const at = (c: Conversation) => Date.parse(c.lastMessageAt ?? c.createdAt);
  return at(b) - at(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** True when the conversation has messages no agent has read yet. */
export function isUnread(conversation: Conversation): boolean {
  return conversation.lastSeq > conversation.agentReadSeq;
}
