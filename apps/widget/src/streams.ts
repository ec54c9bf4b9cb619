import type { MessageDelta } from '@parley/contracts';

/** A bot answer the LLM is still writing: its text so far. */
export interface PartialAnswer {
  streamId: string;
  conversationId: string;
  text: string;
}

/**
 * The partial answers being streamed (`message.delta`), oldest first. Pieces are put
 * together by `index` (a piece seen before is ignored, a late one goes into its place);
 * an answer with no new piece for `ttlMs` is dropped (its final message never came).
 */
export interface Streams {
  /** True when the text changed. */
  add: (delta: MessageDelta) => boolean;
  /** Drops the partial answers of a conversation (its final bot message arrived), or all with null. True when any was there. */
  drop: (conversationId: string | null) => boolean;
  list: () => PartialAnswer[];
  close: () => void;
}

/** Pieces beyond this index are ignored (an answer is at most a few thousand tokens). */
const MAX_INDEX = 8_000;

interface Entry {
  conversationId: string;
  /** Sparse: holes are pieces not received (yet). */
  parts: string[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

export function createStreams(onExpire: () => void, ttlMs = 60_000): Streams {
  const entries = new Map<string, Entry>();

  const expire = (streamId: string) =>
    setTimeout(() => {
      entries.delete(streamId);
      onExpire();
    }, ttlMs);

  return {
    add({ conversationId, streamId, index, text }) {
      const entry = entries.get(streamId) ?? { conversationId, parts: [], timer: undefined };
      if (index > MAX_INDEX || entry.conversationId !== conversationId || entry.parts[index] !== undefined) return false;
      clearTimeout(entry.timer);
      entry.timer = expire(streamId);
      entry.parts[index] = text;
      entries.set(streamId, entry);
      return true;
    },
    drop(conversationId) {
      let dropped = false;
      for (const [id, entry] of entries) {
        if (conversationId !== null && entry.conversationId !== conversationId) continue;
        clearTimeout(entry.timer);
        entries.delete(id);
        dropped = true;
      }
      return dropped;
    },
    list: () => [...entries].map(([streamId, e]) => ({ streamId, conversationId: e.conversationId, text: e.parts.join('') })),
    close() {
      for (const entry of entries.values()) clearTimeout(entry.timer);
      entries.clear();
    },
  };
}
