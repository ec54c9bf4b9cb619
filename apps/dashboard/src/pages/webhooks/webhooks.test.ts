import { describe, expect, it } from 'vitest';
import { lastResult } from './deliveryFormat';

describe('delivery log', () => {
  it('sums up the last attempt', () => {
    expect(lastResult({ attempts: 0, lastStatusCode: null, lastError: null })).toBe('Not tried yet');
    expect(lastResult({ attempts: 2, lastStatusCode: 503, lastError: 'Service Unavailable' })).toBe('HTTP 503 · Service Unavailable');
    expect(lastResult({ attempts: 1, lastStatusCode: null, lastError: 'timeout after 10000 ms' })).toBe('timeout after 10000 ms');
    expect(lastResult({ attempts: 3, lastStatusCode: 200, lastError: null })).toBe('HTTP 200');
    expect(lastResult({ attempts: 2, lastStatusCode: 500, lastError: 'HTTP 500' })).toBe('HTTP 500');
    expect(lastResult({ attempts: 1, lastStatusCode: null, lastError: '' })).toBe('—');
  });
});
