import { tokenize } from './normalize-text.js';
import type { KnowledgeHit, KnowledgePort, Source } from './pipeline-types.js';

export interface KnowledgeDocument {
  readonly id: string;
  readonly kind: 'faq' | 'chunk';
  readonly title?: string;
  /** FAQ question or chunk text. */
  readonly text: string;
  /** Other phrasings of an FAQ question. */
  readonly variants?: readonly string[];
  readonly answer?: string;
  readonly source?: Source;
}

interface Indexed {
  readonly document: KnowledgeDocument;
  readonly terms: Map<string, number>;
  readonly length: number;
}

const k1 = 1.2;
const b = 0.75;
/** Questions and variants count this many times more than answer text. */
const questionWeight = 2;

/**
 * An in-memory knowledge port (BM25 over diacritic-free words), for tests, the evaluation CLI and bots
 * small enough to keep in memory. Hits are ranked by BM25, best first; `score` (0..1) is the IDF-weighted
 * share of the question's words found in the document, scaled down for weak BM25 matches.
 */
export function createMemoryKnowledge(documents: readonly KnowledgeDocument[]): KnowledgePort & { searchSync(query: string, limit: number): KnowledgeHit[] } {
  const indexed: Indexed[] = documents.map((document) => {
    const terms = new Map<string, number>();
    const add = (text: string, weight: number): void => {
      for (const term of searchTerms(text)) terms.set(term, (terms.get(term) ?? 0) + weight);
    };
    add(document.text, document.kind === 'faq' ? questionWeight : 1);
    for (const variant of document.variants ?? []) add(variant, questionWeight);
    if (document.title) add(document.title, 1);
    if (document.answer) add(document.answer, 1);
    let length = 0;
    for (const count of terms.values()) length += count;
    return { document, terms, length };
  });
  const df = new Map<string, number>();
  for (const { terms } of indexed) for (const term of terms.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = indexed.length;
  const averageLength = indexed.reduce((sum, entry) => sum + entry.length, 0) / Math.max(1, n);
  const idf = (term: string): number => {
    const d = df.get(term) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };

  const searchSync = (query: string, limit: number): KnowledgeHit[] => {
    const queryTerms = [...new Set(searchTerms(query.slice(0, 2000)))];
    const totalIdf = queryTerms.reduce((sum, term) => sum + idf(term), 0);
    if (totalIdf === 0) return [];
    const scored: { entry: Indexed; rank: number; score: number }[] = [];
    for (const entry of indexed) {
      let bm25 = 0;
      let covered = 0;
      for (const term of queryTerms) {
        const tf = entry.terms.get(term);
        if (!tf) continue;
        const weight = idf(term);
        covered += weight;
        bm25 += (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * entry.length) / averageLength));
      }
      if (bm25 <= 0) continue;
      const coverage = covered / totalIdf;
      const score = coverage * (bm25 / (bm25 + 1));
      scored.push({ entry, rank: bm25, score });
    }
    scored.sort((x, y) => y.rank - x.rank || (x.entry.document.id < y.entry.document.id ? -1 : 1));
    return scored.slice(0, Math.max(0, limit)).map(({ entry, score }) => toHit(entry.document, score));
  };
  return { search: async (_botId, query, limit) => searchSync(query, limit), searchSync };
}

/** Diacritic-free words, a trailing English plural "s" dropped. (Adding word pairs measured worse on the sample corpus.) */
function searchTerms(text: string): string[] {
  return tokenize(text).map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

function toHit(document: KnowledgeDocument, score: number): KnowledgeHit {
  return {
    id: document.id,
    kind: document.kind,
    text: document.text,
    score,
    ...(document.title === undefined ? {} : { title: document.title }),
    ...(document.answer === undefined ? {} : { answer: document.answer }),
    ...(document.source === undefined ? {} : { source: document.source }),
  };
}
