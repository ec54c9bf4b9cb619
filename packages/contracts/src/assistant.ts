import { z } from 'zod';
import { Locale } from './bots.js';
import { Id, Timestamp } from './ids.js';

/** Largest document accepted (bytes of UTF-8 text). */
export const MAX_DOCUMENT_BYTES = 1_000_000;
export const MAX_INTENT_EXAMPLES = 500;
export const MAX_INTENTS_PER_BOT = 500;
/** Examples of all a bot's intents together: training stays well under a second (it runs on the server's event loop). */
export const MAX_EXAMPLES_PER_BOT = 5_000;
export const MAX_FAQS_PER_BOT = 5_000;

const Text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max);

/** A web link the widget may open: http(s) only, so `javascript:` never reaches a page. */
export const SafeUrl = z
  .string()
  .trim()
  .max(2_000)
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), { error: 'must be an http(s) URL' });

/** What a quick reply tells the bot when the visitor taps it (the visitor's message shows its label). */
export const QuickReplyPayload = Text(500);

export const QuickReply = z.strictObject({
  label: Text(80),
  /** What the bot answers to when the visitor taps it (without one, the label); the message shows the label. */
  payload: QuickReplyPayload.optional(),
});
export type QuickReply = z.infer<typeof QuickReply>;

export const RichLink = z.strictObject({ label: Text(120), url: SafeUrl });
export type RichLink = z.infer<typeof RichLink>;

export const RichSource = z.strictObject({ title: z.string().max(300), url: SafeUrl.optional() });
export type RichSource = z.infer<typeof RichSource>;

/** The rich parts of a bot message; the widget renders quick replies as buttons and links as safe anchors. */
export const MessageRich = z.strictObject({
  quickReplies: z.array(QuickReply).max(10).optional(),
  links: z.array(RichLink).max(10).optional(),
  sources: z.array(RichSource).max(10).optional(),
});
export type MessageRich = z.infer<typeof MessageRich>;

export const AnsweredBy = z.enum(['handoff', 'rule', 'intent', 'knowledge', 'llm', 'fallback', 'workflow', 'away']);
export type AnsweredBy = z.infer<typeof AnsweredBy>;

export const StageName = z.enum(['handoff', 'rules', 'intent', 'knowledge', 'llm', 'fallback']);
export const StageOutcome = z.enum(['answered', 'handoff', 'silent', 'no_match', 'below_threshold', 'deferred', 'skipped', 'error']);
export const StageRecord = z.object({ name: StageName, ms: z.number(), outcome: StageOutcome, detail: z.string().optional() });
export type StageRecord = z.infer<typeof StageRecord>;

export const HandoffReason = z.enum(['request', 'live_support', 'rule', 'intent', 'no_answer', 'agent']);
export type HandoffReason = z.infer<typeof HandoffReason>;

// ---------------------------------------------------------------- settings

export const AssistantMode = z.enum(['pipeline', 'workflow', 'off']);
export type AssistantMode = z.infer<typeof AssistantMode>;

const Wording = z.strictObject({ handoff: Text(1_000), fallback: Text(1_000), talkToPerson: Text(80) }).partial();
export const AssistantMessages = z.strictObject({ en: Wording, vi: Wording }).partial();

export const AssistantSettings = z.object({
  botId: Id,
  mode: AssistantMode,
  intentThreshold: z.number().nullable(),
  knowledgeThreshold: z.number(),
  llmEnabled: z.boolean(),
  llmBaseUrl: z.string().nullable(),
  llmModel: z.string().nullable(),
  /** Whether a per-bot key is stored; the key itself is never returned. */
  llmApiKeySet: z.boolean(),
  /** Whether the global LLM_* configuration exists (used when the bot has no endpoint of its own). */
  globalLlmConfigured: z.boolean(),
  llmMonthlyTokenBudget: z.number().int().nullable(),
  llmTokensThisMonth: z.number().int(),
  workflowUrl: z.string().nullable(),
  messages: AssistantMessages,
  updatedAt: Timestamp,
});
export type AssistantSettings = z.infer<typeof AssistantSettings>;

export const UpdateAssistantSettingsBody = z
  .strictObject({
    mode: AssistantMode,
    intentThreshold: z.number().min(0).max(1).nullable(),
    knowledgeThreshold: z.number().min(0).max(1),
    llmEnabled: z.boolean(),
    llmBaseUrl: SafeUrl.nullable(),
    llmModel: z.string().trim().min(1).max(200).nullable(),
    /** null clears the stored key. */
    llmApiKey: z.string().min(1).max(500).nullable(),
    llmMonthlyTokenBudget: z.number().int().min(0).max(1_000_000_000).nullable(),
    workflowUrl: SafeUrl.nullable(),
    messages: AssistantMessages,
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'at least one field must be given' });
export type UpdateAssistantSettingsBody = z.infer<typeof UpdateAssistantSettingsBody>;

