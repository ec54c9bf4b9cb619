import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateClassification } from './evaluate-classification.js';
import { latencySummary } from './latency-summary.js';
import { rankingMetrics } from './ranking-metrics.js';

describe('evaluateClassification', () => {
  it('computes accuracy, per-label metrics, macro and micro F1 with None as a class', () => {
    const report = evaluateClassification([
      { expected: 'a', predicted: 'a' },
      { expected: 'a', predicted: 'b' },
      { expected: 'b', predicted: 'b' },
      { expected: 'None', predicted: 'a' },
      { expected: 'None', predicted: 'None' },
    ]);
    expect(report.total).toBe(5);
    expect(report.accuracy).toBeCloseTo(3 / 5);
    const a = report.perLabel.find((m) => m.label === 'a');
    // a: tp 1, fp 1 (None→a), fn 1 (a→b)
    expect(a).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    const b = report.perLabel.find((m) => m.label === 'b');
    // b: tp 1, fp 1, fn 0 → p 0.5, r 1, f1 2/3
    expect(b?.f1).toBeCloseTo(2 / 3);
    const none = report.perLabel.find((m) => m.label === 'None');
    // None: tp 1, fp 0, fn 1 → p 1, r 0.5, f1 2/3
    expect(none?.f1).toBeCloseTo(2 / 3);
    expect(report.macroF1).toBeCloseTo((0.5 + 2 / 3 + 2 / 3) / 3);
    expect(report.microF1).toBeCloseTo(report.accuracy);
    expect(report.confusions).toEqual([
      { expected: 'None', predicted: 'a', count: 1 },
      { expected: 'a', predicted: 'b', count: 1 },
    ]);
  });

  it('orders confusions by count and keeps the top ones', () => {
    const pairs = [
      { expected: 'x', predicted: 'y' },
      { expected: 'x', predicted: 'y' },
      { expected: 'y', predicted: 'z' },
    ];
    expect(evaluateClassification(pairs, { topConfusions: 1 }).confusions).toEqual([{ expected: 'x', predicted: 'y', count: 2 }]);
  });

  it('handles no pairs', () => {
    expect(evaluateClassification([])).toMatchObject({ total: 0, accuracy: 0, macroF1: 0, microF1: 0 });
  });

  it('micro-F1 equals accuracy and every score stays within 0..1', () => {
    const label = fc.constantFrom('a', 'b', 'c', 'None');
    fc.assert(
      fc.property(fc.array(fc.record({ expected: label, predicted: label }), { minLength: 1, maxLength: 50 }), (pairs) => {
        const report = evaluateClassification(pairs);
        expect(report.microF1).toBeCloseTo(report.accuracy, 10);
        for (const m of report.perLabel) for (const v of [m.precision, m.recall, m.f1]) expect(v >= 0 && v <= 1).toBe(true);
        expect(report.macroF1 >= 0 && report.macroF1 <= 1).toBe(true);
      }),
    );
  });
});

describe('rankingMetrics', () => {
  it('computes hit@1, hit@3 and MRR', () => {
    const report = rankingMetrics([
      { expected: 'a', ranked: ['a', 'b'] },
      { expected: 'b', ranked: ['a', 'c', 'b'] },
      { expected: 'c', ranked: ['a', 'b', 'd', 'c'] },
      { expected: 'z', ranked: [] },
    ]);
    expect(report).toEqual({ total: 4, hitAt1: 0.25, hitAt3: 0.5, mrr: (1 + 1 / 3 + 1 / 4) / 4 });
  });

  it('is zero for no results', () => {
    expect(rankingMetrics([])).toEqual({ total: 0, hitAt1: 0, hitAt3: 0, mrr: 0 });
  });
});

describe('latencySummary', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(latencySummary(samples)).toMatchObject({ count: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(latencySummary([7])).toMatchObject({ p50: 7, p99: 7 });
  });

  it('is zero for no samples', () => {
    expect(latencySummary([])).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, mean: 0, max: 0 });
  });
});
