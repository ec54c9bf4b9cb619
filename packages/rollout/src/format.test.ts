import { describe, expect, it } from 'vitest';
import { describeRate } from './describe-rate.js';
import { formatCount } from './format-count.js';
import { formatDuration } from './format-duration.js';
import { formatPValue } from './format-p-value.js';
import { formatPercent } from './format-percent.js';

describe('formatters', () => {
  it.each([
    [0.07, '7.0%'],
    [0.05, '5.0%'],
    [0, '0.0%'],
    [1, '100.0%'],
    [0.0012, '0.12%'],
    [0.25, '25.0%'],
  ])('formatPercent(%s) = %s', (rate, text) => {
    expect(formatPercent(rate)).toBe(text);
  });

  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [2450.4, '2,450'],
    [1234567, '1,234,567'],
    [-12345, '-12,345'],
  ])('formatCount(%s) = %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });

  it.each([
    [0, '0s'],
    [999, '0s'],
    [45_000, '45s'],
    [250_000, '4m 10s'],
    [1_800_000, '30m'],
    [3_900_000, '1h 5m'],
    [3_600_000, '1h'],
    [-5, '0s'],
  ])('formatDuration(%s) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [0.007419649, 'p = 0.0074'],
    [0.45, 'p = 0.45'],
    [1, 'p = 1.0'],
    [0.00004, 'p < 0.0001'],
  ])('formatPValue(%s) = %s', (p, text) => {
    expect(formatPValue(p)).toBe(text);
  });

  it('describeRate shows the rate with its counts', () => {
    expect(describeRate(14, 200)).toBe('7.0% (14/200)');
    expect(describeRate(30, 1000)).toBe('3.0% (30/1,000)');
    expect(describeRate(0, 0)).toBe('0.0% (0/0)');
  });
});
