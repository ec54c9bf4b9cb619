import { z } from 'zod';
import { AnsweredBy, HandoffReason, MessageRich, QuickReplyPayload } from './assistant.js';
import { Id, Timestamp } from './ids.js';

export const MAX_MESSAGE_LENGTH = 4_000;

export const MessageBody = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(MAX_MESSAGE_LENGTH, { error: `must be at most ${MAX_MESSAGE_LENGTH} characters` });

/** The sender's idempotency key for a message; resends with the same id are the same message. */
/** The highest seq there can be (a PostgreSQL integer): a larger one is refused, not a database error. */
export const MAX_SEQ = 2_147_483_647;
/** A position in a conversation: 0 (before the first message) up to MAX_SEQ. */
export const SeqPosition = z.number().int().min(0).max(MAX_SEQ);

export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'must be 8–64 letters, digits, _ or -' });

export const MessageAuthor = z.enum(['visitor', 'bot', 'agent', 'system']);
export type MessageAuthor = z.infer<typeof MessageAuthor>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  seq: z.number().int().min(1),
  clientId: z.string().nullable(),
  author: MessageAuthor,
  /** Display name of the agent who wrote it (agent messages only). */
  authorName: z.string().nullable(),
  body: z.string(),
  internal: z.boolean(),
  /** Bot messages: quick replies, links and sources. */
  rich: MessageRich.nullable().optional(),
  /** Bot messages: which stage answered and how sure it was. */
  answeredBy: AnsweredBy.nullable().optional(),
  confidence: z.number().nullable().optional(),
  createdAt: Timestamp,
});
export type Message = z.infer<typeof Message>;

export const ConversationStatus = z.enum(['open', 'pending', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const Conversation = z.object({
  id: Id,
  botId: Id,
  visitorId: Id,
  status: ConversationStatus,
  humanMode: z.boolean(),
  assigneeId: Id.nullable(),
  lastSeq: z.number().int(),
  visitorReadSeq: z.number().int(),
  agentReadSeq: z.number().int(),
  lastMessageAt: Timestamp.nullable(),
  /** When and why the conversation was last handed to a person. */
  handedOffAt: Timestamp.nullable().optional(),
  handoffReason: HandoffReason.nullable().optional(),
  createdAt: Timestamp,
});
export type Conversation = z.infer<typeof Conversation>;

/**
 * The conversation as its visitor sees it (sync): never who it is assigned to or why it was handed off.
 * `lastSeq` lets the widget know it has every message (internal notes take seqs too).
 */
export const VisitorConversation = Conversation.pick({ id: true, status: true, humanMode: true, lastSeq: true, visitorReadSeq: true, agentReadSeq: true });
export type VisitorConversation = z.infer<typeof VisitorConversation>;

/** Ack of every socket request: the result, or an error with a stable code. */
export const AckError = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) });
export type AckError = z.infer<typeof AckError>;

/** Visitor → server over Socket.IO `/visitor`. */
export const VisitorSend = z.strictObject({
  clientId: ClientId,
  body: MessageBody,
  /** Premium bots: the Live Support tab always goes to agents. */
  tab: z.enum(['assistant', 'human']).default('assistant'),
  /** A tapped quick reply's payload: the bot answers to it; `body` is the reply's label, which everyone sees. */
  payload: QuickReplyPayload.optional(),
});
export type VisitorSend = z.infer<typeof VisitorSend>;

export const SyncRequest = z.strictObject({ afterSeq: SeqPosition });
export const TypingEvent = z.strictObject({ typing: z.boolean() });
export const ReadEvent = z.strictObject({ seq: SeqPosition });

/** Agent → server over Socket.IO `/agent` (and the REST equivalents). */
export const AgentReply = z.strictObject({
  clientId: ClientId.optional(),
  body: MessageBody,
  internal: z.boolean().default(false),
  /** `bot`: a workflow (API key) answering as the bot, which keeps the conversation with the bot. */
  as: z.enum(['agent', 'bot']).optional(),
  /** Quick replies and links (bot answers). */
  rich: MessageRich.optional(),
});
export type AgentReply = z.infer<typeof AgentReply>;
export const AgentTyping = z.strictObject({ conversationId: Id, typing: z.boolean() });
export const AgentRead = z.strictObject({ conversationId: Id, seq: SeqPosition });

export const Visitor = z.object({
  id: Id,
  botId: Id,
  name: z.string().nullable(),
  email: z.string().nullable(),
  /** The site's own user id, set only by a verified identify. */
  externalUserId: z.string().nullable(),
  verified: z.boolean(),
  lastPageUrl: z.string().nullable(),
  userAgent: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  firstSeenAt: Timestamp,
  /** The last connection, to the minute (a reconnect within a minute that changes nothing is not written). */
  lastSeenAt: Timestamp,
  online: z.boolean(),
});
export type Visitor = z.infer<typeof Visitor>;

/** A row of the inbox: the conversation, who it is with, and the latest message. */
export const ConversationSummary = Conversation.extend({
  visitor: Visitor,
  lastMessage: z.object({ body: z.string(), author: MessageAuthor, internal: z.boolean(), createdAt: Timestamp }).nullable(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;
