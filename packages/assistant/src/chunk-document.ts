import type { DocumentBlock } from './document-block.js';
import { htmlToBlocks } from './html-to-blocks.js';
import { markdownToBlocks } from './markdown-to-blocks.js';

export type DocumentFormat = 'text' | 'markdown' | 'html';

export interface ChunkOptions {
  readonly format: DocumentFormat;
  /** Longest chunk, in characters (default 800, at least 100). */
  readonly maxChars?: number;
  /** Characters of a long section's previous chunk repeated at the start of the next (default 100, at most maxChars / 4). */
  readonly overlap?: number;
}

export interface DocumentChunk {
  readonly index: number;
  /** The nearest heading above the chunk. */
  readonly title?: string;
  readonly text: string;
}

/**
 * Splits a document into chunks for retrieval. HTML is reduced to text (scripts and styles dropped),
 * Markdown is split by headings and paragraphs; each chunk keeps its heading as title and never
 * exceeds maxChars. Paragraphs are packed together; a paragraph too long for one chunk is split by
 * sentences, then by words, with `overlap` characters carried over between its pieces.
 */
export function chunkDocument(text: string, options: ChunkOptions): DocumentChunk[] {
  const maxChars = Math.max(100, Math.floor(options.maxChars ?? 800));
  const overlap = Math.max(0, Math.min(Math.floor(options.overlap ?? 100), Math.floor(maxChars / 4)));
  const blocks = options.format === 'html' ? htmlToBlocks(text) : options.format === 'markdown' ? markdownToBlocks(text) : textToBlocks(text);

  const chunks: DocumentChunk[] = [];
  let title: string | undefined;
  let current = '';
  const emit = (): void => {
    const body = current.trim();
    current = '';
    if (body !== '') chunks.push(title === undefined ? { index: chunks.length, text: body } : { index: chunks.length, title, text: body });
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      emit();
      title = block.text.slice(0, 200);
      continue;
    }
    if (block.text.length <= maxChars) {
      if (current !== '' && current.length + 2 + block.text.length > maxChars) emit();
      current = current === '' ? block.text : `${current}\n\n${block.text}`;
      continue;
    }
    // A paragraph longer than a chunk: its own chunks, each repeating the end of the previous one.
    emit();
    for (const piece of splitLong(block.text, maxChars - overlap - 1)) {
      if (current === '') current = piece;
      else if (current.length + 1 + piece.length <= maxChars) current = `${current} ${piece}`;
      else {
        const carried = tail(current, overlap);
        emit();
        current = carried === '' ? piece : `${carried} ${piece}`;
      }
    }
    emit();
  }
  emit();
  return chunks;
}

function textToBlocks(text: string): DocumentBlock[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/[ \t]+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => ({ kind: 'paragraph', text: paragraph }));
}

/** Sentences, or word-bounded slices of over-long sentences, each at most `max` characters. */
function splitLong(text: string, max: number): string[] {
  const pieces: string[] = [];
  for (const sentence of text.split(/(?<=[.!?…。])\s+/)) {
    let rest = sentence.trim();
    while (rest.length > max) {
      const space = rest.lastIndexOf(' ', max);
      const cut = space > max / 2 ? space : max;
      pieces.push(rest.slice(0, cut).trim());
      rest = rest.slice(cut).trim();
    }
    if (rest !== '') pieces.push(rest);
  }
  return pieces;
}

/** The last `size` characters of a chunk, starting at a word. */
function tail(text: string, size: number): string {
  if (size === 0) return '';
  if (text.length <= size) return text;
  const slice = text.slice(text.length - size);
  const space = slice.indexOf(' ');
  return (space >= 0 ? slice.slice(space + 1) : slice).trim();
}
