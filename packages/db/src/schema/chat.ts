import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  real,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bots } from './bots.js';
import { organizations, users } from './tenancy.js';
import { at } from './columns.js';

export const conversationStatusEnum = pgEnum('conversation_status', ['open', 'pending', 'resolved']);
export const messageAuthorEnum = pgEnum('message_author', ['visitor', 'bot', 'agent', 'system']);


/** A person on a customer's site, identified by the id Parley issued (never one the client made up). */
export const visitors = pgTable(
  'visitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    botId: uuid('bot_id')
      .notNull()
      .references(() => bots.id, { onDelete: 'cascade' }),
    externalUserId: text('external_user_id'),
    verified: boolean('verified').notNull().default(false),
    name: text('name'),
    email: text('email'),
    lastPageUrl: text('last_page_url'),
    userAgent: text('user_agent'),
    country: text('country'),
    city: text('city'),
    firstSeenAt: at('first_seen_at').notNull().defaultNow(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    index('visitors_bot_idx').on(t.botId),
    uniqueIndex('visitors_bot_external_unique')
      .on(t.botId, t.externalUserId)
      .where(sql`${t.externalUserId} is not null`),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    botId: uuid('bot_id')
      .notNull()
      .references(() => bots.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    status: conversationStatusEnum('status').notNull().default('open'),
    humanMode: boolean('human_mode').notNull().default(false),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** The highest seq handed out; the next message gets last_seq + 1. */
    lastSeq: integer('last_seq').notNull().default(0),
    visitorReadSeq: integer('visitor_read_seq').notNull().default(0),
    agentReadSeq: integer('agent_read_seq').notNull().default(0),
    lastMessageAt: at('last_message_at'),
    /** When the bot last sent its "we'll get back to you" reply (once per session). */
    lastAutoReplyAt: at('last_auto_reply_at'),
    /** When the conversation was last handed to a person, and why (request, live_support, rule, intent, no_answer). */
    handedOffAt: at('handed_off_at'),
    handoffReason: text('handoff_reason'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  // No index may hold a column every message changes (last_seq, last_message_at, updated_at):
  // then the message's update is HOT (heap-only, no index entries), old row versions are pruned
  // in place, and the per-visitor lookup stays one index entry instead of one per past message.
  // Migration 0007 also leaves free space in each page (fillfactor 80) for those new versions.
  (t) => [index('conversations_org_status_idx').on(t.orgId, t.status), index('conversations_visitor_idx').on(t.visitorId)],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** The sender's idempotency key: a resend with the same client id is the same message. */
    clientId: text('client_id'),
    author: messageAuthorEnum('author').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    /** Visitor messages from a quick reply: the payload the bot answers to (`body` is the reply's label). */
    payload: text('payload'),
    rich: jsonb('rich'),
    /** Internal notes are for agents only and never reach the visitor. */
    internal: boolean('internal').notNull().default(false),
    /** Bot messages: which stage answered (handoff, rule, intent, knowledge, llm, fallback, workflow, away). */
    answeredBy: text('answered_by'),
    /** Bot messages: the answering stage's confidence, 0..1. */
    confidence: real('confidence'),
    /** Bot messages: every stage with its outcome and milliseconds, for the test console and the inbox. */
    trace: jsonb('trace'),
    latencyMs: integer('latency_ms'),
    createdAt: at('created_at').notNull().defaultNow(),
    /**
     * The server process that stored the message and owes its follow-ups (the bot's answer, webhooks):
     * when that process dies, another finds the messages it had not finished (follow_up_checkpoints).
     */
    nodeId: uuid('node_id'),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_unique').on(t.conversationId, t.seq),
    uniqueIndex('messages_conversation_client_unique').on(t.conversationId, t.clientId),
    // One process's messages in time order; each process appends at the end of its own range.
    index('messages_node_idx')
      .on(t.nodeId, t.createdAt)
      .where(sql`${t.nodeId} is not null`),
  ],
);

/**
 * One row per running server process. `doneBefore`: every message the process stored before then has
 * had its follow-ups (bot answer, webhooks) done. The process renews `heartbeatAt`; a row whose heartbeat
 * stopped belongs to a dead process, and another process re-runs the follow-ups of its messages from
 * `doneBefore` on (idempotently), then deletes the row. Not organization data: it names a process.
 */
export const followUpCheckpoints = pgTable('follow_up_checkpoints', {
  nodeId: uuid('node_id').primaryKey(),
  doneBefore: at('done_before').notNull(),
  heartbeatAt: at('heartbeat_at').notNull(),
  startedAt: at('started_at').notNull(),
  /**
   * The process re-running this one's follow-ups (null while its owner beats). The owner's next beat
   * clears it: a process taken for dead by mistake takes its checkpoint back, and the taker stops.
   */
  claimedBy: uuid('claimed_by'),
});
