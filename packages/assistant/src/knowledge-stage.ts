import type { KnowledgeHit, KnowledgePort, Source } from './pipeline-types.js';

export interface KnowledgeAnswer {
  readonly text: string;
  readonly sources: readonly Source[];
}

export type KnowledgeStageResult =
  | { readonly outcome: 'answered'; readonly hit: KnowledgeHit; readonly answer: KnowledgeAnswer; readonly hits: readonly KnowledgeHit[] }
  | { readonly outcome: 'below_threshold' | 'no_match'; readonly hits: readonly KnowledgeHit[] };

/** Searches the bot's FAQs and document chunks; the first (best) hit answers when its score reaches the threshold. */
export async function knowledgeStage(
  knowledge: KnowledgePort,
  query: { readonly botId: string; readonly text: string; readonly threshold: number; readonly limit: number },
): Promise<KnowledgeStageResult> {
  const text = query.text.trim();
  if (text === '') return { outcome: 'no_match', hits: [] };
  // The port returns hits best first; its ranking is kept (the score is the confidence of each hit).
  const hits = await knowledge.search(query.botId, text, query.limit);
  const best = hits[0];
  if (!best) return { outcome: 'no_match', hits };
  if (best.score < query.threshold) return { outcome: 'below_threshold', hits };
  return { outcome: 'answered', hit: best, answer: knowledgeAnswer(best), hits };
}

/** An FAQ answers with its answer, a document chunk with its text; both name their source. */
export function knowledgeAnswer(hit: KnowledgeHit): KnowledgeAnswer {
  const text = hit.kind === 'faq' && hit.answer !== undefined && hit.answer.trim() !== '' ? hit.answer : hit.text;
  return { text: text.trim(), sources: [sourceOf(hit)] };
}

export function sourceOf(hit: KnowledgeHit): Source {
  return hit.source ?? { title: hit.title ?? (hit.kind === 'faq' ? hit.text : 'Document') };
}
