import type { IntentModel, SparseVector } from './intent-model.js';
import { defaultFeatureOptions, type FeatureOptions, termWeight, textFeatures } from './text-features.js';

export interface IntentExample {
  readonly text: string;
  readonly intent: string;
}

export interface TrainOptions {
  readonly featureOptions?: FeatureOptions;
  readonly blend?: number;
  readonly threshold?: number;
  readonly outOfScopeLabel?: string;
}

/** Out-of-scope threshold chosen on the sample corpus (corpus/intents.sample.json). */
export const defaultIntentThreshold = 0.2;
export const defaultOutOfScopeLabel = 'None';
export const defaultBlend = 0.6;

/**
 * Trains the classifier in one pass over the examples (linear in their total length).
 * Examples whose text has no features are skipped.
 */
export function trainIntentClassifier(examples: readonly IntentExample[], options: TrainOptions = {}): IntentModel {
  const featureOptions = options.featureOptions ?? defaultFeatureOptions;
  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const vocabulary: string[] = [];
  const vocabIndex = new Map<string, number>();
  const df: number[] = [];
  const raw: { label: number; counts: Map<number, number> }[] = [];

  for (const example of examples) {
    const features = textFeatures(example.text, featureOptions);
    if (features.size === 0) continue;
    let label = labelIndex.get(example.intent);
    if (label === undefined) {
      label = labels.length;
      labels.push(example.intent);
      labelIndex.set(example.intent, label);
    }
    const counts = new Map<number, number>();
    for (const [feature, count] of features) {
      let index = vocabIndex.get(feature);
      if (index === undefined) {
        index = vocabulary.length;
        vocabulary.push(feature);
        vocabIndex.set(feature, index);
        df.push(0);
      }
      df[index] = (df[index] ?? 0) + 1;
      counts.set(index, count);
    }
    raw.push({ label, counts });
  }

  const n = raw.length;
  const idf = df.map((d) => Math.round((Math.log((1 + n) / (1 + d)) + 1) * 1e6) / 1e6);
  const unknownIdf = Math.log(1 + n) + 1;

  const centroidSums = labels.map(() => new Map<number, number>());
  const trainedExamples = raw.map(({ label, counts }) => {
    const entries: [number, number][] = [];
    for (const [index, count] of counts) {
      entries.push([index, termWeight(vocabulary[index] ?? '', count, featureOptions) * (idf[index] ?? 0)]);
    }
    const vector = unitVector(entries);
    const sum = centroidSums[label];
    if (sum) for (let i = 0; i < vector.f.length; i++) addTo(sum, vector.f[i] ?? 0, vector.w[i] ?? 0);
    return { label, vector };
  });

  return {
    format: 'parley-intent-model',
    version: 1,
    algorithm: 'tfidf-nearest-centroid',
    featureOptions,
    blend: options.blend ?? defaultBlend,
    threshold: options.threshold ?? defaultIntentThreshold,
    outOfScopeLabel: options.outOfScopeLabel ?? defaultOutOfScopeLabel,
    labels,
    vocabulary,
    idf,
    unknownIdf,
    examples: trainedExamples,
    centroids: centroidSums.map((sum) => unitVector([...sum])),
  };
}

function addTo(map: Map<number, number>, key: number, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** L2-normalized sparse vector, indexes ascending. */
function unitVector(entries: [number, number][]): SparseVector {
  entries.sort((a, b) => a[0] - b[0]);
  let norm = 0;
  for (const [, w] of entries) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  // Six decimals are plenty for cosine scores and keep the stored JSON small.
  return { f: entries.map(([f]) => f), w: entries.map(([, w]) => Math.round((w / norm) * 1e6) / 1e6) };
}
