import { buildGroundedPrompt } from './build-grounded-prompt.js';
import type { HandoffReason } from './detect-handoff.js';
import { fallbackStage } from './fallback-stage.js';
import { handoffStage } from './handoff-stage.js';
import { intentStage } from './intent-stage.js';
import { knowledgeStage, sourceOf } from './knowledge-stage.js';
import { llmStage } from './llm-stage.js';
import { pickResponse } from './pick-response.js';
import { pipelineMessages } from './pipeline-messages.js';
import type {
  AnswerResult,
  HandoffResult,
  IntentResponse,
  KnowledgeHit,
  PipelineInput,
  PipelineOptions,
  PipelinePorts,
  PipelineResult,
  StageName,
  StageOutcome,
  StageRecord,
} from './pipeline-types.js';
import { ruleStage } from './rule-stage.js';

export const defaultHandoffIntents: readonly string[] = ['human'];
/** Below this confidence an intent yields to a knowledge answer (see the intent stage). */
export const defaultStrongIntentConfidence = 0.5;
/** The knowledge score that overrules a weak intent. */
export const defaultKnowledgeOverWeakIntent = 0.5;

/**
 * Answers one visitor message: handoff → rules → intent classifier → knowledge → LLM → fallback.
 * The first stage that answers wins, except that a weak intent (below `strongIntentConfidence`) waits for
 * knowledge and answers unless knowledge has a sure answer (`knowledgeOverWeakIntent`). Every stage that ran is timed with the clock port and recorded.
 * A failing port (search, model, LLM) is recorded as an `error` stage and the next stage runs.
 */
