export interface ClassificationPair {
  readonly expected: string;
  readonly predicted: string;
}

export interface LabelMetrics {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** How many pairs expected this label. */
  readonly support: number;
}

export interface Confusion {
  readonly expected: string;
  readonly predicted: string;
  readonly count: number;
}

export interface ClassificationReport {
  readonly total: number;
  readonly accuracy: number;
  /** Mean F1 over every label that was expected or predicted (the out-of-scope label is a class). */
  readonly macroF1: number;
  /** F1 over pooled counts; equals accuracy for single-label classification. */
  readonly microF1: number;
  readonly perLabel: readonly LabelMetrics[];
  /** Most frequent mistakes, most frequent first. */
  readonly confusions: readonly Confusion[];
}

export interface EvaluateOptions {
  /** How many confusions to keep (default 10). */
  readonly topConfusions?: number;
}

/** Accuracy, macro/micro F1, per-label precision/recall/F1 and the top confusions of a labelled run. */
export function evaluateClassification(pairs: readonly ClassificationPair[], options: EvaluateOptions = {}): ClassificationReport {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const support = new Map<string, number>();
  const confusions = new Map<string, Confusion>();
  const labels = new Set<string>();
  let correct = 0;
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const { expected, predicted } of pairs) {
    labels.add(expected);
    labels.add(predicted);
    bump(support, expected);
    if (expected === predicted) {
      correct++;
      bump(tp, expected);
      continue;
    }
    bump(fp, predicted);
    bump(fn, expected);
    const key = JSON.stringify([expected, predicted]);
    const seen = confusions.get(key);
    confusions.set(key, { expected, predicted, count: (seen?.count ?? 0) + 1 });
  }

  const perLabel = [...labels].sort(compare).map((label): LabelMetrics => {
    const t = tp.get(label) ?? 0;
    const precision = ratio(t, t + (fp.get(label) ?? 0));
    const recall = ratio(t, t + (fn.get(label) ?? 0));
    return { label, precision, recall, f1: harmonic(precision, recall), support: support.get(label) ?? 0 };
  });
  const sum = (map: Map<string, number>): number => [...map.values()].reduce((a, b) => a + b, 0);
  const microPrecision = ratio(sum(tp), sum(tp) + sum(fp));
  const microRecall = ratio(sum(tp), sum(tp) + sum(fn));

  return {
    total: pairs.length,
    accuracy: ratio(correct, pairs.length),
    macroF1: perLabel.length === 0 ? 0 : perLabel.reduce((acc, m) => acc + m.f1, 0) / perLabel.length,
    microF1: harmonic(microPrecision, microRecall),
    perLabel,
    confusions: [...confusions.values()]
      .sort((a, b) => b.count - a.count || compare(a.expected, b.expected) || compare(a.predicted, b.predicted))
      .slice(0, options.topConfusions ?? 10),
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function harmonic(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
