import { describe, expect, it } from 'vitest';
import { unstorableText } from './unstorable-text.js';

describe('unstorableText', () => {
  it('finds NUL in strings, nested values and keys', () => {
    expect(unstorableText('a\u0000b')).toMatch(/NUL/);
    expect(unstorableText({ a: [{ b: 'x\u0000' }] })).toMatch(/NUL/);
    expect(unstorableText({ ['k\u0000']: 1 })).toMatch(/NUL/);
  });
  it('finds unpaired surrogates (which PostgreSQL json refuses) in strings, nested values and keys', () => {
    expect(unstorableText('a\ud800b')).toMatch(/valid Unicode/);
    expect(unstorableText('\udc00')).toMatch(/valid Unicode/);
    expect(unstorableText('💬'.slice(0, 1))).toMatch(/valid Unicode/);
    expect(unstorableText({ a: ['ok', { b: 'x\udfff' }] })).toMatch(/valid Unicode/);
    expect(unstorableText({ ['k\ud83d']: 1 })).toMatch(/valid Unicode/);
  });
  it('passes everything else, paired surrogates (emoji) included', () => {
    expect(unstorableText({ a: ['\\u0000 typed literally', 1, null, true], b: { c: '💬 Xin chào 👍🏽' } })).toBeNull();
    expect(unstorableText(null)).toBeNull();
    expect(unstorableText(42)).toBeNull();
  });
});
