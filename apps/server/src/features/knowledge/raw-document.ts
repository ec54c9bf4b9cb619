import type { DocumentFormat } from '@parley/contracts';
import { AppError } from '../../errors/app-error.js';

/** Raw upload media types and the document format each one means. */
export const rawDocumentTypes: Readonly<Record<string, DocumentFormat>> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/html': 'html',
};

/** The document format of a raw upload's Content-Type (`undefined` for anything else, JSON included). */
export function rawDocumentFormat(contentType: string | undefined): DocumentFormat | undefined {
  const essence = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return Object.hasOwn(rawDocumentTypes, essence) ? rawDocumentTypes[essence] : undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const notText = (why: string) =>
  new AppError('unsupported_media_type', `The document is not text: ${why}. Upload plain text, Markdown or HTML encoded as UTF-8.`);

/**
 * Decodes a raw upload: UTF-8 only (a BOM is dropped); binary data — NUL bytes or bytes that are not
 * UTF-8 — and other declared charsets are refused with 415.
 */
export function decodeRawDocument(body: Buffer, contentType: string | undefined): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new AppError('unsupported_media_type', `charset=${charset} is not accepted; send the document as UTF-8`);
  }
  if (body.includes(0)) throw notText('it contains NUL bytes (binary data)');
  try {
    return decoder.decode(body);
  } catch {
    throw notText('it is not valid UTF-8');
  }
}
