import type { ReactNode } from 'react';
import { safeHttpUrl } from '../../inbox/safeHttpUrl';

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends the sentence rather than the URL. */
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * A message body as plain text (React escapes it; newlines are kept by CSS), with http(s) URLs as
 * links that open in a new tab without telling the site where the click came from.
 */
export function MessageText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0];
    const url = raw.replace(TRAILING, '');
    const href = safeHttpUrl(url);
    if (!href) continue;
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={href} target="_blank" rel="noopener noreferrer nofollow">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
