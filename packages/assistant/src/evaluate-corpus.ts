import { defaultOutOfScopeLabel, trainIntentClassifier } from './train-intent-classifier.js';
import { type ClassificationReport, evaluateClassification } from './evaluate-classification.js';
import { prepareIntentModel } from './classify.js';
import { intentStage } from './intent-stage.js';
import { type LatencySummary, latencySummary } from './latency-summary.js';
import type { IntentCorpus } from './parse-corpus.js';
import type { ClockPort, KnowledgeHit } from './pipeline-types.js';
import { type RankingReport, rankingMetrics } from './ranking-metrics.js';

export interface IntentEvaluation {
  readonly trainedOn: number;
  readonly tested: number;
  readonly trainMs: number;
  readonly report: ClassificationReport;
  /** Per-sentence classification latency. */
  readonly latency: LatencySummary;
}

/**
 * Trains on the corpus's training sentences and classifies the others through the intent stage the bot
 * uses; "None" (out of scope) is expected when the stage finds no intent.
 */
export function evaluateIntentCorpus(corpus: IntentCorpus, options: { readonly clock: ClockPort; readonly threshold?: number }): IntentEvaluation {
  const { clock } = options;
  const training = corpus.sentences.filter((s) => s.training);
  const tests = corpus.sentences.filter((s) => !s.training);
  const trainStart = clock.now();
  const model = trainIntentClassifier(training, { outOfScopeLabel: defaultOutOfScopeLabel });
  prepareIntentModel(model);
  const trainMs = clock.now() - trainStart;
  const samples: number[] = [];
  // One untimed call so the first sample does not measure JIT warm-up.
  if (tests[0]) intentStage(model, tests[0].text);
  const pairs = tests.map((sentence) => {
    const start = clock.now();
    const result = intentStage(model, sentence.text, options.threshold === undefined ? {} : { threshold: options.threshold });
    samples.push(clock.now() - start);
    const predicted = result.outcome === 'answered' || result.outcome === 'handoff' ? result.intent : defaultOutOfScopeLabel;
    return { expected: sentence.intent, predicted };
  });
  return { trainedOn: training.length, tested: tests.length, trainMs, report: evaluateClassification(pairs), latency: latencySummary(samples) };
}

export interface AnswerEvaluation {
  readonly ranking: RankingReport;
  readonly latency: LatencySummary;
}

/** Asks each question through `search` (the knowledge stage's port) and scores the ranking of the expected document. */
export async function evaluateAnswers(
  questions: readonly { readonly text: string; readonly expected: string }[],
  search: (text: string) => Promise<readonly KnowledgeHit[]>,
  clock: ClockPort,
): Promise<AnswerEvaluation> {
  const samples: number[] = [];
  const results: { expected: string; ranked: string[] }[] = [];
  for (const question of questions) {
    const start = clock.now();
    const hits = await search(question.text);
    samples.push(clock.now() - start);
    results.push({ expected: question.expected, ranked: hits.map((hit) => hit.id) });
  }
  return { ranking: rankingMetrics(results), latency: latencySummary(samples) };
}
