import type { KnowledgePort } from '@parley/assistant';
import type { EventBus } from '../../events/domain-events.js';
import type { Stores, Transact } from '../data-store.js';
import { createTtlCache } from '../../lib/ttl-cache.js';
import { createIntentRuntime } from '../intents/intent-runtime.js';
import { createIntentService } from '../intents/intent-service.js';
import { createIntentTrainer } from '../intents/intent-trainer.js';
import { createAssistantSettingsService } from './assistant-settings-service.js';
import { conversationHistory } from './conversation-history.js';
import type { LlmProvider } from './llm-provider.js';
import { noLlmProvider } from './no-llm-provider.js';
import { createPipelineAssistant } from './pipeline-assistant.js';
import type { WorkflowPort } from './workflow-port.js';
import type { UrlGuard } from './assistant-settings-service.js';

export interface AssistantFeatureDeps {
  stores: Stores;
  transact: Transact;
  events: EventBus;
  now: () => Date;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** FAQ and document search (PostgreSQL full-text); nothing is found without it. */
  knowledge?: KnowledgePort;
  llm?: LlmProvider;
  workflow?: WorkflowPort;
  /** Refuses workflow and per-bot LLM URLs on private or loopback addresses (SSRF); none checked without it. */
  urlGuard?: UrlGuard;
  /** Debounce of background training after intent writes (default 200 ms). */
  trainDebounceMs?: number;
}

const noKnowledge: KnowledgePort = { search: async () => [] };

/**
 * How long whether a bot has intents, FAQs or documents is kept in memory (asked on every visitor message).
 * Writes drop it at once on this node and, through the adapter, on the others (`knowledge.changed`, wired in app.ts).
 */
export const HAS_KNOWLEDGE_TTL_MS = 5_000;

/** The hybrid assistant's server side: settings, intents and their trainer, and the pipeline answering visitors. */
export function createAssistantFeature(deps: AssistantFeatureDeps) {
  const { stores, events, now, log } = deps;
  const llm = deps.llm ?? noLlmProvider;
  const knowledge = deps.knowledge ?? noKnowledge;
  const settings = createAssistantSettingsService({ stores, events, llm, now, ...(deps.urlGuard ? { urlGuard: deps.urlGuard } : {}) });
  const runtime = createIntentRuntime({ stores });
  const trainer = createIntentTrainer({
    stores,
    now,
    log,
    ...(deps.trainDebounceMs === undefined ? {} : { debounceMs: deps.trainDebounceMs }),
    onTrained: (orgId, botId) => runtime.invalidate(orgId, botId),
  });
  const intents = createIntentService({
    stores,
    transact: deps.transact,
    now,
    onChanged: (orgId, botId) => {
      runtime.invalidate(orgId, botId);
      trainer.kick(orgId, botId);
      events.emit({ type: 'knowledge.changed', orgId, botId });
    },
  });
  const hasKnowledge = createTtlCache<string, boolean>({ ttlMs: HAS_KNOWLEDGE_TTL_MS, maxEntries: 100_000, now: () => Date.now() });
  const forgetKnowledge = (orgId: string, botId: string): void => hasKnowledge.invalidate(`${orgId}|${botId}`);
  events.subscribe((event) => {
    // A deleted or changed bot: its versions are read again (a deleted bot's intents and model go with it).
    if (event.type !== 'bot.changed') return;
    runtime.invalidate(event.orgId, event.botId);
    forgetKnowledge(event.orgId, event.botId);
  });
  const assistant = createPipelineAssistant({
    profile: (orgId, botId) => settings.profile(orgId, botId),
    hasKnowledge: (orgId, botId) => hasKnowledge.get(`${orgId}|${botId}`, () => stores.assistantSettings.hasKnowledge(orgId, botId)),
    intents: runtime,
    knowledgeFor: () => knowledge,
    llm,
    workflow: deps.workflow,
    history: conversationHistory(stores),
  });
  return {
    settings,
    intents,
    trainer,
    runtime,
    assistant,
    /** The bot's intents, FAQs or documents changed (knowledge.changed, here or on another node). */
    forgetKnowledge,
  };
}
export type AssistantFeature = ReturnType<typeof createAssistantFeature>;
