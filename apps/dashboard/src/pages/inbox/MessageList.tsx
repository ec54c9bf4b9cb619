import { useLayoutEffect, useRef } from 'react';
import type { Message } from '@parley/contracts';
import { formatDate } from '../../components/formatDate';
import { answeredByBadge } from '../../inbox/botAnswer';
import { groupSessions } from '../../inbox/groupSessions';
import type { PendingMessage } from '../../inbox/inboxReducer';
import { clockTime } from '../../inbox/relativeTime';
import { RichParts } from '../../components/RichParts';
import { MessageText } from './MessageText';

interface MessageListProps {
  messages: readonly Message[];
  pending: readonly PendingMessage[];
  visitorLabel: string;
  /** The highest seq the visitor has read. */
  visitorReadSeq: number;
  /** The bot's last answer before the conversation was handed to a person, marked as such. */
  lastBotAttemptSeq?: number | null;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

type Item = { kind: 'message'; message: Message; createdAt: string } | { kind: 'pending'; pending: PendingMessage; createdAt: string };

function authorLabel(message: Message, visitorLabel: string): string {
  switch (message.author) {
    case 'visitor':
      return visitorLabel;
    case 'bot':
      return 'Bot';
    case 'agent':
      return message.authorName ?? 'Agent';
    case 'system':
      return 'System';
  }
}

/** How close to the bottom (px) still counts as "reading the latest": new messages then scroll into view. */
const STICKY_PX = 80;

/** The conversation's history, one section per session (a new one after an hour of silence). */
export function MessageList({ messages, pending, visitorLabel, visitorReadSeq, lastBotAttemptSeq = null, onRetry, onDiscard }: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const items: Item[] = [
    ...messages.map((message): Item => ({ kind: 'message', message, createdAt: message.createdAt })),
    ...pending.map((p): Item => ({ kind: 'pending', pending: p, createdAt: p.createdAt })),
  ];
  const sessions = groupSessions(items);
  const lastSeen = messages.findLast((m) => m.author === 'agent' && !m.internal && m.seq <= visitorReadSeq)?.seq;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [items.length]);

  return (
    <div
      ref={scroller}
      className="message-scroll"
      role="region"
      aria-label="Messages"
      // Focusable so that keyboard users can scroll the history.
      tabIndex={0}
      onScroll={(event) => {
        const el = event.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
      }}
    >
      {sessions.map((session, index) => (
        <section key={session.startedAt + String(index)} className="session" aria-label={`Session started ${formatDate(session.startedAt, true)}`}>
          <h3 className="session-divider">
            <span>
              {index === 0 ? 'Started' : 'New session'} <time dateTime={session.startedAt}>{formatDate(session.startedAt, true)}</time>
            </span>
          </h3>
          <ol className="messages">
            {session.items.map((item) => {
              if (item.kind === 'pending') {
                const p = item.pending;
                return (
                  <li
                    key={p.clientId}
                    className={['message', 'message-agent', p.internal ? 'message-internal' : '', 'message-pending'].filter(Boolean).join(' ')}
                  >
                    <div className="message-meta">
                      {p.internal ? <span className="message-note-label">Internal note</span> : null}
                      <span className="message-author">You</span>
                    </div>
                    <p className="message-body">
                      <MessageText text={p.body} />
                    </p>
                    {p.status === 'sending' ? (
                      <p className="message-status">Sending…</p>
                    ) : (
                      <div className="message-status message-failed" role="alert">
                        <span>Not sent{p.error ? `: ${p.error.detail}` : ''}</span>
                        <button type="button" className="button button-secondary button-small" onClick={() => { onRetry(p.clientId); }}>
                          Retry
                        </button>
                        <button type="button" className="button button-ghost button-small" onClick={() => { onDiscard(p.clientId); }}>
                          Discard
                        </button>
                      </div>
                    )}
                  </li>
                );
              }
              const m = item.message;
              const badge = answeredByBadge(m);
              const isLastAttempt = m.seq === lastBotAttemptSeq;
              return (
                <li
                  key={m.seq}
                  className={['message', `message-${m.author}`, m.internal ? 'message-internal' : '', isLastAttempt ? 'message-last-attempt' : '']
                    .filter(Boolean)
                    .join(' ')}
                >
                  <div className="message-meta">
                    {m.internal ? <span className="message-note-label">Internal note</span> : null}
                    <span className="message-author">{authorLabel(m, visitorLabel)}</span>
                    {badge ? (
                      <span className="badge badge-answered-by" data-testid="answered-by" title="Which stage answered, and its confidence">
                        {badge}
                      </span>
                    ) : null}
                    {isLastAttempt ? <span className="message-note-label">Bot’s last attempt</span> : null}
                    <time dateTime={m.createdAt} title={formatDate(m.createdAt, true)}>
                      {clockTime(m.createdAt)}
                    </time>
                  </div>
                  <p className="message-body">
                    <MessageText text={m.body} />
                  </p>
                  <RichParts rich={m.rich} linksClassName="message-links" quickRepliesLabel="Quick replies offered" linksLabel="Links offered" />
                  {m.seq === lastSeen ? <p className="message-status">Seen</p> : null}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}