export async function runPipeline(input: PipelineInput, ports: PipelinePorts, options: PipelineOptions): Promise<PipelineResult> {
  const { clock } = ports;
  const started = clock.now();
  const stages: StageRecord[] = [];
  let stageStart = started;
  const record = (name: StageName, outcome: StageOutcome, detail?: string): void => {
    const now = clock.now();
    stages.push(detail === undefined ? { name, ms: now - stageStart, outcome } : { name, ms: now - stageStart, outcome, detail });
    stageStart = now;
  };
  const begin = (): void => {
    stageStart = clock.now();
  };
  const messages = pipelineMessages(input.locale, options.messages);
  const handoffIntents = options.handoffIntents ?? defaultHandoffIntents;
  const totalMs = (): number => clock.now() - started;

  const handoff = (reason: HandoffReason, intent?: string, confidence = 1): HandoffResult => ({
    kind: 'handoff',
    answeredBy: 'handoff',
    reason,
    text: messages.handoff,
    confidence,
    ...(intent === undefined ? {} : { intent }),
    stages,
    totalMs: totalMs(),
  });
  const answer = (parts: Omit<AnswerResult, 'kind' | 'stages' | 'totalMs'>): AnswerResult => ({ kind: 'answer', ...parts, stages, totalMs: totalMs() });
  const fromResponse = (response: IntentResponse): Pick<AnswerResult, 'text' | 'quickReplies' | 'links'> => ({
    text: response.text,
    ...(response.quickReplies && response.quickReplies.length > 0 ? { quickReplies: response.quickReplies } : {}),
    ...(response.links && response.links.length > 0 ? { links: response.links } : {}),
  });

  // 1. Handoff.
  begin();
  const detected = handoffStage(input);
  record('handoff', detected.outcome, detected.outcome === 'handoff' ? detected.reason : undefined);
  if (detected.outcome === 'silent') return { kind: 'silent', stages, totalMs: totalMs() };
  if (detected.outcome === 'handoff') return handoff(detected.reason);

  // 2. Rules.
  begin();
  try {
    const matched = ruleStage(await ports.intents.rules(input.botId), input.text, handoffIntents);
    if (matched.outcome === 'handoff') {
      record('rules', 'handoff', matched.rule.intent);
      return handoff('rule', matched.rule.intent);
    }
    if (matched.outcome === 'answered') {
      const response = pickResponse(await ports.intents.responses(input.botId, matched.rule.intent, input.locale), ports.random);
      if (response) {
        record('rules', 'answered', matched.rule.intent);
        return answer({ answeredBy: 'rule', confidence: 1, intent: matched.rule.intent, ...fromResponse(response) });
      }
      record('rules', 'no_match', `${matched.rule.intent}: no response`);
    } else {
      record('rules', 'no_match');
    }
  } catch (error) {
    record('rules', 'error', errorText(error));
  }

  // 3. Intent classifier. A weak intent (below `strongIntentConfidence`) answers only if knowledge has no
  // sure answer: an FAQ question that merely resembles an intent's training sentences gets its FAQ.
  let deferred: { readonly detail: string; readonly outcome: 'answered' | 'handoff'; readonly result: () => PipelineResult } | undefined;
  begin();
  try {
    const model = await ports.intents.model(input.botId);
    const classified = intentStage(model, input.text, {
      ...(options.intentThreshold === undefined ? {} : { threshold: options.intentThreshold }),
      handoffIntents,
    });
    if (classified.outcome === 'skipped') {
      record('intent', 'skipped', 'no model');
    } else if (classified.outcome === 'below_threshold') {
      const best = classified.classification.ranking[0];
      record('intent', 'below_threshold', best ? `${best.intent} ${best.confidence.toFixed(2)}` : undefined);
    } else {
      const { intent, outcome } = classified;
      const confidence = classified.classification.confidence;
      const detail = `${intent} ${confidence.toFixed(2)}`;
      const weak = confidence < (options.strongIntentConfidence ?? defaultStrongIntentConfidence);
      const response = outcome === 'handoff' ? undefined : pickResponse(await ports.intents.responses(input.botId, intent, input.locale), ports.random);
      const result =
        outcome === 'handoff'
          ? () => handoff('intent', intent, confidence)
          : response
            ? () => answer({ answeredBy: 'intent', confidence, intent, ...fromResponse(response) })
            : undefined;
      if (!result) {
        record('intent', 'no_match', `${detail}: no response`);
      } else if (weak) {
        record('intent', 'deferred', `${detail}: weak, knowledge first`);
        deferred = { detail, outcome, result };
      } else {
        record('intent', outcome, detail);
        return result();
      }
    }
  } catch (error) {
    record('intent', 'error', errorText(error));
  }

  // 4. Knowledge.
  begin();
  let passages: readonly KnowledgeHit[] = [];
  try {
    const found = await knowledgeStage(ports.knowledge, {
      botId: input.botId,
      text: input.text,
      threshold: options.knowledgeThreshold,
      limit: options.knowledgeLimit ?? 5,
    });
    passages = found.hits;
    const best = found.hits[0];
    const detail = best ? `${hitLabel(best)} ${best.score.toFixed(2)}` : undefined;
    if (found.outcome !== 'answered') {
      record('knowledge', found.outcome, detail);
    } else if (deferred && found.hit.score < (options.knowledgeOverWeakIntent ?? defaultKnowledgeOverWeakIntent)) {
      // Over a weak intent, only a sure knowledge hit answers: a marginal one is as likely to be wrong.
      record('knowledge', 'below_threshold', `${detail ?? ''}: not sure enough to overrule the intent`);
    } else {
      record('knowledge', 'answered', detail);
      return answer({ answeredBy: 'knowledge', confidence: found.hit.score, text: found.answer.text, sources: found.answer.sources });
    }
  } catch (error) {
    record('knowledge', 'error', errorText(error));
  }
  // The weak intent answers after all (recorded again, as the deciding stage).
  if (deferred) {
    begin();
    record('intent', deferred.outcome, `${deferred.detail}: knowledge had no sure answer`);
    return deferred.result();
  }

  // 5. LLM.
  if (options.llmEnabled && ports.llm) {
    begin();
    const grounded = passages.slice(0, options.llmPassages ?? 3);
    const request = buildGroundedPrompt({
      question: input.text,
      locale: input.locale,
      passages: grounded,
      ...(input.history ? { history: input.history } : {}),
      ...(options.botName === undefined ? {} : { botName: options.botName }),
    });
    const completed = await llmStage(ports.llm, request, options.onToken);
    if (completed.outcome === 'answered') {
      record('llm', 'answered', `${completed.completion.tokens} tokens`);
      const sources = uniqueSources(grounded);
      return answer({
        answeredBy: 'llm',
        confidence: grounded[0]?.score ?? 0,
        text: completed.completion.text,
        tokens: completed.completion.tokens,
        ...(sources.length > 0 ? { sources } : {}),
      });
    }
    record('llm', completed.outcome, completed.outcome === 'error' ? completed.error : undefined);
  } else {
    begin();
    record('llm', 'skipped', ports.llm ? 'disabled' : 'not configured');
  }

  // 6. Fallback.
  begin();
  const fallback = fallbackStage(messages);
  record('fallback', 'answered');
  return answer({ answeredBy: 'fallback', confidence: 0, text: fallback.text, quickReplies: fallback.quickReplies });
}

function uniqueSources(hits: readonly KnowledgeHit[]): { title: string; url?: string }[] {
  const seen = new Set<string>();
  const sources: { title: string; url?: string }[] = [];
  for (const hit of hits) {
    const source = sourceOf(hit);
    const key = `${source.title}\u0000${source.url ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push(source.url === undefined ? { title: source.title } : { title: source.title, url: source.url });
  }
  return sources;
}

/** A hit as a person recognises it in a trace: an FAQ's question, a chunk's title (quoted, shortened). */
function hitLabel(hit: KnowledgeHit): string {
  const name = (hit.kind === 'faq' ? hit.text : (hit.title ?? hit.source?.title ?? hit.text)).replace(/\s+/g, ' ').trim();
  return `“${name.length > 60 ? `${name.slice(0, 59)}…` : name}”`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
