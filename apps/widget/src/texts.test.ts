import { describe, expect, it } from 'vitest';
import { format, textsFor } from './texts.js';

describe('texts', () => {
  it('has every text in English and Vietnamese', () => {
    const en = textsFor('en');
    const vi = textsFor('vi');
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
    for (const value of Object.values(vi)) expect(value).not.toBe('');
    expect([vi.assistant, vi.human]).toEqual(['Trợ lý AI', 'Hỗ trợ trực tiếp']);
    expect([en.assistant, en.human]).toEqual(['AI Assistant', 'Live Support']);
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
