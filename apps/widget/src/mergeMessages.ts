import type { Message } from '@parley/contracts';

/**
 * Adds `incoming` to `current` (already sorted by seq): one entry per seq (and per id),
 * sorted by seq; internal notes are dropped. Returns `current` itself when nothing changed,
 * so merging the same messages again is a no-op.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  const seqs = new Set(current.map((m) => m.seq));
  const ids = new Set(current.map((m) => m.id));
  const added: Message[] = [];
  for (const m of incoming) {
    if (m.internal || seqs.has(m.seq) || ids.has(m.id)) continue;
    seqs.add(m.seq);
    ids.add(m.id);
    added.push(m);
  }
  if (added.length === 0) return current;
  return [...current, ...added].sort((a, b) => a.seq - b.seq);
}

/** The highest seq in a sorted list, 0 when empty. */
export function maxSeq(messages: readonly Message[]): number {
  return messages[messages.length - 1]?.seq ?? 0;
}
