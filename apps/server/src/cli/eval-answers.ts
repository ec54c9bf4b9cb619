import { readFileSync } from 'node:fs';
import {
  knowledgeStage,
  latencySummary,
  parseQaCorpus,
  rankingMetrics,
  type AnswerEvaluation,
  type KnowledgePort,
  type QaCorpus,
  type RankedResult,
} from '@parley/assistant';
import { createDatabase, type DatabaseHandle } from '@parley/db';
import { createStores } from '../features/data-store.js';
import { createPgKnowledge } from '../features/knowledge/pg-knowledge.js';
import { createSetupService } from '../features/setup/setup-service.js';

/** The threshold a new bot answers from knowledge with (bot_assistant_settings.knowledge_threshold's default). */
export const defaultKnowledgeThreshold = 0.35;

export interface LoadedQaCorpus {
  readonly database: DatabaseHandle;
  readonly botId: string;
  readonly knowledge: KnowledgePort;
  /** Corpus document id → FAQ id in the database. */
  readonly faqIds: ReadonlyMap<string, string>;
}

/**
 * A fresh in-memory PGlite database holding the corpus: one organization, one bot, and each corpus
 * document stored as an FAQ through the FAQ store (so it is folded and indexed as in production).
 */
export async function loadQaCorpus(corpus: QaCorpus, database: DatabaseHandle = createDatabase({})): Promise<LoadedQaCorpus> {
  await database.migrate();
  const { orgId } = await createSetupService(database.db).createAdmin({
    email: `eval-${Date.now().toString(36)}@parley.invalid`,
    password: crypto.randomUUID(),
    orgName: 'Evaluation',
  });
  const stores = createStores(database.db);
  const bot = await stores.bots.create(orgId, { name: 'Evaluation bot', identitySecret: crypto.randomUUID() });
  const faqIds = new Map<string, string>();
  const at = new Date();
  for (const doc of corpus.documents) {
    const faq = await stores.faqs.create(orgId, bot.id, { questions: [doc.question, ...doc.variants], answer: doc.answer, locale: 'en', quickReplies: [] }, at);
    faqIds.set(doc.id, faq.id);
  }
  return { database, botId: bot.id, knowledge: createPgKnowledge(database.db), faqIds };
}

export interface AnswersReport extends AnswerEvaluation {
  readonly documents: number;
  readonly threshold: number;
  /** Share of questions the knowledge stage answers (best hit at or above the threshold). */
  readonly answered: number;
  /** Of those, the share answered with the expected document. */
  readonly answeredCorrectly: number;
}

/** Runs every question through the knowledge stage the bot uses and scores the ranking and the answers. */
export async function evaluateQaCorpus(corpus: QaCorpus, loaded: LoadedQaCorpus, threshold = defaultKnowledgeThreshold): Promise<AnswersReport> {
  const questions = corpus.questions.map((q) => ({ text: q.text, expected: loaded.faqIds.get(q.expected) ?? q.expected }));
  const stage = (text: string) => knowledgeStage(loaded.knowledge, { botId: loaded.botId, text, threshold, limit: 5 });
  // Warm-up: the first searches plan queries and warm the JIT; they are not measured.
  for (const question of questions.slice(0, 10)) await stage(question.text);
  const samples: number[] = [];
  const results: RankedResult[] = [];
  let answered = 0;
  let correct = 0;
  for (const question of questions) {
    const start = performance.now();
    const result = await stage(question.text);
    samples.push(performance.now() - start);
    results.push({ expected: question.expected, ranked: result.hits.map((hit) => hit.id) });
    if (result.outcome === 'answered') {
      answered++;
      if (result.hit.id === question.expected) correct++;
    }
  }
  return {
    ranking: rankingMetrics(results),
    latency: latencySummary(samples),
    documents: corpus.documents.length,
    threshold,
    answered: questions.length === 0 ? 0 : answered / questions.length,
    answeredCorrectly: answered === 0 ? 0 : correct / answered,
  };
}

export function formatAnswersReport(report: AnswersReport, database: string): string {
  const f = (x: number) => x.toFixed(2);
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  return [
    `Knowledge stage on ${database}: ${report.documents} FAQs, ${report.ranking.total} questions, threshold ${report.threshold}`,
    `  hit@1  ${f(report.ranking.hitAt1)}`,
    `  hit@3  ${f(report.ranking.hitAt3)}`,
    `  MRR    ${f(report.ranking.mrr)}`,
    `  answered ${f(report.answered)} of questions (best hit ≥ threshold), ${f(report.answeredCorrectly)} of those with the expected FAQ`,
    `  latency per question: p50 ${ms(report.latency.p50)}, p99 ${ms(report.latency.p99)}`,
  ].join('\n');
}

/** `parley eval answers <qa.json>`: 0 when evaluated, 2 when the file is missing or invalid. */
export async function evalAnswersCommand(args: readonly string[]): Promise<number> {
  const [path, extra] = args;
  if (!path || extra !== undefined) {
    console.error('eval answers needs exactly one file: parley eval answers <qa.json>');
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    console.error(`Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const parsed = parseQaCorpus(json);
  if (!parsed.ok) {
    console.error(`Invalid Q&A corpus ${path}: ${parsed.error}`);
    return 2;
  }
  const loaded = await loadQaCorpus(parsed.value);
  try {
    console.log(formatAnswersReport(await evaluateQaCorpus(parsed.value, loaded), 'PGlite (in memory)'));
    return 0;
  } finally {
    await loaded.database.close();
  }
}
