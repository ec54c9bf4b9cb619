import type { Message, MessageDelta, MessageRich } from '@parley/contracts';
import { isRecord } from './isRecord.js';

/**
 * Hand-written checks of what the `/visitor` namespace sends (zod would not fit the
 * size budget). Each returns a fresh, fully typed object, or null when malformed.
 */

export interface AckFailure {
  ok: false;
  error: { code: string; message: string };
}

export type SendAck = { ok: true; message: Message; duplicate: boolean } | AckFailure;

export interface SyncConversation {
  id: string;
  status: string;
  humanMode: boolean;
  lastSeq: number;
  visitorReadSeq: number;
  agentReadSeq: number;
}
export type SyncAck = { ok: true; conversation: SyncConversation | null; messages: Message[] } | AckFailure;

export type IdentifyAck = { ok: true; verified: boolean; visitorToken?: string } | AckFailure;

export interface ConversationUpdate {
  id: string;
  status: string;
  humanMode: boolean;
}

const AUTHORS = ['visitor', 'bot', 'agent', 'system'] as const;
type Author = (typeof AUTHORS)[number];
const isAuthor = (x: unknown): x is Author => AUTHORS.some((a) => a === x);
const isSeq = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isNullableString = (x: unknown): x is string | null => x === null || typeof x === 'string';

const MAX_RICH_ITEMS = 10;
const isText = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';

/** The well-formed items of a rich list (at most 10); malformed ones are dropped, not the message. */
function items<T>(x: unknown, parse: (item: Record<string, unknown>) => T | null): T[] {
  const out: T[] = [];
  if (Array.isArray(x)) {
    for (const item of x) {
      const parsed = isRecord(item) ? parse(item) : null;
      if (parsed && out.length < MAX_RICH_ITEMS) out.push(parsed);
    }
  }
  return out;
}

/**
 * Quick replies, links and sources of a bot message, or null when it has none. URLs are
 * kept as sent: the renderer shows only http(s) ones as links.
 */
export function parseRich(x: unknown): MessageRich | null {
  if (!isRecord(x)) return null;
  const quickReplies = items(x.quickReplies, ({ label, payload }) => (isText(label) ? (isText(payload) ? { label, payload } : { label }) : null));
  const links = items(x.links, ({ label, url }) => (isText(label) && typeof url === 'string' ? { label, url } : null));
  const sources = items(x.sources, ({ title, url }) => (isText(title) ? (typeof url === 'string' ? { title, url } : { title }) : null));
  const rich: MessageRich = {};
  if (quickReplies.length) rich.quickReplies = quickReplies;
  if (links.length) rich.links = links;
  if (sources.length) rich.sources = sources;
  return quickReplies.length || links.length || sources.length ? rich : null;
}

export function parseMessage(x: unknown): Message | null {
  if (!isRecord(x)) return null;
  const { id, conversationId, seq, clientId, author, authorName, body, internal, createdAt } = x;
  if (typeof id !== 'string' || typeof conversationId !== 'string' || !isSeq(seq) || seq < 1) return null;
  if (!isNullableString(clientId) || !isAuthor(author) || !isNullableString(authorName)) return null;
  if (typeof body !== 'string' || typeof internal !== 'boolean' || typeof createdAt !== 'string') return null;
  const rich = parseRich(x.rich);
  return { id, conversationId, seq, clientId, author, authorName, body, internal, createdAt, ...(rich && { rich }) };
}

/** `message.delta`: a piece of a bot answer the LLM is still writing. */
export function parseDelta(x: unknown): MessageDelta | null {
  if (!isRecord(x)) return null;
  const { conversationId, streamId, index, text } = x;
  return typeof conversationId === 'string' && isText(streamId) && isSeq(index) && typeof text === 'string' ? { conversationId, streamId, index, text } : null;
}

function parseFailure(x: Record<string, unknown>): AckFailure | null {
  if (x.ok !== false || !isRecord(x.error)) return null;
  const { code, message } = x.error;
  if (typeof code !== 'string') return null;
  return { ok: false, error: { code, message: typeof message === 'string' ? message : '' } };
}

export function parseSendAck(x: unknown): SendAck | null {
  if (!isRecord(x)) return null;
  if (x.ok !== true) return parseFailure(x);
  const message = parseMessage(x.message);
  return message ? { ok: true, message, duplicate: x.duplicate === true } : null;
}

function parseConversation(x: unknown): SyncConversation | null {
  if (!isRecord(x)) return null;
  const { id, status, humanMode, lastSeq, visitorReadSeq, agentReadSeq } = x;
  if (typeof id !== 'string' || typeof status !== 'string' || typeof humanMode !== 'boolean') return null;
  if (!isSeq(lastSeq) || !isSeq(visitorReadSeq) || !isSeq(agentReadSeq)) return null;
  return { id, status, humanMode, lastSeq, visitorReadSeq, agentReadSeq };
}

export function parseSyncAck(x: unknown): SyncAck | null {
  if (!isRecord(x)) return null;
  if (x.ok !== true) return parseFailure(x);
  if (!Array.isArray(x.messages)) return null;
  const conversation = x.conversation === null ? null : parseConversation(x.conversation);
  if (x.conversation !== null && conversation === null) return null;
  const messages: Message[] = [];
  for (const raw of x.messages) {
    const m = parseMessage(raw);
    if (!m) return null;
    messages.push(m);
  }
  return { ok: true, conversation, messages };
}

export function parseIdentifyAck(x: unknown): IdentifyAck | null {
  if (!isRecord(x)) return null;
  if (x.ok !== true) return parseFailure(x);
  if (typeof x.verified !== 'boolean') return null;
  return typeof x.visitorToken === 'string' && x.visitorToken !== ''
    ? { ok: true, verified: x.verified, visitorToken: x.visitorToken }
    : { ok: true, verified: x.verified };
}

/** `typing` from the server: only an agent's typing reaches visitors. */
export function parseAgentTyping(x: unknown): boolean | null {
  return isRecord(x) && x.from === 'agent' && typeof x.typing === 'boolean' ? x.typing : null;
}

/** `read` from the server: the seq an agent has read up to. */
export function parseAgentRead(x: unknown): number | null {
  return isRecord(x) && x.by === 'agent' && isSeq(x.seq) ? x.seq : null;
}

export function parseConversationUpdate(x: unknown): ConversationUpdate | null {
  if (!isRecord(x)) return null;
  const { id, status, humanMode } = x;
  return typeof id === 'string' && typeof status === 'string' && typeof humanMode === 'boolean' ? { id, status, humanMode } : null;
}
