import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateAnswers, evaluateIntentCorpus } from './evaluate-corpus.js';
import { createMemoryKnowledge } from './memory-knowledge.js';
import { parseIntentCorpus, parseQaCorpus } from './parse-corpus.js';

// Test-only: the package itself never reads files; the CLI hands it parsed JSON.
const readCorpus = (name: string): unknown => JSON.parse(readFileSync(new URL(`../corpus/${name}`, import.meta.url), 'utf8'));
const clock = { now: () => performance.now() };

describe('sample intents corpus', () => {
  const parsed = parseIntentCorpus(readCorpus('intents.sample.json'));

  it('is well formed: English and Vietnamese, about 70% training, out-of-scope sentences', () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { sentences } = parsed.value;
    expect(sentences.length).toBeGreaterThanOrEqual(200);
    const share = sentences.filter((s) => s.training).length / sentences.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
    expect(new Set(sentences.map((s) => s.intent)).size).toBeGreaterThanOrEqual(10);
    expect(sentences.some((s) => s.intent === 'None' && !s.training)).toBe(true);
  });

  it('trains and classifies the held-out sentences above the measured floor', () => {
    if (!parsed.ok) throw new Error(parsed.error);
    const evaluation = evaluateIntentCorpus(parsed.value, { clock });
    // Measured: accuracy 0.845, macro-F1 0.86 on the 84 held-out sentences (14 of them out of scope).
    expect(evaluation.tested).toBe(84);
    expect(evaluation.report.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(evaluation.report.macroF1).toBeGreaterThanOrEqual(0.8);
    expect(evaluation.report.microF1).toBeCloseTo(evaluation.report.accuracy);
  });
});

describe('sample Q&A corpus', () => {
  const parsed = parseQaCorpus(readCorpus('qa.sample.json'));

  it('is well formed', () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.documents.length).toBeGreaterThanOrEqual(30);
    expect(parsed.value.questions.length).toBeGreaterThanOrEqual(60);
  });

  it('ranks the expected FAQ with the in-memory knowledge index above the measured floor', async () => {
    if (!parsed.ok) throw new Error(parsed.error);
    const knowledge = createMemoryKnowledge(
      parsed.value.documents.map((d) => ({ id: d.id, kind: 'faq', text: d.question, variants: d.variants, answer: d.answer })),
    );
    const evaluation = await evaluateAnswers(parsed.value.questions, (text) => knowledge.search('bot', text, 5), clock);
    // Measured (lexical BM25, paraphrases included on purpose): hit@1 0.66, hit@3 0.82, MRR 0.74.
    expect(evaluation.ranking.hitAt1).toBeGreaterThanOrEqual(0.6);
    expect(evaluation.ranking.hitAt3).toBeGreaterThanOrEqual(0.75);
    expect(evaluation.latency.count).toBe(parsed.value.questions.length);
  });
});

describe('corpus parsing', () => {
  it('explains what is wrong', () => {
    expect(parseIntentCorpus({})).toEqual({ ok: false, error: 'Expected an object with a "sentences" array.' });
    expect(parseIntentCorpus({ sentences: [{ text: 'hi', intent: 'greeting' }] }).ok).toBe(false);
    expect(parseQaCorpus({ documents: [], questions: [{ text: 'x', expected: 'nope' }] })).toEqual({
      ok: false,
      error: 'questions[0] expects unknown document "nope".',
    });
  });
});
