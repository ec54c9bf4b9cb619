import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bots } from './bots.js';
import { conversations } from './chat.js';
import { at, orgRef, botRef } from './columns.js';


/** A PostgreSQL full-text document, only ever written by a generated column. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Search text is folded by the application (lower case, diacritics removed, đ → d) before it is stored,
 * and queries are folded the same way, so "phi van chuyen" finds "phí vận chuyển" on any PostgreSQL,
 * PGlite included, without depending on the unaccent extension.
 */
const searchVector = (column: string): SQL => sql.raw(`to_tsvector('simple'::regconfig, coalesce(${column}, ''))`);

export const assistantModeEnum = pgEnum('assistant_mode', ['pipeline', 'workflow', 'off']);
export const documentFormatEnum = pgEnum('document_format', ['text', 'markdown', 'html']);

/** How a bot answers: its own pipeline (thresholds, LLM) or an external workflow (N8N-compatible webhook). */
export const botAssistantSettings = pgTable('bot_assistant_settings', {
  botId: uuid('bot_id')
    .primaryKey()
    .references(() => bots.id, { onDelete: 'cascade' }),
  orgId: orgRef(),
  mode: assistantModeEnum('mode').notNull().default('pipeline'),
  /** Minimum classifier confidence; the model's default when null. */
  intentThreshold: real('intent_threshold'),
  knowledgeThreshold: real('knowledge_threshold').notNull().default(0.35),
  llmEnabled: boolean('llm_enabled').notNull().default(false),
  /** Per-bot OpenAI-compatible endpoint; the global LLM_* config when null. */
  llmBaseUrl: text('llm_base_url'),
  llmModel: text('llm_model'),
  /** Secret: write-only through the API, never returned. */
  llmApiKey: text('llm_api_key'),
  /** Tokens per calendar month (UTC); null means no limit. */
  llmMonthlyTokenBudget: integer('llm_monthly_token_budget'),
  workflowUrl: text('workflow_url'),
  /** Signs workflow deliveries (HMAC-SHA256); shown to admins once, like an API key. */
  workflowSecret: text('workflow_secret').notNull(),
  /** Per-locale wording overrides: { en: { handoff, fallback, talkToPerson }, vi: {...} }. */
  messages: jsonb('messages').notNull().default(sql`'{}'::jsonb`),
  /** Bumped on every change to intents or rules; the model is retrained when it is behind. */
  intentsVersion: integer('intents_version').notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** An intent: example utterances to learn from, rules that win when they match, and responses. */
export const intents = pgTable(
  'intents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: botRef(),
    name: text('name').notNull(),
    examples: text('examples')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** [{ kind: exact|keyword|regex, pattern }] */
    rules: jsonb('rules').notNull().default(sql`'[]'::jsonb`),
    /** [{ text, locale?, quickReplies?, links? }] */
    responses: jsonb('responses').notNull().default(sql`'[]'::jsonb`),
    /** Matching this intent hands the conversation to a person. */
    handoff: boolean('handoff').notNull().default(false),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('intents_bot_name_unique').on(t.botId, t.name)],
);

/** The classifier trained from a bot's intents, kept so a restart does not retrain. */
export const intentModels = pgTable('intent_models', {
  botId: uuid('bot_id')
    .primaryKey()
    .references(() => bots.id, { onDelete: 'cascade' }),
  orgId: orgRef(),
  /** The bot's intents_version this model was trained from. */
  version: integer('version').notNull(),
  model: jsonb('model').notNull(),
  exampleCount: integer('example_count').notNull(),
  trainMs: real('train_ms').notNull(),
  trainedAt: at('trained_at').notNull().defaultNow(),
});

export const faqs = pgTable(
  'faqs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: botRef(),
    /** The question and its other phrasings; the first is the title. */
    questions: text('questions').array().notNull(),
    answer: text('answer').notNull(),
    locale: text('locale').notNull().default('en'),
    /** [{ label, payload? }] shown as buttons under the answer. */
    quickReplies: jsonb('quick_replies').notNull().default(sql`'[]'::jsonb`),
    /** Folded questions (weighted A) … */
    searchQuestions: text('search_questions').notNull(),
    /** … and folded answer (weighted B). */
    searchAnswer: text('search_answer').notNull(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql.raw(
          `setweight(to_tsvector('simple'::regconfig, coalesce(search_questions, '')), 'A') || setweight(to_tsvector('simple'::regconfig, coalesce(search_answer, '')), 'B')`,
        ),
      ),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('faqs_bot_idx').on(t.botId), index('faqs_search_idx').using('gin', t.search)],
);

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: botRef(),
    title: text('title').notNull(),
    format: documentFormatEnum('format').notNull(),
    locale: text('locale').notNull().default('en'),
    /** Where a reader can find the original, shown as the answer's source. */
    sourceUrl: text('source_url'),
    /** The uploaded text as given (HTML stays text: it is never rendered). */
    content: text('content').notNull(),
    bytes: integer('bytes').notNull(),
    chunkCount: integer('chunk_count').notNull().default(0),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('documents_bot_idx').on(t.botId)],
);

