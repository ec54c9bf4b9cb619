import type { DocumentBlock } from './document-block.js';

/**
 * Headings and paragraphs of a Markdown document: ATX (#) and setext (=== / ---) headings, paragraphs
 * split on blank lines, fenced code kept whole (a "#" inside it is not a heading). Images become their
 * alt text and links "text (url)"; other markup is kept as written (the text is shown as text).
 */
export function markdownToBlocks(markdown: string): DocumentBlock[] {
  const out: DocumentBlock[] = [];
  let lines: string[] = [];
  const flush = (): void => {
    const text = lines.join('\n').trim();
    lines = [];
    if (text !== '') out.push({ kind: 'paragraph', text: inline(text) });
  };
  let fence: string | null = null;
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (fence !== null) {
      lines.push(line);
      if (line.trim().startsWith(fence)) {
        fence = null;
        flush();
      }
      continue;
    }
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (opening) {
      flush();
      fence = opening[1] ?? '```';
      lines.push(line);
      continue;
    }
    const atx = /^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (atx) {
      flush();
      const text = inline(atx[2] ?? '').trim();
      if (text !== '') out.push({ kind: 'heading', level: atx[1]?.length ?? 1, text });
      continue;
    }
    const setext = /^\s{0,3}(=+|-+)\s*$/.exec(line);
    if (setext && lines.length === 1) {
      const text = inline(lines[0] ?? '').trim();
      lines = [];
      if (text !== '') out.push({ kind: 'heading', level: setext[1]?.startsWith('=') ? 1 : 2, text });
      continue;
    }
    if (line.trim() === '' || (setext && lines.length === 0)) {
      flush();
      continue;
    }
    lines.push(line);
  }
  flush();
  return out;
}

function inline(text: string): string {
  return text.replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1').replace(/\[([^\]\n]+)\]\(([^)\s\n]+)(?:\s+"[^"\n]*")?\)/g, '$1 ($2)');
}
