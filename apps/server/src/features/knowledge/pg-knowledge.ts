import { and, eq, inArray, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { documentChunks, documents, faqs, type Database } from '@parley/db';
import type { KnowledgeHit, KnowledgePort, QuickReply } from '@parley/assistant';
import { z } from 'zod';
import { queryTerms } from './search-terms.js';
import { storedQuickReplies } from './to-knowledge.js';
import { rowsOf } from '../../lib/rows-of.js';

/** A hit of the PostgreSQL knowledge port; FAQs also carry their quick replies. */
export interface PgKnowledgeHit extends KnowledgeHit {
  readonly quickReplies?: readonly QuickReply[];
}

/** Candidates (matching at least one word) scored per search, best `ts_rank_cd` first. */
export const maxCandidates = 100;
const maxLimit = 50;

/** BM25 constants, as in the in-memory index. */
const k1 = 1.2;
const b = 0.75;
/** Words of FAQ questions count this many times more than answer and document words. */
const questionWeight = 2;

/** Characters of hit text (questions, answers, chunks) kept in memory per process. */
export const detailsCacheChars = 4_000_000;

const Candidate = z
  .object({
    r_kind: z.enum(['faq', 'chunk']),
    r_id: z.string(),
    /** The row's version (xmin): a cached copy of its text is current while this matches. */
    r_version: z.string(),
    r_cd: z.coerce.number(),
    /** Distinct words of the row (length of its tsvector). */
    r_len: z.coerce.number(),
    r_total: z.coerce.number(),
    /** Bit 3i: query word i is in the row; bit 3i+1: in an FAQ question (weight A); bit 3i+2: in an FAQ answer (B). */
    r_mask: z.coerce.number(),
  })
  .transform((r) => ({ kind: r.r_kind, id: r.r_id, version: r.r_version, cd: r.r_cd, len: r.r_len, n: r.r_total, mask: r.r_mask }));
type Candidate = z.output<typeof Candidate>;
type Details = Omit<PgKnowledgeHit, 'score'>;

/**
 * The knowledge stage's port on PostgreSQL (or PGlite) full-text search.
 *
 * Retrieval: the question is folded like the stored text (lower case, no diacritics, đ → d, plural
 * "s" dropped) into distinct words, which become an OR tsquery (`'w1' | 'w2' | …`, built from letter
 * and digit tokens only, so operators in the input can never reach PostgreSQL). The GIN indexes find
 * every FAQ and document chunk of the bot holding at least one word; the best `maxCandidates` by
 * `ts_rank_cd` (weights: FAQ question A = 1, answer B = 0.4, chunk text 0.4) are kept with, per query
 * word, whether the row holds it, in an FAQ question and/or answer (tf = 2 for a question + 1 for the
 * answer; 1 in a chunk), and the row's length (distinct words of its tsvector).
 *
 * Ranking and score (same formula as the in-memory index, so thresholds mean the same):
 *   idf(w)   = ln(1 + (N − df(w) + 0.5) / (df(w) + 0.5))      N = FAQs + chunks of the bot,
 *                                                                df = candidates holding w (exact while
 *                                                                fewer than maxCandidates match)
 *   bm25     = Σ_w idf(w) · tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen))   (k1 1.2, b 0.75)
 *   coverage = Σ_{w found} idf(w) / Σ_{w in question} idf(w)    — the IDF-weighted share of the
 *                                                                question's words the hit contains
 *   score    = coverage · bm25 / (bm25 + 1)                     ∈ [0, 1)
 * Hits are ordered by bm25 (then ts_rank_cd). A hit missing the question's rare words, or matching
 * only common ones weakly, scores low; one holding all of them scores high — which is what makes
 * a knowledge threshold such as 0.35 meaningful.
 */
export function createPgKnowledge(db: Database): KnowledgePort & { search(botId: string, query: string, limit: number): Promise<PgKnowledgeHit[]> } {
  // The text of hits, by row id and version: an edited FAQ has a new version, so a copy is never stale,
  // and a visitor's usual question costs one statement instead of two.
  const cache = new LRUCache<string, Details>({ maxSize: detailsCacheChars, sizeCalculation: (d) => Math.max(1, d.text.length + (d.answer?.length ?? 0)) });
  const key = (c: Candidate): string => `${c.id}:${c.version}`;
  return {
    async search(botId, query, limit) {
      const terms = queryTerms(query);
      const take = Math.max(0, Math.min(maxLimit, Math.floor(limit)));
      if (terms.length === 0 || take === 0) return [];
      const ranked = rank(await findCandidates(db, botId, terms), terms).slice(0, take);
      const missing = ranked.map((r) => r.candidate).filter((c) => !cache.has(key(c)));
      if (missing.length > 0) {
        const loaded = await loadDetails(db, botId, missing);
        for (const c of missing) {
          const details = loaded.get(c.id);
          if (details) cache.set(key(c), details);
        }
      }
      return ranked.flatMap(({ candidate, score }) => {
        const hit = cache.get(key(candidate));
        return hit ? [{ ...hit, score }] : [];
      });
    },
  };
}

/**
 * The GIN indexes find the bot's FAQs and chunks holding any query word; the best `maxCandidates` by
 * ts_rank_cd come back as small rows: which query words each holds (and whether in an FAQ question),
 * its length and version, and N (all FAQs and chunks of the bot). One call of
 * `parley_knowledge_candidates` (migration 0006), whose plan the connection keeps; text is loaded
 * afterwards for the few hits returned only, and only when not cached.
 */
async function findCandidates(db: Database, botId: string, terms: readonly string[]): Promise<Candidate[]> {
  // Terms are letters and digits only (queryTerms), so a space joins them unambiguously.
  const result = await db.execute(sql`select * from parley_knowledge_candidates(${botId}, string_to_array(${terms.join(' ')}, ' '), ${maxCandidates})`);
  return z.array(Candidate).parse(rowsOf(result));
}

function rank(candidates: readonly Candidate[], terms: readonly string[]): { candidate: Candidate; bm25: number; score: number }[] {
  const first = candidates[0];
  if (!first) return [];
  const df = new Map<string, number>();
  // Weighted presence of each query word (the stored tsvectors' weights tell where it is).
  const counted = candidates.map((candidate) => {
    const tf = new Map<string, number>();
    terms.forEach((term, i) => {
      const bit = (k: number): boolean => Math.floor(candidate.mask / 2 ** (3 * i + k)) % 2 === 1;
      if (!bit(0)) return;
      // FAQ: questionWeight if in a question, + 1 if in the answer; a chunk's words: 1.
      const f = (bit(1) ? questionWeight : 0) + (bit(2) ? 1 : 0);
      tf.set(term, f > 0 ? f : 1);
      df.set(term, (df.get(term) ?? 0) + 1);
    });
    return { candidate, tf, length: candidate.len };
  });
  const n = Math.max(first.n, candidates.length);
  const idf = (term: string): number => {
    const d = df.get(term) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  const totalIdf = terms.reduce((sum, term) => sum + idf(term), 0);
  const averageLength = Math.max(1, counted.reduce((sum, c) => sum + c.length, 0) / counted.length);
  const scored = counted.map(({ candidate, tf, length }) => {
    let bm25 = 0;
    let covered = 0;
    for (const term of terms) {
      const f = tf.get(term);
      if (!f) continue;
      const weight = idf(term);
      covered += weight;
      bm25 += (weight * f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / averageLength));
    }
    const coverage = totalIdf > 0 ? covered / totalIdf : 0;
    return { candidate, bm25, score: coverage * (bm25 / (bm25 + 1)) };
  });
  return scored
    .filter((s) => s.bm25 > 0)
    .sort((x, y) => y.bm25 - x.bm25 || y.candidate.cd - x.candidate.cd || (x.candidate.id < y.candidate.id ? -1 : 1));
}

async function loadDetails(db: Database, botId: string, hits: readonly Candidate[]): Promise<Map<string, Details>> {
  const faqIds = hits.filter((c) => c.kind === 'faq').map((c) => c.id);
  const chunkIds = hits.filter((c) => c.kind === 'chunk').map((c) => c.id);
  const details = new Map<string, Details>();
  if (faqIds.length > 0) {
    const rows = await db
      .select({ id: faqs.id, questions: faqs.questions, answer: faqs.answer, quickReplies: faqs.quickReplies })
      .from(faqs)
      .where(and(eq(faqs.botId, botId), inArray(faqs.id, faqIds)));
    for (const row of rows) {
      const question = row.questions[0] ?? '';
      const quickReplies = storedQuickReplies(row.quickReplies);
      details.set(row.id, {
        id: row.id,
        kind: 'faq',
        title: question,
        text: question,
        answer: row.answer,
        source: { title: question },
        ...(quickReplies.length > 0 ? { quickReplies } : {}),
      });
    }
  }
  if (chunkIds.length > 0) {
    const rows = await db
      .select({ id: documentChunks.id, heading: documentChunks.heading, text: documentChunks.text, title: documents.title, sourceUrl: documents.sourceUrl })
      .from(documentChunks)
      .innerJoin(documents, eq(documents.id, documentChunks.documentId))
      .where(and(eq(documentChunks.botId, botId), inArray(documentChunks.id, chunkIds)));
    for (const row of rows) {
      const title = row.heading && row.heading !== row.title ? `${row.title} — ${row.heading}` : row.title;
      details.set(row.id, {
        id: row.id,
        kind: 'chunk',
        title,
        text: row.text,
        source: row.sourceUrl ? { title: row.title, url: row.sourceUrl } : { title: row.title },
      });
    }
  }
  return details;
}
