// npm run bench:assistant — the assistant's fast path (handoff → rules → intent classifier → knowledge, no LLM)
// on the sample corpora, with knowledge retrieval on PostgreSQL full text next to the in-memory BM25 index.
//
// The intent classifier is trained (trainIntentClassifier) on the training sentences of
// packages/assistant/corpus/intents.sample.json; small-talk intents answer from a response, topical intents
// (shipping, returns, payment…) have none, so those messages go on to knowledge, as in a shop whose
// answers live in its FAQs. The FAQs of packages/assistant/corpus/qa.sample.json are stored through the
// server's FAQ store (folded and indexed as in production) in PGlite — or in PostgreSQL with
// BENCH_DATABASE_URL — and searched by createPgKnowledge. The messages are the held-out intent sentences
// and every Q&A question, each run through runPipeline from @parley/assistant (LLM disabled).
// The baseline is the same pipeline with createMemoryKnowledge over the same FAQs. A throwaway PostgreSQL
// (initdb in a temp dir, as the tests do) is measured too when BENCH_POSTGRES=1.
//
// Then the right answers on the labelled messages (held-out intent sentences with a response or handoff, every
// Q&A question), with weak intents yielding to sure knowledge hits (the default) and in the old order.
// Options (env): BENCH_DATABASE_URL=postgres://… (instead of PGlite)  BENCH_POSTGRES=1  BENCH_SHOW_WRONG=1  BENCH_ROUNDS=5 (measured
// passes over all messages)  BENCH_WARMUP=2
import { readFileSync } from 'node:fs';
import {
  compileRules,
  createMemoryKnowledge,
  defaultOutOfScopeLabel,
  latencySummary,
  parseIntentCorpus,
  parseQaCorpus,
  prepareIntentModel,
  runPipeline,
  trainIntentClassifier,
  type IntentResponse,
  type IntentsPort,
  type KnowledgePort,
  type Locale,
  type PipelineResult,
  type StageName,
} from '@parley/assistant';
import { createDatabase } from '@parley/db';
import { loadQaCorpus } from '../apps/server/src/cli/eval-answers.js';
import { startPostgres } from '../apps/server/src/test/postgres-server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const THROWAWAY_POSTGRES = process.env.BENCH_POSTGRES === '1';
const KNOWLEDGE_THRESHOLD = 0.35;

/** The corpus's Vietnamese messages are the ones with Vietnamese letters. */
const localeOf = (text: string): Locale => (/[àáảãạăâđèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ]/i.test(text) ? 'vi' : 'en');
const corpus = (name: string): unknown => JSON.parse(readFileSync(new URL(`../packages/assistant/corpus/${name}`, import.meta.url), 'utf8'));

interface Figures {
  name: string;
  answers: number;
  answersPerSecond: number;
  p50: number;
  p99: number;
  withoutLlm: number;
  answeredBy: Record<string, number>;
  stageP50: Partial<Record<StageName, number>>;
}

