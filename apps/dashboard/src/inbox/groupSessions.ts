/** A new session starts after this much silence between two consecutive messages. */
export const SESSION_GAP_MS = 60 * 60 * 1000;

export interface Session<T> {
  /** When the session's first message was written. */
  startedAt: string;
  items: T[];
}

/** Splits items (oldest first) into sessions wherever more than `gapMs` passed between two of them. */
export function groupSessions<T extends { createdAt: string }>(items: readonly T[], gapMs = SESSION_GAP_MS): Session<T>[] {
  const sessions: Session<T>[] = [];
  let previous: number | null = null;
  for (const item of items) {
    const at = Date.parse(item.createdAt);
    const current = sessions.at(-1);
    if (!current || previous === null || at - previous > gapMs) {
      sessions.push({ startedAt: item.createdAt, items: [item] });
    } else {
      current.items.push(item);
    }
    previous = at;
  }
  return sessions;
}
