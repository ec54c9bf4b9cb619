import type { AssistantTestResult, StageRecord } from '@parley/contracts';

export interface StageRow {
  stage: string;
  outcome: string;
  ms: string;
  detail: string;
  /** The stage that produced the answer (or the handoff). */
  decisive: boolean;
}

const stageLabels: Record<StageRecord['name'], string> = {
  handoff: 'Handoff detection',
  rules: 'Rules',
  intent: 'Intent classifier',
  knowledge: 'Knowledge (FAQs and documents)',
  llm: 'LLM fallback',
  fallback: 'Fallback',
};

const outcomeLabels: Record<StageRecord['outcome'], string> = {
  answered: 'answered',
  handoff: 'handed off',
  silent: 'silent',
  no_match: 'no match',
  below_threshold: 'below threshold',
  deferred: 'weak: knowledge first',
  skipped: 'skipped',
  error: 'error',
};

/** Milliseconds for a timing table: sub-millisecond times keep two decimals. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

export function formatConfidence(confidence: number | null | undefined): string {
  return typeof confidence === 'number' && Number.isFinite(confidence) ? confidence.toFixed(2) : '—';
}

/** The rows of the test console's per-stage table, in pipeline order. */
export function stageRows(stages: readonly StageRecord[]): StageRow[] {
  return stages.map((s) => ({
    stage: stageLabels[s.name],
    outcome: outcomeLabels[s.outcome],
    ms: formatMs(s.ms),
    detail: s.detail ?? '',
    decisive: s.outcome === 'answered' || s.outcome === 'handoff',
  }));
}

/** One line summing up a test run, e.g. "knowledge · 0.87 in 3.2 ms". */
export function summarizeResult(result: AssistantTestResult): string {
  const by = result.kind === 'silent' ? 'silent (human mode)' : (result.answeredBy ?? result.kind);
  const confidence = result.confidence === null ? '' : ` · ${formatConfidence(result.confidence)}`;
  return `${by}${confidence} in ${formatMs(result.totalMs)}`;
}
