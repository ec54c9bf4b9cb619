import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.js';

describe('linkify', () => {
  it('turns http and https URLs into links and keeps the rest as text', () => {
    expect(linkify('See https://example.com/a?b=1#c and http://x.test.')).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { type: 'text', text: ' and ' },
      { type: 'link', text: 'http://x.test', href: 'http://x.test/' },
      { type: 'text', text: '.' },
    ]);
  });

  it('leaves trailing punctuation and an enclosing bracket outside the link', () => {
    expect(linkify('(docs: https://example.com/docs)!')).toEqual([
      { type: 'text', text: '(docs: ' },
      { type: 'link', text: 'https://example.com/docs', href: 'https://example.com/docs' },
      { type: 'text', text: ')!' },
    ]);
    expect(linkify('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({ type: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar)' });
  });

  it('never makes links of other schemes', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'mailto:a@b.c',
      '//evil.example/x',
      'java\nscript:alert(1)',
    ]) {
      expect(linkify(text)).toEqual([{ type: 'text', text }]);
    }
  });

  it('does not let a javascript: URL ride inside an http one', () => {
    const segments = linkify('http://javascript:alert(1)@x https://"onmouseover="alert(1)');
    for (const s of segments) if (s.type === 'link') expect(s.href).toMatch(/^https?:\/\//);
    expect(segments.map((s) => s.text).join('')).toBe('http://javascript:alert(1)@x https://"onmouseover="alert(1)');
  });

  it('ends a URL at quotes and angle brackets, so HTML stays text', () => {
    const text = '<a href="https://evil.example/x">click</a><img src=x onerror=alert(1)>';
    const segments = linkify(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.type === 'link')).toEqual([{ type: 'link', text: 'https://evil.example/x', href: 'https://evil.example/x' }]);
  });

  it('property: the segments give back the text, and every href is http(s)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('javascript:', 'https://', 'http://', ' ', '<', '"', ')', '.'))), (parts) => {
        const text = parts.join('');
        const segments = linkify(text);
        expect(segments.map((s) => s.text).join('')).toBe(text);
        for (const s of segments) {
          if (s.type === 'link') expect(new URL(s.href).protocol).toMatch(/^https?:$/);
        }
      }),
    );
  });
});
