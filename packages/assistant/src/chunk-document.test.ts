import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document.js';
import { htmlToBlocks } from './html-to-blocks.js';
import { markdownToBlocks } from './markdown-to-blocks.js';

describe('htmlToBlocks', () => {
  it('drops tags, comments, scripts and styles, decodes entities and keeps headings', () => {
    const html = `<!doctype html><html><head><title>T</title><style>p { color: red }</style></head>
      <body><h1>Shipping &amp; returns</h1><!-- <p>hidden</p> -->
      <p class="x" data-a='1 > 0'>We ship in <b>2&ndash;4</b> days.</p>
      <script>document.write("<p>injected</p>"); if (a < b) {}</script>
      <SCRIPT type="text/javascript">alert('</scrip')</SCRIPT >
      <p>Fees: 3 &lt; 5 &#8364; &#x263A;<br>Second line</p><ul><li>One</li><li>Two</li></ul></body></html>`;
    expect(htmlToBlocks(html)).toEqual([
      { kind: 'heading', level: 1, text: 'Shipping & returns' },
      { kind: 'paragraph', text: 'We ship in 2–4 days.' },
      { kind: 'paragraph', text: 'Fees: 3 < 5 € ☺' },
      { kind: 'paragraph', text: 'Second line' },
      { kind: 'paragraph', text: 'One' },
      { kind: 'paragraph', text: 'Two' },
    ]);
  });

  it('keeps a stray "<" as text and survives unclosed tags and scripts', () => {
    expect(htmlToBlocks('a < b and 1<2')).toEqual([{ kind: 'paragraph', text: 'a < b and 1<2' }]);
    // Like a browser: "<d" opens a tag, which swallows the rest when it never ends.
    expect(htmlToBlocks('c<d')).toEqual([{ kind: 'paragraph', text: 'c' }]);
    expect(htmlToBlocks('before<script>never closed <p>x</p>')).toEqual([{ kind: 'paragraph', text: 'before' }]);
    expect(htmlToBlocks('<p title="unterminated>text')).toEqual([]);
  });

  it('never lets script content through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = htmlToBlocks(`${before.replace(/</g, ' ')}<script>SECRET()</script>${after.replace(/</g, ' ')}`)
          .map((block) => block.text)
          .join(' ');
        expect(text).not.toContain('SECRET');
      }),
    );
  });
});

describe('markdownToBlocks', () => {
  it('splits headings and paragraphs, keeps fenced code whole', () => {
    const md = ['# Returns', '', 'You have **30 days**.', 'Second line.', '', 'Exchanges', '---', 'See [the form](https://x.test/form) ![logo](l.png)', '', '```', '# not a heading', '```', '## Refunds ##', 'Within 7 days.'].join('\n');
    expect(markdownToBlocks(md)).toEqual([
      { kind: 'heading', level: 1, text: 'Returns' },
      { kind: 'paragraph', text: 'You have **30 days**.\nSecond line.' },
      { kind: 'heading', level: 2, text: 'Exchanges' },
      { kind: 'paragraph', text: 'See the form (https://x.test/form) logo' },
      { kind: 'paragraph', text: '```\n# not a heading\n```' },
      { kind: 'heading', level: 2, text: 'Refunds' },
      { kind: 'paragraph', text: 'Within 7 days.' },
    ]);
  });
});

describe('chunkDocument', () => {
  it('keeps the heading as the title of its chunks', () => {
    const md = '# Shipping\n\nWe ship in 2–4 days.\n\nFree over 500k.\n\n## Returns\n\n30 days, unused items.';
    expect(chunkDocument(md, { format: 'markdown' })).toEqual([
      { index: 0, title: 'Shipping', text: 'We ship in 2–4 days.\n\nFree over 500k.' },
      { index: 1, title: 'Returns', text: '30 days, unused items.' },
    ]);
  });

  it('strips HTML before chunking', () => {
    const chunks = chunkDocument('<h2>Giờ mở cửa</h2><p>9:00&ndash;21:00</p><script>evil()</script>', { format: 'html' });
    expect(chunks).toEqual([{ index: 0, title: 'Giờ mở cửa', text: '9:00–21:00' }]);
  });

  it('splits plain text on blank lines and packs paragraphs up to maxChars', () => {
    const paragraph = 'word '.repeat(30).trim();
    const chunks = chunkDocument([paragraph, paragraph, paragraph, paragraph].join('\n\n'), { format: 'text', maxChars: 300 });
    // Two 149-character paragraphs and their blank line fill a 300-character chunk exactly.
    expect(chunks.map((c) => c.text.length)).toEqual([300, 300]);
    expect(chunks[0]?.title).toBeUndefined();
  });

  it('splits a long paragraph by sentences with overlap', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`);
    const chunks = chunkDocument(sentences.join(' '), { format: 'text', maxChars: 200, overlap: 40 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(200);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]?.text ?? '';
      const start = (chunks[i]?.text ?? '').slice(0, 15);
      expect(previous.includes(start)).toBe(true);
    }
    expect(chunks.map((c) => c.text).join(' ')).toContain('Sentence number 39 is here.');
  });

  it('never exceeds maxChars and loses no word, for any text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom('\n\n', '. ', ' ', '\n'), fc.string({ minLength: 1, maxLength: 30 }), fc.stringMatching(/^[a-z]{1,300}$/)), { maxLength: 80 }),
        fc.integer({ min: 100, max: 400 }),
        fc.integer({ min: 0, max: 200 }),
        (parts, maxChars, overlap) => {
          const text = parts.join('');
          const chunks = chunkDocument(text, { format: 'text', maxChars, overlap });
          const joined = chunks.map((c) => c.text).join(' ');
          for (const chunk of chunks) {
            expect(chunk.text.length).toBeLessThanOrEqual(maxChars);
            expect(chunk.text.trim()).not.toBe('');
          }
          for (const word of text.split(/\s+/).filter((w) => w !== '' && w.length < maxChars / 2)) expect(joined).toContain(word);
        },
      ),
    );
  });

  it('numbers chunks in order', () => {
    const chunks = chunkDocument('# A\n\none\n\n# B\n\ntwo\n\n# C\n\nthree', { format: 'markdown' });
    expect(chunks.map((c) => [c.index, c.title])).toEqual([
      [0, 'A'],
      [1, 'B'],
      [2, 'C'],
    ]);
  });
});
