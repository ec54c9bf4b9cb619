// Text
export { bigrams, foldDiacritics, normalizeText, tokenize } from './normalize-text.js';

// Handoff
export { detectHandoff, handoffPayload, type HandoffDetection, type HandoffReason, type Locale } from './detect-handoff.js';

// Rules
export {
  compileRules,
  matchRules,
  maxRuleInputLength,
  maxRulePatternLength,
  unsafeRegexReason,
  type CompiledRule,
  type CompiledRules,
  type IntentRule,
  type IntentRuleKind,
  type RuleError,
} from './compile-rules.js';

// Intent classifier
export type { IntentModel, SparseVector } from './intent-model.js';
export { defaultFeatureOptions, type FeatureOptions } from './text-features.js';
export {
  defaultBlend,
  defaultIntentThreshold,
  defaultOutOfScopeLabel,
  trainIntentClassifier,
  type IntentExample,
  type TrainOptions,
} from './train-intent-classifier.js';
export { classify, prepareIntentModel, type Classification, type ClassifyOptions, type IntentScore } from './classify.js';
export { parseIntentModel } from './parse-intent-model.js';

// Evaluation
export {
  evaluateClassification,
  type ClassificationPair,
  type ClassificationReport,
  type Confusion,
  type EvaluateOptions,
  type LabelMetrics,
} from './evaluate-classification.js';
export { rankingMetrics, type RankedResult, type RankingReport } from './ranking-metrics.js';
export { latencySummary, type LatencySummary } from './latency-summary.js';
export {
  parseIntentCorpus,
  parseQaCorpus,
  type IntentCorpus,
  type IntentCorpusSentence,
  type Parsed,
  type QaCorpus,
  type QaDocument,
} from './parse-corpus.js';
export { evaluateAnswers, evaluateIntentCorpus, type AnswerEvaluation, type IntentEvaluation } from './evaluate-corpus.js';

// Knowledge
export { chunkDocument, type ChunkOptions, type DocumentChunk, type DocumentFormat } from './chunk-document.js';
export type { DocumentBlock } from './document-block.js';
export { htmlToBlocks } from './html-to-blocks.js';
export { markdownToBlocks } from './markdown-to-blocks.js';
export { decodeHtmlEntities } from './decode-html-entities.js';
export { createMemoryKnowledge, type KnowledgeDocument } from './memory-knowledge.js';

// Pipeline
export type {
  AnswerResult,
  AnsweredBy,
  ChatMessage,
  ClockPort,
  HandoffResult,
  IntentResponse,
  IntentsPort,
  KnowledgeHit,
  KnowledgePort,
  Link,
  LlmCompletion,
  LlmPort,
  LlmRequest,
  MaybePromise,
  PipelineInput,
  PipelineMessages,
  PipelineOptions,
  PipelinePorts,
  PipelineResult,
  QuickReply,
  RichParts,
  SilentResult,
  Source,
  StageName,
  StageOutcome,
  StageRecord,
} from './pipeline-types.js';
export { defaultPipelineMessages, pipelineMessages } from './pipeline-messages.js';
export { handoffStage, type HandoffStageResult } from './handoff-stage.js';
export { ruleStage, type RuleStageResult } from './rule-stage.js';
export { intentStage, type IntentStageResult } from './intent-stage.js';
export { knowledgeAnswer, knowledgeStage, sourceOf, type KnowledgeAnswer, type KnowledgeStageResult } from './knowledge-stage.js';
export { buildGroundedPrompt, maxHistoryTurns, maxPassageChars, maxQuestionChars, type GroundedPromptInput } from './build-grounded-prompt.js';
export { llmStage, type LlmStageResult } from './llm-stage.js';
export { fallbackStage } from './fallback-stage.js';
export { pickResponse } from './pick-response.js';
export { defaultHandoffIntents, defaultKnowledgeOverWeakIntent, defaultStrongIntentConfidence, runPipeline } from './run-pipeline.js';
