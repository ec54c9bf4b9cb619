import { bigrams, tokenize } from './normalize-text.js';

/** Which feature families the intent classifier extracts, and how much each weighs. */
export interface FeatureOptions {
  /** Weight of word unigrams. */
  readonly words: number;
  /** Weight of adjacent word pairs. */
  readonly bigrams: number;
  /** Weight of character n-grams inside words (typos, inflections); 0 turns them off. */
  readonly chars: number;
  /** Character n-gram length. */
  readonly charSize: number;
}

export const defaultFeatureOptions: FeatureOptions = { words: 1, bigrams: 0.5, chars: 0.5, charSize: 3 };

/** Longest text the classifier looks at; the rest is ignored (bounds the work per message). */
export const maxFeatureInputChars = 2000;

/**
 * Feature occurrence counts of a text: words as-is, bigrams as "a b", character n-grams as "#abc".
 * The prefixes cannot collide: normalized tokens hold neither spaces nor "#".
 */
export function textFeatures(text: string, options: FeatureOptions = defaultFeatureOptions): Map<string, number> {
  const tokens = tokenize(text.slice(0, maxFeatureInputChars));
  const counts = new Map<string, number>();
  const add = (feature: string): void => {
    counts.set(feature, (counts.get(feature) ?? 0) + 1);
  };
  if (options.words > 0) for (const token of tokens) add(token);
  if (options.bigrams > 0) for (const pair of bigrams(tokens)) add(pair);
  if (options.chars > 0 && options.charSize > 0) {
    for (const token of tokens) {
      const padded = `<${token}>`;
      if (padded.length <= options.charSize) {
        add(`#${padded}`);
        continue;
      }
      for (let i = 0; i + options.charSize <= padded.length; i++) add(`#${padded.slice(i, i + options.charSize)}`);
    }
  }
  return counts;
}

/** Sublinear term weight of a feature occurring `count` times, scaled by its family's weight. */
export function termWeight(feature: string, count: number, options: FeatureOptions): number {
  const family = feature.startsWith('#') ? options.chars : feature.includes(' ') ? options.bigrams : options.words;
  return family * (1 + Math.log(count));
}
