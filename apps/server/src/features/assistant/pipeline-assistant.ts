import {
  runPipeline,
  type ChatMessage,
  type IntentsPort,
  type KnowledgeHit,
  type KnowledgePort,
  type LlmPort,
  type PipelineResult,
  type QuickReply,
} from '@parley/assistant';
import { AssistantMessages, type Locale, type AssistantTestBody, type AssistantTestResult } from '@parley/contracts';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { AnswerStream, AssistantInput, AssistantPort, AssistantReply } from './assistant-port.js';
import type { AssistantSettingsRow } from './assistant-settings-store.js';
import type { BotAssistantProfile } from './assistant-settings-service.js';
import { awayMessageAssistant } from './away-message-assistant.js';
import type { BotLlmSettings, LlmProvider } from './llm-provider.js';
import { toAssistantReply, toAssistantTestResult } from './to-assistant-reply.js';
import type { WorkflowPort } from './workflow-port.js';
import { LocaleOrEn } from '../../lib/locale-or-en.js';

/** Earlier turns given to the LLM. */
export const HISTORY_TURNS = 6;

export interface PipelineAssistantDeps {
  /** The bot's settings (cached briefly); throws not_found for a bot of another organization. */
  profile(orgId: string, botId: string): Promise<BotAssistantProfile>;
  /** Whether the bot has intents, FAQs or documents. */
  hasKnowledge(orgId: string, botId: string): Promise<boolean>;
  intents: {
    port(orgId: string): IntentsPort;
    handoffIntents(orgId: string, botId: string): Promise<readonly string[]>;
  };
  /** FAQ and document search for one organization's bots. */
  knowledgeFor(orgId: string): KnowledgePort;
  llm?: LlmProvider | undefined;
  workflow?: WorkflowPort | undefined;
  /** The conversation's messages before `beforeSeq`, oldest first (for the LLM). */
  history?: ((orgId: string, conversationId: string, beforeSeq: number, turns: number) => Promise<ChatMessage[]>) | undefined;
  /** What a bot with nothing to answer from does (default: the away message). */
  away?: AssistantPort;
  /** Monotonic milliseconds (default performance.now). */
  clock?: () => number;
  /** Picks among an intent's responses (default Math.random). */
  random?: () => number;
}

export const botLlmSettings = (s: AssistantSettingsRow): BotLlmSettings => ({
  orgId: s.orgId,
  botId: s.botId,
  llmBaseUrl: s.llmBaseUrl,
  llmModel: s.llmModel,
  llmApiKey: s.llmApiKey,
  llmMonthlyTokenBudget: s.llmMonthlyTokenBudget,
});

/** The bot's own texts; a stored value this build cannot read falls back to the defaults. */
const StoredMessages = AssistantMessages.catch({});

const HitQuickReplies = z.array(z.object({ label: z.string(), payload: z.string().optional() })).catch([]);

function quickRepliesOf(hit: KnowledgeHit | undefined): QuickReply[] {
  return hit && 'quickReplies' in hit ? HitQuickReplies.parse(hit.quickReplies).map((q) => (q.payload === undefined ? { label: q.label } : { label: q.label, payload: q.payload })) : [];
}

/** Remembers the best hit of the run's search. */
function recordingBestHit(port: KnowledgePort): { port: KnowledgePort; best: () => KnowledgeHit | undefined } {
  let best: KnowledgeHit | undefined;
  return {
    port: {
      async search(botId, query, limit) {
        const hits = await port.search(botId, query, limit);
        best = hits[0];
        return hits;
      },
    },
    best: () => best,
  };
}

export interface PipelineAssistant extends AssistantPort {
  /** The test console: the same pipeline, no conversation and nothing stored; the LLM only when asked for. */
  test(orgId: string, botId: string, body: AssistantTestBody): Promise<AssistantTestResult>;
}