export const documentChunks = pgTable(
  'document_chunks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: botRef(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    heading: text('heading'),
    text: text('text').notNull(),
    /** Folded heading + text. */
    searchText: text('search_text').notNull(),
    search: tsvector('search').notNull().generatedAlwaysAs(searchVector('search_text')),
  },
  (t) => [
    index('document_chunks_bot_idx').on(t.botId),
    index('document_chunks_document_idx').on(t.documentId, t.position),
    index('document_chunks_search_idx').using('gin', t.search),
  ],
);

/** LLM tokens used per bot and calendar month (UTC), for the monthly budget. */
export const llmUsage = pgTable(
  'llm_usage',
  {
    botId: uuid('bot_id')
      .notNull()
      .references(() => bots.id, { onDelete: 'cascade' }),
    orgId: orgRef(),
    /** 'YYYY-MM' */
    month: text('month').notNull(),
    tokens: bigint('tokens', { mode: 'number' }).notNull().default(0),
    requests: integer('requests').notNull().default(0),
    failures: integer('failures').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.botId, t.month] })],
);

export const webhookEventEnum = pgEnum('webhook_event', ['message.created', 'conversation.handoff', 'conversation.resolved']);
export const webhookDeliveryKindEnum = pgEnum('webhook_delivery_kind', ['workflow', 'event']);
export const webhookDeliveryStatusEnum = pgEnum('webhook_delivery_status', ['pending', 'succeeded', 'failed']);

/** An outgoing event webhook of an organization (optionally limited to one bot). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: uuid('bot_id').references(() => bots.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** Signs deliveries (HMAC-SHA256); shown once when created. */
    secret: text('secret').notNull(),
    events: webhookEventEnum('events').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_org_idx').on(t.orgId)],
);

/**
 * The durable outbox: a delivery is written in the same transaction as what caused it, then sent at
 * least once by the delivery worker with exponential retries until it succeeds or runs out of attempts.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgRef(),
    botId: uuid('bot_id').references(() => bots.id, { onDelete: 'cascade' }),
    /** Null for workflow deliveries (the URL comes from the bot's settings). */
    endpointId: uuid('endpoint_id').references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    kind: webhookDeliveryKindEnum('kind').notNull(),
    event: text('event').notNull(),
    url: text('url').notNull(),
    payload: jsonb('payload').notNull(),
    status: webhookDeliveryStatusEnum('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    /** A worker holds the delivery until then; another may take it over afterwards. */
    lockedUntil: at('locked_until'),
    /**
     * The server process holding the claim (its follow-up checkpoint's node id). When that process is
     * found dead, the one taking over its follow-ups releases its claims at once instead of waiting
     * out `locked_until`.
     */
    lockedBy: uuid('locked_by'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull().defaultNow(),
    deliveredAt: at('delivered_at'),
    /**
     * What the delivery is of, e.g. `<endpoint>:message.created:<message>`: enqueueing the same thing
     * again (a dead process's follow-ups re-run by another) adds nothing.
     */
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_dedupe_unique').on(t.dedupeKey),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_org_idx').on(t.orgId, t.createdAt),
    // For the retention job's "older than" scan: rows arrive in time order, so a BRIN index stays a few pages.
    index('webhook_deliveries_created_brin').using('brin', t.createdAt),
  ],
);

/** The delivery log: one row per attempt. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    orgId: orgRef(),
    attempt: integer('attempt').notNull(),
    at: at('at').notNull().defaultNow(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);
