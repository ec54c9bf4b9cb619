import { AnsweredBy, HandoffReason, MessageRich, type Conversation, type Message, type Visitor } from '@parley/contracts';
import type { VisitorRow } from '../visitors/visitor-store.js';
import { iso, isoOrNull } from '../../lib/iso.js';
import type { ConversationRow, MessageRow } from './conversation-store.js';

// Module level: a zod schema compiles itself on first use (these run for every message and event).
const StoredRich = MessageRich.nullable().catch(null);
const StoredAnsweredBy = AnsweredBy.nullable().catch(null);
const StoredHandoffReason = HandoffReason.nullable().catch(null);

export const toMessage = (m: MessageRow): Message => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  clientId: m.clientId,
  author: m.author,
  authorName: m.authorName,
  body: m.body,
  internal: m.internal,
  ...(m.author === 'bot'
    ? {
        rich: StoredRich.parse(m.rich),
        answeredBy: StoredAnsweredBy.parse(m.answeredBy),
        confidence: m.confidence,
      }
    : {}),
  createdAt: iso(m.createdAt),
});

export const toVisitor = (v: VisitorRow, online: boolean): Visitor => ({
  id: v.id,
  botId: v.botId,
  name: v.name,
  email: v.email,
  externalUserId: v.externalUserId,
  verified: v.verified,
  lastPageUrl: v.lastPageUrl,
  userAgent: v.userAgent,
  country: v.country,
  city: v.city,
  firstSeenAt: iso(v.firstSeenAt),
  lastSeenAt: iso(v.lastSeenAt),
  online,
});

export const toConversation = (c: ConversationRow): Conversation => ({
  id: c.id,
  botId: c.botId,
  visitorId: c.visitorId,
  status: c.status,
  humanMode: c.humanMode,
  assigneeId: c.assigneeId,
  lastSeq: c.lastSeq,
  visitorReadSeq: c.visitorReadSeq,
  agentReadSeq: c.agentReadSeq,
  lastMessageAt: isoOrNull(c.lastMessageAt),
  handedOffAt: isoOrNull(c.handedOffAt),
  handoffReason: StoredHandoffReason.parse(c.handoffReason),
  createdAt: iso(c.createdAt),
});
