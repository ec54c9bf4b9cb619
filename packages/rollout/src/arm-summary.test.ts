import { describe, expect, it } from 'vitest';
import { summarizeArm } from './arm-summary.js';

describe('summarizeArm', () => {
  it('derives the rates per load', () => {
    expect(summarizeArm({ loads: 200, errors: 14, opens: 50, conversions: 4, p95LoadMs: 1234 }, 'canary')).toEqual({
      loads: 200,
      errors: 14,
      errorsReported: 14,
      errorRate: 0.07,
      p95LoadMs: 1234,
      loadTimeSamples: null,
      opens: 50,
      openRate: 0.25,
      conversions: 4,
      conversionRate: 0.02,
    });
  });

  it('computes p95 from a sample in preference to a precomputed one', () => {
    const summary = summarizeArm({ loads: 3, errors: 0, loadTimesMs: [100, 200, 300], p95LoadMs: 5000 }, 'canary');
    expect(summary.p95LoadMs).toBeCloseTo(290, 9);
    expect(summary.loadTimeSamples).toBe(3);
  });

  it('falls back to the precomputed p95 when the sample is empty', () => {
    expect(summarizeArm({ loads: 3, errors: 0, loadTimesMs: [], p95LoadMs: 700 }, 'canary')).toMatchObject({ p95LoadMs: 700, loadTimeSamples: null });
  });

  it('caps counts at loads and reports null rates without loads', () => {
    expect(summarizeArm({ loads: 10, errors: 30, opens: 12 }, 'canary')).toMatchObject({ errors: 10, errorsReported: 30, errorRate: 1, opens: 10, openRate: 1 });
    expect(summarizeArm({ loads: 0, errors: 3, opens: 0 }, 'stable')).toMatchObject({
      errors: 0,
      errorRate: null,
      openRate: null,
      conversions: null,
      conversionRate: null,
      p95LoadMs: null,
    });
  });

  it('names the field it rejects', () => {
    expect(() => summarizeArm({ loads: 10, errors: 0, conversions: Number.NaN }, 'stable')).toThrow(/stable\.conversions/);
    expect(() => summarizeArm({ loads: 10, errors: 0, p95LoadMs: -1 }, 'canary')).toThrow(/canary\.p95LoadMs/);
    expect(() => summarizeArm({ loads: Infinity, errors: 0 }, 'canary')).toThrow(RangeError);
  });
});
