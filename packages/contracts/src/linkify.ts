// Shared by the widget and the dashboard's inbox, so a message's links are the same on both sides.
// No zod: the widget imports it on its own subpath.
export type TextSegment = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

// Only explicit http(s) URLs; quotes, angle brackets and whitespace always end a URL.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"*_~]+$/;
const MAX_URL = 2048;

/** Drops trailing punctuation and unbalanced closing brackets ("see (https://x.y/a)." → "https://x.y/a"). */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
      if (url.endsWith(close) && url.split(close).length > url.split(open).length) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

/** The normalized URL when it is an absolute http(s) URL with a host, else null (`javascript:`, `data:`…). */
export function safeHref(candidate: string): string | null {
  if (candidate.length > MAX_URL) return null;
  try {
    const url = new URL(candidate);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * Splits message text into plain text and http(s) links. Rendered as text nodes and
 * `<a>` elements — never as HTML — so nothing in a message can inject markup.
 */
export function linkify(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let plain = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    const href = safeHref(url);
    if (href === null) continue;
    plain += text.slice(last, match.index);
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
    out.push({ type: 'link', text: url, href });
    last = match.index + url.length;
  }
  plain += text.slice(last);
  if (plain) out.push({ type: 'text', text: plain });
  return out;
}
