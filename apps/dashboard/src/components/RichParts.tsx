import { safeHref, type MessageRich } from '@parley/contracts';

interface RichPartsProps {
  rich: MessageRich | null | undefined;
  /** Class of the links list (the inbox and the test console lay it out differently). */
  linksClassName: string;
  /** How the lists are announced, e.g. "Quick replies offered". */
  quickRepliesLabel: string;
  linksLabel: string;
}

/** A bot answer's quick replies (as chips) and links (http(s) only; anything else stays text). */
export function RichParts({ rich, linksClassName, quickRepliesLabel, linksLabel }: RichPartsProps) {
  const quickReplies = rich?.quickReplies ?? [];
  const links = rich?.links ?? [];
  return (
    <>
      {quickReplies.length > 0 ? (
        <ul className="chips" aria-label={quickRepliesLabel}>
          {quickReplies.map((q, i) => (
            <li key={i} className="chip" title={q.payload ? `Sends “${q.payload}”` : undefined}>
              {q.label}
            </li>
          ))}
        </ul>
      ) : null}
      {links.length > 0 ? (
        <ul className={linksClassName} aria-label={linksLabel}>
          {links.map((l, i) => {
            const href = safeHref(l.url);
            return (
              <li key={i}>
                {href ? (
                  <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                    {l.label}
                  </a>
                ) : (
                  l.label
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </>
  );
}