/** Shown to admins so they can verify workflow deliveries. */
export const WorkflowSecret = z.object({ workflowSecret: z.string() });

// ---------------------------------------------------------------- intents

export const IntentName = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}_.-]{1,64}$/u, { error: 'must be 1–64 letters, digits, _, . or -' })
  .refine((s) => s !== 'None', { error: '"None" is reserved for out of scope' });

export const IntentRuleBody = z.strictObject({ kind: z.enum(['exact', 'keyword', 'regex']), pattern: Text(200) });

export const IntentResponseBody = z.strictObject({
  text: Text(4_000),
  /** Only for visitors of this locale; any locale when absent. */
  locale: Locale.optional(),
  quickReplies: z.array(QuickReply).max(10).optional(),
  links: z.array(RichLink).max(10).optional(),
});
export type IntentResponseBody = z.infer<typeof IntentResponseBody>;

export const Intent = z.object({
  id: Id,
  botId: Id,
  name: z.string(),
  examples: z.array(z.string()),
  rules: z.array(IntentRuleBody),
  responses: z.array(IntentResponseBody),
  handoff: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Intent = z.infer<typeof Intent>;

export const CreateIntentBody = z.strictObject({
  name: IntentName,
  examples: z.array(Text(500)).max(MAX_INTENT_EXAMPLES).default([]),
  rules: z.array(IntentRuleBody).max(50).default([]),
  responses: z.array(IntentResponseBody).max(20).default([]),
  handoff: z.boolean().default(false),
});
export type CreateIntentBody = z.infer<typeof CreateIntentBody>;

export const UpdateIntentBody = z
  .strictObject({
    name: IntentName,
    examples: z.array(Text(500)).max(MAX_INTENT_EXAMPLES),
    rules: z.array(IntentRuleBody).max(50),
    responses: z.array(IntentResponseBody).max(20),
    handoff: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'at least one field must be given' });
export type UpdateIntentBody = z.infer<typeof UpdateIntentBody>;

/** State of the bot's classifier (retrained in the background after intents change). */
export const IntentModelStatus = z.object({
  intentsVersion: z.number().int(),
  trainedVersion: z.number().int().nullable(),
  exampleCount: z.number().int(),
  trainMs: z.number().nullable(),
  trainedAt: Timestamp.nullable(),
  upToDate: z.boolean(),
});
export type IntentModelStatus = z.infer<typeof IntentModelStatus>;

// ---------------------------------------------------------------- FAQs

export const Faq = z.object({
  id: Id,
  botId: Id,
  questions: z.array(z.string()),
  answer: z.string(),
  locale: Locale,
  quickReplies: z.array(QuickReply),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Faq = z.infer<typeof Faq>;

export const CreateFaqBody = z.strictObject({
  /** The question first, then other phrasings. */
  questions: z.array(Text(500)).min(1).max(50),
  answer: Text(4_000),
  locale: Locale.default('en'),
  quickReplies: z.array(QuickReply).max(10).default([]),
});
export type CreateFaqBody = z.infer<typeof CreateFaqBody>;

export const UpdateFaqBody = z
  .strictObject({
    questions: z.array(Text(500)).min(1).max(50),
    answer: Text(4_000),
    locale: Locale,
    quickReplies: z.array(QuickReply).max(10),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'at least one field must be given' });
export type UpdateFaqBody = z.infer<typeof UpdateFaqBody>;

// ---------------------------------------------------------------- documents

export const DocumentFormat = z.enum(['text', 'markdown', 'html']);
export type DocumentFormat = z.infer<typeof DocumentFormat>;

export const KnowledgeDocument = z.object({
  id: Id,
  botId: Id,
  title: z.string(),
  format: DocumentFormat,
  locale: Locale,
  sourceUrl: z.string().nullable(),
  bytes: z.number().int(),
  chunkCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type KnowledgeDocument = z.infer<typeof KnowledgeDocument>;

/** A document with its stored text (shown as text, never rendered as HTML) and chunks. */
export const KnowledgeDocumentDetail = KnowledgeDocument.extend({
  content: z.string(),
  chunks: z.array(z.object({ position: z.number().int(), heading: z.string().nullable(), text: z.string() })),
});
export type KnowledgeDocumentDetail = z.infer<typeof KnowledgeDocumentDetail>;

/** JSON upload; a raw `text/plain`, `text/markdown` or `text/html` body with `?title=` also works. */
export const CreateDocumentBody = z.strictObject({
  title: Text(200),
  format: DocumentFormat,
  locale: Locale.default('en'),
  sourceUrl: SafeUrl.optional(),
  content: z.string().min(1, { error: 'must not be empty' }),
});
export type CreateDocumentBody = z.infer<typeof CreateDocumentBody>;

// ---------------------------------------------------------------- test console

export const AssistantTestBody = z.strictObject({
  text: Text(4_000),
  locale: Locale.optional(),
  /** Also call the LLM when the fast stages do not answer (costs tokens). */
  useLlm: z.boolean().default(false),
});
export type AssistantTestBody = z.infer<typeof AssistantTestBody>;

export const AssistantTestResult = z.object({
  kind: z.enum(['answer', 'handoff', 'silent']),
  answeredBy: AnsweredBy.nullable(),
  text: z.string().nullable(),
  confidence: z.number().nullable(),
  intent: z.string().nullable(),
  rich: MessageRich,
  stages: z.array(StageRecord),
  totalMs: z.number(),
});
export type AssistantTestResult = z.infer<typeof AssistantTestResult>;

// ---------------------------------------------------------------- webhooks

export const WebhookEvent = z.enum(['message.created', 'conversation.handoff', 'conversation.resolved']);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const WebhookEndpoint = z.object({
  id: Id,
  botId: Id.nullable(),
  url: z.string(),
  events: z.array(WebhookEvent),
  enabled: z.boolean(),
  createdAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const CreateWebhookEndpointBody = z.strictObject({
  url: SafeUrl,
  botId: Id.optional(),
  events: z.array(WebhookEvent).min(1),
});
export type CreateWebhookEndpointBody = z.infer<typeof CreateWebhookEndpointBody>;

/** Returned once on creation: the signing secret is not shown again. */
export const CreatedWebhookEndpoint = WebhookEndpoint.extend({ secret: z.string() });

export const UpdateWebhookEndpointBody = z
  .strictObject({ url: SafeUrl, events: z.array(WebhookEvent).min(1), enabled: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'at least one field must be given' });

export const WebhookDeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);

export const WebhookAttempt = z.object({
  attempt: z.number().int(),
  at: Timestamp,
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

export const WebhookDelivery = z.object({
  id: Id,
  botId: Id.nullable(),
  endpointId: Id.nullable(),
  conversationId: Id.nullable(),
  kind: z.enum(['workflow', 'event']),
  event: z.string(),
  url: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  nextAttemptAt: Timestamp,
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  deliveredAt: Timestamp.nullable(),
  log: z.array(WebhookAttempt).optional(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/**
 * The body POSTed to a bot's workflow URL for each visitor message (N8N-compatible, flat names the
 * seed uses). Headers: `X-Parley-Timestamp: <unix seconds>`, `X-Parley-Signature: sha256=<hex HMAC-SHA256(workflow secret, timestamp + "." + raw body)>`,
 * `X-Parley-Delivery: <delivery id>` (the same on every retry), `X-Parley-Event`.
 * The workflow answers with `POST /api/v1/conversations/:id/messages` and an API key.
 */
export const WorkflowPayload = z.object({
  event: z.literal('message.created'),
  deliveryId: Id,
  text: z.string(),
  messageId: Id,
  seq: z.number().int(),
  conversation: z.object({ id: Id, status: z.string() }),
  bot: z.object({ id: Id, name: z.string() }),
  visitor: z.object({
    id: Id,
    name: z.string().nullable(),
    email: z.string().nullable(),
    userId: z.string().nullable(),
    verified: z.boolean(),
  }),
  premium: z.boolean(),
  human_mode: z.boolean(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  locale: Locale,
  at: Timestamp,
});
export type WorkflowPayload = z.infer<typeof WorkflowPayload>;

// ---------------------------------------------------------------- realtime

/** Server → visitor and agents while the LLM streams an answer; the final `message.created` replaces it. */
export const MessageDelta = z.object({
  conversationId: Id,
  /** Identifies one streamed answer. */
  streamId: z.string(),
  /** The text so far is the concatenation of all deltas with this streamId, in `index` order. */
  index: z.number().int().min(0),
  text: z.string(),
});
export type MessageDelta = z.infer<typeof MessageDelta>;
