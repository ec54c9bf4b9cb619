import { decodeHtmlEntities } from './decode-html-entities.js';
import type { DocumentBlock } from './document-block.js';

// Elements whose content is never text for a reader: skipped up to their closing tag.
const skipped = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'head', 'select', 'button']);
// Elements that end a paragraph.
const blocks = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'nav', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'figure', 'figcaption', 'form', 'fieldset', 'hr', 'address', 'details', 'summary', 'body', 'html',
]);

/**
 * Plain-text blocks of an HTML document, from a small tokenizer (not a regex over the whole input):
 * tags and comments are dropped, script/style/... elements are skipped with their content up to their
 * own closing tag, entities are decoded, h1–h6 become headings, block elements and <br> split paragraphs.
 * Linear in the input length.
 */
export function htmlToBlocks(html: string): DocumentBlock[] {
  const out: DocumentBlock[] = [];
  let text = '';
  let heading: number | null = null;
  const flush = (): void => {
    const clean = decodeHtmlEntities(text).replace(/\s+/g, ' ').trim();
    text = '';
    if (clean === '') return;
    out.push(heading === null ? { kind: 'paragraph', text: clean } : { kind: 'heading', level: heading, text: clean });
  };
  const lower = html.toLowerCase();
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text += html.slice(i);
      break;
    }
    text += html.slice(i, lt);
    i = lt;
    if (lower.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(i, i + 64));
    if (!tag) {
      if (html[i + 1] === '!' || html[i + 1] === '?') {
        // Doctype, CDATA or processing instruction.
        const end = html.indexOf('>', i);
        i = end < 0 ? html.length : end + 1;
        continue;
      }
      text += '<';
      i++;
      continue;
    }
    const closing = tag[1] === '/';
    const name = (tag[2] ?? '').toLowerCase();
    i = endOfTag(html, i + tag[0].length);
    if (!closing && skipped.has(name)) {
      i = endOfElement(lower, i, name);
      continue;
    }
    const level = /^h([1-6])$/.exec(name);
    if (level) {
      flush();
      heading = closing ? null : Number(level[1]);
      continue;
    }
    if (name === 'br') {
      text += '\n';
      if (heading === null) flush();
      continue;
    }
    if (blocks.has(name)) {
      if (heading !== null) text += ' ';
      else flush();
    } else if (name === 'img' || name === 'input') {
      text += ' ';
    }
  }
  flush();
  return out;
}

/** Index just past the tag's closing ">", skipping quoted attribute values. */
function endOfTag(html: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < html.length; i++) {
    const char = html[i];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i + 1;
    }
  }
  return html.length;
}

/** Index just past `</name ...>` (case-insensitive), or the end when the element never closes. */
function endOfElement(lower: string, from: number, name: string): number {
  let at = from;
  for (;;) {
    const close = lower.indexOf(`</${name}`, at);
    if (close < 0) return lower.length;
    const after = lower[close + name.length + 2];
    if (after === undefined || after === '>' || after === '/' || /\s/.test(after)) return endOfTag(lower, close + name.length + 2);
    at = close + 2;
  }
}
