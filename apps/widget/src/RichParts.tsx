import type { MessageRich } from '@parley/contracts';
import { renderLink } from './renderText.js';
import type { Texts } from './texts.js';

/**
 * The links and sources of a bot message, inside its bubble. Labels are text nodes only;
 * a URL that is not http(s) is shown as plain text, never as a link.
 */
export function RichParts({ rich, texts }: { rich: MessageRich; texts: Texts }) {
  const sources = rich.sources ?? [];
  return (
    <>
      {rich.links && (
        <ul class="links">
          {rich.links.map((l, i) => (
            <li key={i}>{renderLink(l.label, l.url)}</li>
          ))}
        </ul>
      )}
      {sources.length > 0 && (
        <p class="src">
          {texts.sources}: {sources.map((s, i) => [i > 0 && ', ', renderLink(s.title, s.url)])}
        </p>
      )}
    </>
  );
}
