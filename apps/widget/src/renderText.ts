import { h } from 'preact';
import { linkify } from './linkify.js';

/**
 * A message body as text nodes and safe links. Never HTML: whatever the text holds
 * (`<script>`, `<img onerror>`…) is shown as the characters it is.
 */
export function renderText(text: string) {
  return linkify(text).map((segment) =>
    segment.type === 'text' ? segment.text : h('a', { href: segment.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, segment.text),
  );
}
