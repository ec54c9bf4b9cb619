import { linkify } from '@parley/contracts';

/**
 * A message body as plain text (React escapes it; newlines are kept by CSS), with http(s) URLs as
 * links that open in a new tab without telling the site where the click came from. The same
 * links as the widget shows (one `linkify`).
 */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.type === 'text' ? (
          part.text
        ) : (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
