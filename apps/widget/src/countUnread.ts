import type { Message } from '@parley/contracts';

/** Messages from the bot or an agent count as unread; the visitor's own never do. */
export function isIncoming(m: Message): boolean {
  return (m.author === 'bot' || m.author === 'agent') && !m.internal;
}

/** How many incoming messages come after `readSeq`. */
export function countUnread(messages: readonly Message[], readSeq: number): number {
  let n = 0;
  for (const m of messages) if (m.seq > readSeq && isIncoming(m)) n++;
  return n;
}

/** The seq of the newest incoming message (up to `upTo`), 0 when there is none. */
export function lastIncomingSeq(messages: readonly Message[], upTo = Infinity): number {
  let seq = 0;
  for (const m of messages) if (isIncoming(m) && m.seq > seq && m.seq <= upTo) seq = m.seq;
  return seq;
}
