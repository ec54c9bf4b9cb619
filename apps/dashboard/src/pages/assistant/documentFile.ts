import { MAX_DOCUMENT_BYTES } from '@parley/contracts';

export type DocumentContentType = 'text/plain' | 'text/markdown' | 'text/html';

const byExtension: Record<string, DocumentContentType> = {
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
};

export const acceptedExtensions = '.txt,.md,.markdown,.html,.htm';

export type DocumentFileCheck =
  | { ok: true; contentType: DocumentContentType; title: string }
  | { ok: false; message: string };

/**
 * Whether a chosen file can be uploaded: a .txt, .md or .html file no larger than the server
 * accepts. Decided by the extension (browsers report no type, or a wrong one, for Markdown).
 */
export function checkDocumentFile(name: string, size: number): DocumentFileCheck {
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  const contentType = byExtension[extension];
  if (!contentType) {
    return { ok: false, message: `“${name}” is not a text, Markdown or HTML file. Choose a .txt, .md or .html file.` };
  }
  if (size === 0) return { ok: false, message: `“${name}” is empty.` };
  if (size > MAX_DOCUMENT_BYTES) {
    return { ok: false, message: `“${name}” is ${formatBytes(size)}; documents can be at most ${formatBytes(MAX_DOCUMENT_BYTES)}.` };
  }
  const title = (dot > 0 ? name.slice(0, dot) : name).trim().slice(0, 200) || name;
  return { ok: true, contentType, title };
}

/** Text that decoded with replacement characters or contains NUL bytes is not a text file. */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000') || text.includes('\uFFFD');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1_000).toFixed(bytes < 10_000 ? 1 : 0)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
