import type { Message } from '@parley/contracts';

/** Messages by seq, oldest first: a message seen twice (socket and REST) is kept once, the newer copy winning. */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return [...current];
  const last = current.at(-1)?.seq ?? 0;
  // The common case: new messages at the end.
  if (incoming.every((m, i) => m.seq > last && (i === 0 || m.seq > (incoming[i - 1]?.seq ?? 0)))) {
    return [...current, ...incoming];
  }
  const bySeq = new Map<number, Message>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The highest seq up to which no message is missing (seqs start at 1 and have no gaps on the
 * server): what to pass as `afterSeq` to catch up without losing anything.
 */
export function contiguousSeq(messages: readonly Message[]): number {
  let seq = 0;
  for (const m of messages) {
    if (m.seq === seq + 1) seq = m.seq;
    else if (m.seq > seq + 1) break;
  }
  return seq;
}
