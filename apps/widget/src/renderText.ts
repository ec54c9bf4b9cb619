import { h } from 'preact';
import { linkify, safeHref } from '@parley/contracts/linkify';

const anchor = (href: string, text: string) => h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, text);

/**
 * A message body as text nodes and safe links. Never HTML: whatever the text holds
 * (`<script>`, `<img onerror>`…) is shown as the characters it is.
 */
export function renderText(text: string) {
  return linkify(text).map((segment) => (segment.type === 'text' ? segment.text : anchor(segment.href, segment.text)));
}


/** A link given apart from the text (rich links, sources): an anchor for http(s) URLs only, else just its text. */
export function renderLink(text: string, url: string | undefined) {
  const href = url === undefined ? null : safeHref(url.trim());
  return href === null ? text : anchor(href, text);
}
