import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { parseIntentModel } from './parse-intent-model.js';
import { trainIntentClassifier } from './train-intent-classifier.js';

const examples = [
  { text: 'how long does shipping take', intent: 'shipping' },
  { text: 'do you deliver to Hanoi', intent: 'shipping' },
  { text: 'giao hàng mất bao lâu', intent: 'shipping' },
  { text: 'phí vận chuyển bao nhiêu', intent: 'shipping' },
  { text: 'I want to return my shoes', intent: 'returns' },
  { text: 'what is your refund policy', intent: 'returns' },
  { text: 'tôi muốn đổi trả hàng', intent: 'returns' },
  { text: 'hello', intent: 'greeting' },
  { text: 'hi there', intent: 'greeting' },
  { text: 'xin chào shop', intent: 'greeting' },
  { text: 'tell me a joke', intent: 'None' },
];

describe('trainIntentClassifier and classify', () => {
  const model = trainIntentClassifier(examples);

  it('classifies close paraphrases, in both languages, accents or not', () => {
    expect(classify(model, 'How long will shipping take?').intent).toBe('shipping');
    expect(classify(model, 'giao hang mat bao lau').intent).toBe('shipping');
    expect(classify(model, 'refund policy?').intent).toBe('returns');
    expect(classify(model, 'doi tra hang').intent).toBe('returns');
    expect(classify(model, 'Hello!').intent).toBe('greeting');
  });

  it('returns null below the threshold, with the ranking still available', () => {
    const result = classify(model, 'quantum chromodynamics lecture notes');
    expect(result.intent).toBeNull();
    expect(result.confidence).toBeLessThan(model.threshold);
    const forced = classify(model, 'shipping question about quantum chromodynamics lecture notes', { threshold: 0 });
    expect(forced.intent).toBe('shipping');
    expect(classify(model, 'shipping question about quantum chromodynamics lecture notes', { threshold: 0.99 }).intent).toBeNull();
  });

  it('maps the out-of-scope label to null', () => {
    const result = classify(model, 'tell me a joke');
    expect(result.ranking[0]?.intent).toBe('None');
    expect(result.intent).toBeNull();
  });

  it('ranks at most three labels, best first, confidences within 0..1', () => {
    const { ranking, confidence } = classify(model, 'shipping and returns hello');
    expect(ranking.length).toBeLessThanOrEqual(3);
    expect(ranking[0]?.confidence).toBe(confidence);
    for (let i = 1; i < ranking.length; i++) expect(ranking[i - 1]?.confidence ?? 0).toBeGreaterThanOrEqual(ranking[i]?.confidence ?? 0);
  });

  it('handles an empty model and blank text', () => {
    expect(classify(trainIntentClassifier([]), 'hello')).toEqual({ intent: null, confidence: 0, ranking: [] });
    expect(classify(model, '  ?? ')).toEqual({ intent: null, confidence: 0, ranking: [] });
  });

  it('is deterministic and never leaves 0..1, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const a = classify(model, text);
        expect(classify(model, text)).toEqual(a);
        expect(a.confidence >= 0 && a.confidence <= 1).toBe(true);
      }),
    );
  });

  it('round-trips through JSON and classifies the same', () => {
    const stored: unknown = JSON.parse(JSON.stringify(model));
    const loaded = parseIntentModel(stored);
    expect(loaded).not.toBeNull();
    if (!loaded) return;
    for (const text of ['giao hang bao lau', 'refund', 'xin chao', 'random words']) expect(classify(loaded, text)).toEqual(classify(model, text));
  });

  it('rejects what is not a model', () => {
    expect(parseIntentModel(null)).toBeNull();
    expect(parseIntentModel({ format: 'parley-intent-model', version: 2 })).toBeNull();
    const broken: unknown = JSON.parse(JSON.stringify({ ...model, examples: [{ label: 99, vector: { f: [], w: [] } }] }));
    expect(parseIntentModel(broken)).toBeNull();
    const outOfRange: unknown = JSON.parse(JSON.stringify({ ...model, centroids: model.centroids.map(() => ({ f: [1e9], w: [1] })) }));
    expect(parseIntentModel(outOfRange)).toBeNull();
  });
});
