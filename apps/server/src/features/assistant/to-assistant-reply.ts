import type { HandoffReason as PipelineHandoffReason, PipelineResult, RichParts } from '@parley/assistant';
import { SafeUrl, type AssistantTestResult, type HandoffReason, type MessageRich, type StageRecord } from '@parley/contracts';
import type { AssistantReply, AssistantTrace } from './assistant-port.js';

const handoffReasons: Record<PipelineHandoffReason, HandoffReason> = {
  explicit_request: 'request',
  rule: 'rule',
  intent: 'intent',
};

/** The package's handoff reason as the API names it. */
export const toHandoffReason = (reason: PipelineHandoffReason): HandoffReason => handoffReasons[reason];

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const safeUrl = (url: string | undefined): string | undefined => (url !== undefined && SafeUrl.safeParse(url).success ? url.trim() : undefined);

/**
 * The rich parts as a message may carry them (the contract's limits): at most 10 of each, labels and titles
 * cut to length, links and sources only with http(s) URLs. Null when there are none.
 */
export function toMessageRich(parts: RichParts): MessageRich | null {
  const quickReplies = (parts.quickReplies ?? [])
    .filter((q) => q.label.trim() !== '')
    .slice(0, 10)
    .map((q) => ({ label: clip(q.label.trim(), 80), ...(q.payload?.trim() ? { payload: clip(q.payload.trim(), 500) } : {}) }));
  const links = (parts.links ?? []).flatMap((l) => {
    const url = safeUrl(l.url);
    return url && l.label.trim() !== '' ? [{ label: clip(l.label.trim(), 120), url }] : [];
  });
  const sources = (parts.sources ?? []).map((s) => {
    const url = safeUrl(s.url);
    return { title: clip(s.title, 300), ...(url ? { url } : {}) };
  });
  const rich: MessageRich = {
    ...(quickReplies.length > 0 ? { quickReplies } : {}),
    ...(links.length > 0 ? { links: links.slice(0, 10) } : {}),
    ...(sources.length > 0 ? { sources: sources.slice(0, 10) } : {}),
  };
  return Object.keys(rich).length > 0 ? rich : null;
}

const stagesOf = (result: PipelineResult): StageRecord[] =>
  result.stages.map((s) => ({ name: s.name, ms: s.ms, outcome: s.outcome, ...(s.detail === undefined ? {} : { detail: s.detail }) }));

function traceOf(result: PipelineResult): AssistantTrace {
  return {
    stages: stagesOf(result),
    totalMs: result.totalMs,
    ...(result.kind !== 'silent' && result.intent !== undefined ? { intent: result.intent } : {}),
    ...(result.kind === 'answer' && result.tokens !== undefined ? { tokens: result.tokens } : {}),
  };
}

/** What the conversation service stores and sends; null when the bot stays silent. */
export function toAssistantReply(result: PipelineResult): AssistantReply | null {
  if (result.kind === 'silent') return null;
  const reply: AssistantReply = {
    body: result.text,
    answeredBy: result.answeredBy,
    confidence: result.confidence,
    rich: toMessageRich(result),
    trace: traceOf(result),
    latencyMs: Math.round(result.totalMs),
  };
  return result.kind === 'handoff' ? { ...reply, handoff: toHandoffReason(result.reason) } : reply;
}

/** The test console's view of a run: which stage answered, how sure, and each stage's time. */
export function toAssistantTestResult(result: PipelineResult): AssistantTestResult {
  const stages = stagesOf(result);
  if (result.kind === 'silent') {
    return { kind: 'silent', answeredBy: null, text: null, confidence: null, intent: null, rich: {}, stages, totalMs: result.totalMs };
  }
  return {
    kind: result.kind,
    answeredBy: result.answeredBy,
    text: result.text,
    confidence: result.confidence,
    intent: result.intent ?? null,
    rich: toMessageRich(result) ?? {},
    stages,
    totalMs: result.totalMs,
  };
}