async function measure(name: string, knowledge: KnowledgePort, intents: IntentsPort, botId: string, messages: readonly { text: string; locale: Locale }[]): Promise<Figures> {
  const clock = { now: () => performance.now() };
  const ask = (message: { text: string; locale: Locale }): Promise<PipelineResult> =>
    runPipeline({ botId, text: message.text, locale: message.locale, humanMode: false }, { knowledge, intents, clock }, { knowledgeThreshold: KNOWLEDGE_THRESHOLD, llmEnabled: false });
  for (let round = 0; round < WARMUP; round++) for (const message of messages) await ask(message);
  const totals: number[] = [];
  const stages = new Map<StageName, number[]>();
  const answeredBy: Record<string, number> = {};
  let withoutLlm = 0;
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const message of messages) {
      const start = performance.now();
      const result = await ask(message);
      totals.push(performance.now() - start);
      const by = result.kind === 'silent' ? 'silent' : result.answeredBy;
      answeredBy[by] = (answeredBy[by] ?? 0) + 1;
      if (by !== 'llm' && by !== 'fallback' && by !== 'silent') withoutLlm++;
      for (const stage of result.stages) {
        const list = stages.get(stage.name) ?? [];
        list.push(stage.ms);
        stages.set(stage.name, list);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const latency = latencySummary(totals);
  const stageP50: Partial<Record<StageName, number>> = {};
  for (const [stage, samples] of stages) stageP50[stage] = latencySummary(samples).p50;
  return { name, answers: totals.length, answersPerSecond: totals.length / seconds, p50: latency.p50, p99: latency.p99, withoutLlm: withoutLlm / totals.length, answeredBy, stageP50 };
}

async function main(): Promise<void> {
  const intentsCorpus = parseIntentCorpus(corpus('intents.sample.json'));
  const qa = parseQaCorpus(corpus('qa.sample.json'));
  if (!intentsCorpus.ok) throw new Error(intentsCorpus.error);
  if (!qa.ok) throw new Error(qa.error);

  const trainStart = performance.now();
  const model = trainIntentClassifier(
    intentsCorpus.value.sentences.filter((s) => s.training),
    { outOfScopeLabel: defaultOutOfScopeLabel },
  );
  prepareIntentModel(model);
  const trainMs = performance.now() - trainStart;
  const { rules } = compileRules([
    { kind: 'exact', pattern: 'hi', intent: 'greeting' },
    { kind: 'keyword', pattern: 'nhân viên', intent: 'human' },
    { kind: 'regex', pattern: '\\border\\s*#?\\d{4,}', intent: 'order_status' },
  ]);
  const responses: Record<string, IntentResponse[]> = {
    greeting: [{ text: 'Hello! How can I help?' }],
    goodbye: [{ text: 'Goodbye!' }],
    thanks: [{ text: 'You are welcome.' }],
    order_status: [{ text: 'You can follow your order under My orders.', quickReplies: [{ label: 'Talk to a person' }] }],
  };
  const intents: IntentsPort = { model: () => model, rules: () => rules, responses: (_botId, intent) => responses[intent] ?? [] };

  const messages = [
    ...intentsCorpus.value.sentences.filter((s) => !s.training).map((s) => s.text),
    ...qa.value.questions.map((q) => q.text),
  ].map((text) => ({ text, locale: localeOf(text) }));

  const database = createDatabase(DATABASE_URL ? { url: DATABASE_URL, poolMax: 2 } : {});
  const loaded = await loadQaCorpus(qa.value, database);
  const memory = createMemoryKnowledge(qa.value.documents.map((d) => ({ id: d.id, kind: 'faq', text: d.question, variants: d.variants, answer: d.answer })));
  const where = database.kind === 'postgres' ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'PGlite (in memory)';
  console.log(
    `bench:assistant — ${messages.length} messages × ${ROUNDS} rounds (after ${WARMUP} warm-up), ${qa.value.documents.length} FAQs, classifier trained on ${intentsCorpus.value.sentences.filter((s) => s.training).length} examples in ${trainMs.toFixed(0)} ms; node ${process.version}`,
  );
  const pg = THROWAWAY_POSTGRES ? await startPostgres() : undefined;
  const pgDatabase = pg ? createDatabase({ url: pg.socketUrl, poolMax: 2 }) : undefined;
  try {
    // The baseline first, then PostgreSQL full text: same messages, same pipeline.
    const results = [await measure('memory BM25', memory, intents, 'bench', messages), await measure(`PG full text, ${where}`, loaded.knowledge, intents, loaded.botId, messages)];
    if (pgDatabase) {
      const onPg = await loadQaCorpus(qa.value, pgDatabase);
      results.push(await measure('PG full text, PostgreSQL 15 (local socket)', onPg.knowledge, intents, onPg.botId, messages));
    }
    const ms = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));
    console.table(
      results.map((r) => ({
        knowledge: r.name,
        'answers/s': r.answersPerSecond.toFixed(0),
        'p50 ms': ms(r.p50),
        'p99 ms': ms(r.p99),
        'no LLM needed': `${(r.withoutLlm * 100).toFixed(0)} %`,
        'handoff p50': ms(r.stageP50.handoff),
        'rules p50': ms(r.stageP50.rules),
        'intent p50': ms(r.stageP50.intent),
        'knowledge p50': ms(r.stageP50.knowledge),
      })),
    );
    for (const r of results) {
      const by = Object.entries(r.answeredBy).map(([k, v]) => `${k} ${((v / r.answers) * 100).toFixed(0)} %`);
      console.log(`answered by (${r.name}): ${by.join(', ')}`);
    }
    // Right answers on the labelled messages, with weak intents yielding to knowledge (the pipeline's
    // default) and with the old order (every intent above the threshold answers first: strong at 0).
    const checks = [
      ...intentsCorpus.value.sentences
        .filter((s) => !s.training && (s.intent === 'human' || (responses[s.intent] ?? []).length > 0))
        .map((s) => ({ text: s.text, right: (r: PipelineResult) => (s.intent === 'human' ? r.kind === 'handoff' : r.kind === 'answer' && r.intent === s.intent) })),
      ...qa.value.questions.map((q) => {
        const answer = qa.value.documents.find((d) => d.id === q.expected)?.answer.trim();
        return { text: q.text, right: (r: PipelineResult) => r.kind === 'answer' && r.answeredBy === 'knowledge' && r.text === answer };
      }),
    ];
    for (const [label, strong] of [['weak intents yield to knowledge (default)', undefined], ['old order (strongIntentConfidence 0)', 0]] as const) {
      let right = 0;
      for (const c of checks) {
        const r = await runPipeline(
          { botId: 'bench', text: c.text, locale: localeOf(c.text), humanMode: false },
          { knowledge: memory, intents, clock: { now: () => performance.now() } },
          { knowledgeThreshold: KNOWLEDGE_THRESHOLD, llmEnabled: false, ...(strong === undefined ? {} : { strongIntentConfidence: strong }) },
        );
        if (c.right(r)) right++;
        else if (process.env.BENCH_SHOW_WRONG === '1') console.log('wrong:', label, JSON.stringify(c.text), r.kind === 'answer' ? r.answeredBy : r.kind, r.kind === 'answer' ? r.intent ?? '' : '', r.stages.map((x) => `${x.name}:${x.outcome}:${x.detail ?? ''}`).join(' | '));
      }
      console.log(`right answers, ${label}: ${right}/${checks.length} (${((100 * right) / checks.length).toFixed(1)} %)`);
    }
    const [base, ...others] = results;
    for (const other of others) {
      if (!base) break;
      console.log(
        `ratio ${other.name} / memory: ${(other.answersPerSecond / base.answersPerSecond).toFixed(2)}× answers/s, p50 ${(other.p50 / Math.max(base.p50, 0.001)).toFixed(1)}×, p99 ${(other.p99 / Math.max(base.p99, 0.001)).toFixed(1)}×; goal p99 < 10 ms: ${other.p99 < 10 ? 'met' : 'NOT met'} (p99 ${other.p99.toFixed(2)} ms)`,
      );
    }
  } finally {
    await database.close();
    await pgDatabase?.close();
    await pg?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
