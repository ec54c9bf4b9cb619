import type { CompiledRule } from './compile-rules.js';
import type { HandoffReason, Locale } from './detect-handoff.js';
import type { IntentModel } from './intent-model.js';

export interface QuickReply {
  readonly label: string;
  /** Sent back instead of the label when the visitor taps it. */
  readonly payload?: string;
}

export interface Link {
  readonly label: string;
  readonly url: string;
}

export interface Source {
  readonly title: string;
  readonly url?: string;
}

/** The rich parts an answer may carry (quick replies render as buttons in the widget). */
export interface RichParts {
  readonly quickReplies?: readonly QuickReply[];
  readonly links?: readonly Link[];
  readonly sources?: readonly Source[];
}

export interface IntentResponse {
  readonly text: string;
  readonly quickReplies?: readonly QuickReply[];
  readonly links?: readonly Link[];
}

export interface KnowledgeHit {
  readonly id: string;
  readonly kind: 'faq' | 'chunk';
  readonly title?: string;
  /** FAQ question or chunk text. */
  readonly text: string;
  /** FAQ answer. */
  readonly answer?: string;
  /** Relevance in 0..1, higher is better (e.g. ts_rank normalized as rank / (rank + 1)). */
  readonly score: number;
  readonly source?: Source;
}

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface LlmRequest {
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly passages: readonly KnowledgeHit[];
}

export interface LlmCompletion {
  readonly text: string;
  /** Tokens used (prompt + completion), for the bot's budget. */
  readonly tokens: number;
}

export type MaybePromise<T> = T | Promise<T>;

export interface KnowledgePort {
  /** Hits best first. */
  search(botId: string, query: string, limit: number): Promise<readonly KnowledgeHit[]>;
}

export interface LlmPort {
  /** Streams the answer through onToken and resolves with the whole text; throws on timeout or error. */
  complete(request: LlmRequest, onToken: (token: string) => void): Promise<LlmCompletion>;
}

export interface IntentsPort {
  /** The bot's trained classifier, or null when it has none yet. */
  model(botId: string): MaybePromise<IntentModel | null>;
  /** The bot's compiled rules (compileRules output), in evaluation order. */
  rules(botId: string): MaybePromise<readonly CompiledRule[]>;
  /** The responses configured for an intent (one is picked), or none. */
  responses(botId: string, intent: string, locale: Locale): MaybePromise<readonly IntentResponse[]>;
}

export interface ClockPort {
  /** Milliseconds, monotonic enough to time stages (performance.now() in production). */
  now(): number;
}

export interface PipelinePorts {
  readonly knowledge: KnowledgePort;
  readonly llm?: LlmPort | undefined;
  readonly intents: IntentsPort;
  readonly clock: ClockPort;
  /** 0 ≤ x < 1, picks among several responses; the first response when absent. */
  readonly random?: () => number;
}

export interface PipelineInput {
  readonly botId: string;
  readonly text: string;
  readonly locale: Locale;
  /** The conversation is with a person: the bot stays silent. */
  readonly humanMode: boolean;
  /** Carried for callers (webhook forwarding); the pipeline itself treats all visitors alike. */
  readonly premium?: boolean;
  /** Earlier turns, oldest first, for the LLM. */
  readonly history?: readonly ChatMessage[];
}

export interface PipelineMessages {
  readonly handoff: string;
  readonly fallback: string;
  readonly talkToPerson: string;
}

export interface PipelineOptions {
  /** Minimum classifier confidence; the model's own threshold when absent. */
  readonly intentThreshold?: number;
  /**
   * An intent classified at or above the threshold but below this confidence answers only when knowledge
   * has no sure answer (default 0.5): a weak intent yields to a good FAQ or document hit.
   */
  readonly strongIntentConfidence?: number;
  /** The knowledge score that overrules a weak intent (default 0.5; never below `knowledgeThreshold`). */
  readonly knowledgeOverWeakIntent?: number;
  /** Minimum knowledge score for a direct answer. */
  readonly knowledgeThreshold: number;
  readonly llmEnabled: boolean;
  /** Intents that hand the conversation over instead of answering (default ["human"]). */
  readonly handoffIntents?: readonly string[];
  /** How many passages to retrieve (default 5); the LLM gets the best `llmPassages` (default 3). */
  readonly knowledgeLimit?: number;
  readonly llmPassages?: number;
  readonly botName?: string;
  /** Per-bot wording overrides, by locale. */
  readonly messages?: Partial<Record<Locale, Partial<PipelineMessages>>>;
  /** Receives the LLM answer token by token. */
  readonly onToken?: (token: string) => void;
}

export type StageName = 'handoff' | 'rules' | 'intent' | 'knowledge' | 'llm' | 'fallback';

/** `deferred`: a weak intent waits for knowledge (and is recorded again if it answers after all). */
export type StageOutcome = 'answered' | 'handoff' | 'silent' | 'no_match' | 'below_threshold' | 'deferred' | 'skipped' | 'error';

export interface StageRecord {
  readonly name: StageName;
  readonly ms: number;
  readonly outcome: StageOutcome;
  /** Short human-readable detail for the test console (intent and score, error message...). */
  readonly detail?: string;
}

export type AnsweredBy = 'handoff' | 'rule' | 'intent' | 'knowledge' | 'llm' | 'fallback';

export interface SilentResult {
  readonly kind: 'silent';
  readonly stages: readonly StageRecord[];
  readonly totalMs: number;
}

export interface HandoffResult extends RichParts {
  readonly kind: 'handoff';
  readonly answeredBy: 'handoff';
  readonly reason: HandoffReason;
  readonly text: string;
  readonly confidence: number;
  readonly intent?: string;
  readonly stages: readonly StageRecord[];
  readonly totalMs: number;
}

export interface AnswerResult extends RichParts {
  readonly kind: 'answer';
  readonly answeredBy: Exclude<AnsweredBy, 'handoff'>;
  readonly text: string;
  readonly confidence: number;
  readonly intent?: string;
  /** LLM tokens used, when the LLM answered. */
  readonly tokens?: number;
  readonly stages: readonly StageRecord[];
  readonly totalMs: number;
}

export type PipelineResult = SilentResult | HandoffResult | AnswerResult;
