import type { IntentModel, SparseVector } from './intent-model.js';
import type { FeatureOptions } from './text-features.js';

/** Checks a stored model (e.g. JSON from a cache) before it is used; null when it is not a model this version reads. */
export function parseIntentModel(value: unknown): IntentModel | null {
  if (!isRecord(value)) return null;
  if (value.format !== 'parley-intent-model' || value.version !== 1 || value.algorithm !== 'tfidf-nearest-centroid') return null;
  const { featureOptions, blend, threshold, outOfScopeLabel, labels, vocabulary, idf, unknownIdf, examples, centroids } = value;
  if (!isFeatureOptions(featureOptions)) return null;
  if (!isNumber(blend) || !isNumber(threshold) || !isNumber(unknownIdf) || typeof outOfScopeLabel !== 'string') return null;
  if (!isStringArray(labels) || !isStringArray(vocabulary) || !isNumberArray(idf) || idf.length !== vocabulary.length) return null;
  if (!Array.isArray(centroids) || centroids.length !== labels.length || !Array.isArray(examples)) return null;
  const size = vocabulary.length;
  const parsedCentroids: SparseVector[] = [];
  for (const centroid of centroids) {
    const vector = parseVector(centroid, size);
    if (!vector) return null;
    parsedCentroids.push(vector);
  }
  const parsedExamples: { label: number; vector: SparseVector }[] = [];
  for (const example of examples) {
    if (!isRecord(example) || !Number.isInteger(example.label)) return null;
    const label = Number(example.label);
    const vector = parseVector(example.vector, size);
    if (!vector || label < 0 || label >= labels.length) return null;
    parsedExamples.push({ label, vector });
  }
  return {
    format: 'parley-intent-model',
    version: 1,
    algorithm: 'tfidf-nearest-centroid',
    featureOptions,
    blend,
    threshold,
    outOfScopeLabel,
    labels,
    vocabulary,
    idf,
    unknownIdf,
    examples: parsedExamples,
    centroids: parsedCentroids,
  };
}

function parseVector(value: unknown, size: number): SparseVector | null {
  if (!isRecord(value) || !isNumberArray(value.f) || !isNumberArray(value.w) || value.f.length !== value.w.length) return null;
  if (!value.f.every((index) => Number.isInteger(index) && index >= 0 && index < size)) return null;
  return { f: value.f, w: value.w };
}

function isFeatureOptions(value: unknown): value is FeatureOptions {
  return isRecord(value) && isNumber(value.words) && isNumber(value.bigrams) && isNumber(value.chars) && isNumber(value.charSize);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every(isNumber);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
