import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { decodeRawDocument, rawDocumentFormat } from './raw-document.js';
import { queryTerms, searchText } from './search-terms.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
};

describe('raw document uploads', () => {
  it('maps text media types to formats, ignoring parameters and case', () => {
    expect(rawDocumentFormat('text/plain')).toBe('text');
    expect(rawDocumentFormat('Text/Markdown; charset=UTF-8')).toBe('markdown');
    expect(rawDocumentFormat('text/html;charset=utf-8')).toBe('html');
    expect(rawDocumentFormat('application/json')).toBeUndefined();
    expect(rawDocumentFormat('text/csv')).toBeUndefined();
    expect(rawDocumentFormat(undefined)).toBeUndefined();
    expect(rawDocumentFormat('constructor')).toBeUndefined();
  });

  it('decodes UTF-8 (dropping a BOM) and refuses binary data and other charsets with 415', () => {
    expect(decodeRawDocument(Buffer.from('\uFEFFPhí vận chuyển', 'utf8'), 'text/plain')).toBe('Phí vận chuyển');
    expect(decodeRawDocument(Buffer.from('plain', 'utf8'), 'text/plain; charset="us-ascii"')).toBe('plain');
    expect(codeOf(() => decodeRawDocument(Buffer.from([0x41, 0x00, 0x42]), 'text/plain'))).toBe('unsupported_media_type');
    expect(codeOf(() => decodeRawDocument(Buffer.from([0xc3, 0x28]), 'text/plain'))).toBe('unsupported_media_type');
    expect(codeOf(() => decodeRawDocument(Buffer.from('x'), 'text/plain; charset=windows-1258'))).toBe('unsupported_media_type');
  });
});

describe('search terms', () => {
  it('folds Vietnamese and English the same way for stored text and questions', () => {
    expect(searchText('Phí vận chuyển là bao nhiêu?', 'Đơn hàng')).toBe('phi van chuyen la bao nhieu don hang');
    expect(searchText('How many ORDERS ship?')).toBe('how many order ship');
    expect(queryTerms('phi van chuyen bao nhieu phi')).toEqual(['phi', 'van', 'chuyen', 'bao', 'nhieu']);
  });

  it('keeps only letter and digit tokens, capped, so no tsquery operator or quote survives', () => {
    expect(queryTerms("& | ! ( ) : * ' \\ <-> ")).toEqual([]);
    expect(queryTerms("shipping' | !cost:* & (free)")).toEqual(['shipping', 'cost', 'free']);
    const many = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    expect(queryTerms(many)).toHaveLength(16);
    expect(queryTerms('a'.repeat(5_000)).join('').length).toBeLessThanOrEqual(1_000);
  });
});