interface Run {
  text: string;
  locale: Locale;
  humanMode: boolean;
  llm: LlmPort | undefined;
  history?: readonly ChatMessage[];
  onToken?: (token: string) => void;
}

/**
 * Answers visitor messages by the bot's settings: `off` is silent; `workflow` forwards the message to the
 * bot's external workflow (which answers later through the API); `pipeline` runs handoff → rules → intents →
 * knowledge → LLM → fallback. A bot with nothing to answer from (no intents, FAQs, documents or LLM) keeps
 * the away message. The same run serves the dashboard's test console.
 */
export function createPipelineAssistant(deps: PipelineAssistantDeps): PipelineAssistant {
  const clock = deps.clock ?? (() => performance.now());
  const random = deps.random ?? Math.random;
  const away = deps.away ?? awayMessageAssistant;
  const llmOf = (settings: AssistantSettingsRow): LlmPort | undefined => (settings.llmEnabled ? deps.llm?.forBot(botLlmSettings(settings)) : undefined);

  async function run(orgId: string, profile: BotAssistantProfile, r: Run): Promise<PipelineResult> {
    const { settings } = profile;
    const botId = settings.botId;
    const knowledge = recordingBestHit(deps.knowledgeFor(orgId));
    const result = await runPipeline(
      { botId, text: r.text, locale: r.locale, humanMode: r.humanMode, ...(r.history ? { history: r.history } : {}) },
      { knowledge: knowledge.port, intents: deps.intents.port(orgId), llm: r.llm, clock: { now: clock }, random },
      {
        ...(settings.intentThreshold === null ? {} : { intentThreshold: settings.intentThreshold }),
        knowledgeThreshold: settings.knowledgeThreshold,
        llmEnabled: r.llm !== undefined,
        handoffIntents: await deps.intents.handoffIntents(orgId, botId),
        botName: profile.botName,
        messages: StoredMessages.parse(settings.messages),
        ...(r.onToken ? { onToken: r.onToken } : {}),
      },
    );
    // An FAQ answers with its quick replies (the knowledge stage answers with its best hit).
    if (result.kind !== 'answer' || result.answeredBy !== 'knowledge' || result.quickReplies) return result;
    const quickReplies = quickRepliesOf(knowledge.best());
    return quickReplies.length > 0 ? { ...result, quickReplies } : result;
  }

  return {
    async answer(input: AssistantInput, stream?: AnswerStream): Promise<AssistantReply | null> {
      const profile = await deps.profile(input.orgId, input.botId);
      const { settings } = profile;
      if (settings.mode === 'off') return null;
      if (settings.mode === 'workflow') {
        if (settings.workflowUrl === null || !deps.workflow) return away.answer(input);
        await deps.workflow.forward(input, settings.workflowUrl);
        return null;
      }
      if (input.humanMode || input.superseded) return null;
      const llm = llmOf(settings);
      if (!llm && !(await deps.hasKnowledge(input.orgId, input.botId))) return away.answer(input);
      const history = llm && deps.history ? await deps.history(input.orgId, input.conversationId, input.seq, HISTORY_TURNS) : undefined;
      const result = await run(input.orgId, profile, {
        text: input.text,
        locale: input.locale,
        humanMode: input.humanMode,
        llm,
        ...(history ? { history } : {}),
        ...(stream ? { onToken: (token: string) => stream.onToken(token) } : {}),
      });
      return toAssistantReply(result);
    },

    /** The test console: the same pipeline, no conversation and nothing stored; the LLM only when asked for. */
    async test(orgId: string, botId: string, body: AssistantTestBody): Promise<AssistantTestResult> {
      const profile = await deps.profile(orgId, botId);
      const result = await run(orgId, profile, {
        text: body.text,
        locale: body.locale ?? LocaleOrEn.parse(profile.botLocale),
        humanMode: false,
        llm: body.useLlm ? llmOf(profile.settings) : undefined,
      });
      return toAssistantTestResult(result);
    },
  };
}
