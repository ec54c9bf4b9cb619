import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { defaultIntentThreshold, defaultOutOfScopeLabel, evaluateIntentCorpus, parseIntentCorpus, type IntentEvaluation } from '@parley/assistant';

/** The report `parley eval intents` prints. */
export function formatIntentReport(evaluation: IntentEvaluation, threshold: number): string {
  const { report, latency } = evaluation;
  const f = (x: number) => x.toFixed(3);
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  const labels = report.perLabel.filter((l) => l.support > 0).length;
  const lines = [
    `Intent stage: trained on ${evaluation.trainedOn} sentences in ${evaluation.trainMs.toFixed(1)} ms, tested ${evaluation.tested} (${labels} labels, threshold ${threshold}, out of scope "${defaultOutOfScopeLabel}")`,
    `  accuracy  ${f(report.accuracy)}`,
    `  macro-F1  ${f(report.macroF1)}`,
    `  micro-F1  ${f(report.microF1)}`,
    `  latency per sentence: p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}`,
    report.confusions.length === 0 ? 'No confusions.' : 'Top confusions (expected → predicted):',
    ...report.confusions.map((c) => `  ${String(c.count).padStart(3)} × ${c.expected} → ${c.predicted}`),
    'Per label (precision / recall / F1, support):',
    ...report.perLabel.map(
      (l) => `  ${l.label.padEnd(24)} ${f(l.precision)} / ${f(l.recall)} / ${f(l.f1)}  ${l.support}`,
    ),
  ];
  return lines.join('\n');
}

/**
 * `parley eval intents <corpus.json> [--threshold T]`: trains on the training sentences and classifies the others
 * through the intent stage the bot uses. 0 when evaluated, 2 when the file is missing or invalid.
 */
export function evalIntentsCommand(args: readonly string[]): number {
  let values: { threshold?: string | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...args], options: { threshold: { type: 'string' } }, allowPositionals: true }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\nUsage: parley eval intents <corpus.json> [--threshold 0.2]`);
    return 2;
  }
  const [path, extra] = positionals;
  if (!path || extra !== undefined) {
    console.error('eval intents needs exactly one file: parley eval intents <corpus.json> [--threshold 0.2]');
    return 2;
  }
  const threshold = values.threshold === undefined ? defaultIntentThreshold : Number(values.threshold);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    console.error(`--threshold must be a number from 0 to 1, not "${values.threshold ?? ''}"`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    console.error(`Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const parsed = parseIntentCorpus(json);
  if (!parsed.ok) {
    console.error(`Invalid intent corpus ${path}: ${parsed.error}`);
    return 2;
  }
  const { sentences } = parsed.value;
  if (!sentences.some((s) => s.training) || !sentences.some((s) => !s.training)) {
    console.error(`Invalid intent corpus ${path}: it needs training sentences ("training": true) and test sentences ("training": false).`);
    return 2;
  }
  const evaluation = evaluateIntentCorpus(parsed.value, { clock: { now: () => performance.now() }, threshold });
  console.log(formatIntentReport(evaluation, threshold));
  return 0;
}
