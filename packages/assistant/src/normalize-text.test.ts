import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigrams, foldDiacritics, normalizeText, tokenize } from './normalize-text.js';

describe('normalizeText', () => {
  it('lowercases, strips accents and collapses punctuation', () => {
    expect(normalizeText('  Hello,   WORLD!!  ')).toBe('hello world');
    expect(normalizeText('Café — crème brûlée?')).toBe('cafe creme brulee');
    expect(normalizeText("Don't")).toBe('dont');
  });

  it('matches Vietnamese typed without accents', () => {
    expect(normalizeText('Gặp nhân viên')).toBe('gap nhan vien');
    expect(normalizeText('Nói chuyện với người thật')).toBe(normalizeText('noi chuyen voi nguoi that'));
    expect(normalizeText('Đơn hàng ĐÃ giao')).toBe('don hang da giao');
    expect(normalizeText('Phí vận chuyển bao nhiêu?')).toBe('phi van chuyen bao nhieu');
  });

  it('keeps digits', () => {
    expect(tokenize('Order #4521, 3 items')).toEqual(['order', '4521', '3', 'items']);
  });

  it('is idempotent and only yields single-spaced lowercase letters and digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
        expect(once).not.toMatch(/^\s|\s$|\s\s/);
        expect(once).toBe(foldDiacritics(once));
      }),
    );
  });
});

describe('tokenize and bigrams', () => {
  it('returns no tokens for blank text', () => {
    expect(tokenize('  ?! ')).toEqual([]);
  });

  it('pairs adjacent tokens', () => {
    expect(bigrams(tokenize('free shipping to Hanoi'))).toEqual(['free shipping', 'shipping to', 'to hanoi']);
    expect(bigrams(['one'])).toEqual([]);
  });
});
