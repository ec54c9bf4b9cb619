import type { IntentModel } from './intent-model.js';
import { termWeight, textFeatures } from './text-features.js';

export interface IntentScore {
  readonly intent: string;
  readonly confidence: number;
}

export interface Classification {
  /** Best intent, or null when out of scope (below the threshold, or the out-of-scope label won). */
  readonly intent: string | null;
  /** Score of the best label, 0..1 (a blend of cosine similarities). */
  readonly confidence: number;
  /** Up to three best labels, best first (the out-of-scope label included as itself). */
  readonly ranking: readonly IntentScore[];
}

export interface ClassifyOptions {
  /** Overrides the model's out-of-scope threshold. */
  readonly threshold?: number;
}

interface Postings {
  readonly owners: Int32Array;
  readonly weights: Float64Array;
}

interface Runtime {
  readonly vocabIndex: Map<string, number>;
  readonly examplePostings: readonly Postings[];
  readonly centroidPostings: readonly Postings[];
  readonly exampleLabels: Int32Array;
}

// Lookup structures derived from a model once, then reused for every message.
const runtimes = new WeakMap<IntentModel, Runtime>();

function buildPostings(size: number, vectors: readonly { readonly f: readonly number[]; readonly w: readonly number[] }[]): Postings[] {
  const counts = new Int32Array(size);
  for (const vector of vectors) for (const f of vector.f) counts[f] = (counts[f] ?? 0) + 1;
  const postings = Array.from(counts, (count) => ({ owners: new Int32Array(count), weights: new Float64Array(count) }));
  const filled = new Int32Array(size);
  vectors.forEach((vector, owner) => {
    for (let i = 0; i < vector.f.length; i++) {
      const f = vector.f[i] ?? 0;
      const list = postings[f];
      if (!list) continue;
      const at = filled[f] ?? 0;
      list.owners[at] = owner;
      list.weights[at] = vector.w[i] ?? 0;
      filled[f] = at + 1;
    }
  });
  return postings;
}

/** Builds the model's lookup structures now rather than on the first classify (e.g. right after loading it). */
export function prepareIntentModel(model: IntentModel): void {
  if (runtimes.has(model)) return;
  const vocabIndex = new Map<string, number>();
  model.vocabulary.forEach((feature, index) => vocabIndex.set(feature, index));
  runtimes.set(model, {
    vocabIndex,
    examplePostings: buildPostings(model.vocabulary.length, model.examples.map((example) => example.vector)),
    centroidPostings: buildPostings(model.vocabulary.length, model.centroids),
    exampleLabels: Int32Array.from(model.examples, (example) => example.label),
  });
}

function runtimeOf(model: IntentModel): Runtime {
  prepareIntentModel(model);
  const runtime = runtimes.get(model);
  if (!runtime) throw new Error('Intent model could not be prepared.');
  return runtime;
}

/** Scores every label for a text; work is proportional to the postings of the text's features. */
export function classify(model: IntentModel, text: string, options: ClassifyOptions = {}): Classification {
  const runtime = runtimeOf(model);
  const query: [number, number][] = [];
  let norm = 0;
  for (const [feature, count] of textFeatures(text, model.featureOptions)) {
    const index = runtime.vocabIndex.get(feature);
    const weight = termWeight(feature, count, model.featureOptions) * (index === undefined ? model.unknownIdf : (model.idf[index] ?? 0));
    norm += weight * weight;
    if (index !== undefined) query.push([index, weight]);
  }
  norm = Math.sqrt(norm);
  if (norm === 0 || model.labels.length === 0) return { intent: null, confidence: 0, ranking: [] };

  const exampleDots = new Float64Array(model.examples.length);
  const centroidDots = new Float64Array(model.labels.length);
  for (const [index, weight] of query) {
    accumulate(exampleDots, runtime.examplePostings[index], weight);
    accumulate(centroidDots, runtime.centroidPostings[index], weight);
  }
  const nearest = new Float64Array(model.labels.length);
  for (let example = 0; example < exampleDots.length; example++) {
    const label = runtime.exampleLabels[example] ?? 0;
    const similarity = (exampleDots[example] ?? 0) / norm;
    if (similarity > (nearest[label] ?? 0)) nearest[label] = similarity;
  }
  const scores: IntentScore[] = [];
  model.labels.forEach((label, index) => {
    const score = model.blend * (nearest[index] ?? 0) + (1 - model.blend) * ((centroidDots[index] ?? 0) / norm);
    if (score > 0) scores.push({ intent: label, confidence: clamp01(score) });
  });
  scores.sort((a, b) => b.confidence - a.confidence || (a.intent < b.intent ? -1 : 1));
  const best = scores[0];
  const threshold = options.threshold ?? model.threshold;
  const ranking = scores.slice(0, 3);
  if (!best) return { intent: null, confidence: 0, ranking };
  const inScope = best.confidence >= threshold && best.intent !== model.outOfScopeLabel;
  return { intent: inScope ? best.intent : null, confidence: best.confidence, ranking };
}

function accumulate(into: Float64Array, postings: Postings | undefined, weight: number): void {
  if (!postings) return;
  for (let i = 0; i < postings.owners.length; i++) {
    const owner = postings.owners[i] ?? 0;
    into[owner] = (into[owner] ?? 0) + weight * (postings.weights[i] ?? 0);
  }
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
