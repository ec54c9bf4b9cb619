import { describe, expect, it } from 'vitest';
import { containsNul } from './contains-nul.js';

describe('containsNul', () => {
  it('finds NUL in strings, nested values and keys', () => {
    expect(containsNul('a\u0000b')).toBe(true);
    expect(containsNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
  });
  it('passes everything else', () => {
    expect(containsNul({ a: ['\\u0000 typed literally', 1, null, true], b: { c: '💬' } })).toBe(false);
    expect(containsNul(null)).toBe(false);
    expect(containsNul(42)).toBe(false);
  });
});
