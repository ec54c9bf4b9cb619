import type { FeatureOptions } from './text-features.js';

/** A sparse vector: parallel arrays of feature indexes (ascending) and weights. */
export interface SparseVector {
  readonly f: readonly number[];
  readonly w: readonly number[];
}

/**
 * A trained intent classifier: TF-IDF over words, bigrams and character n-grams; an utterance's
 * score for an intent blends its cosine to the intent's nearest example and to the intent's centroid.
 * Plain JSON: store it with JSON.stringify and load it back with parseIntentModel.
 */
export interface IntentModel {
  readonly format: 'parley-intent-model';
  readonly version: 1;
  readonly algorithm: 'tfidf-nearest-centroid';
  readonly featureOptions: FeatureOptions;
  /** Weight of the nearest-example cosine against the centroid cosine (0..1). */
  readonly blend: number;
  /** Default out-of-scope threshold: below it classify returns intent null. */
  readonly threshold: number;
  /** Training label that means "out of scope"; predicting it yields intent null. */
  readonly outOfScopeLabel: string;
  readonly labels: readonly string[];
  readonly vocabulary: readonly string[];
  readonly idf: readonly number[];
  /** IDF given to features never seen in training (they still count in the query's length). */
  readonly unknownIdf: number;
  readonly examples: readonly { readonly label: number; readonly vector: SparseVector }[];
  readonly centroids: readonly SparseVector[];
}
