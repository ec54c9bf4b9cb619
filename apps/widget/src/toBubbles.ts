import type { Message } from '@parley/contracts';
import type { PendingMessage } from './chatSession.js';

export interface Bubble {
  key: string;
  side: 'own' | 'other' | 'system';
  /** Who wrote it, on the first of a run of messages by the same author (others only). */
  label: string | null;
  body: string;
  status: 'sending' | 'failed' | 'seen' | null;
  /** ISO timestamp, when the server has it. */
  at: string | null;
}

export interface BubbleOptions {
  /** A local first bubble from the bot (never stored); empty for none. */
  intro: string;
  botName: string;
  /** Label of agents without a name. */
  agentName: string;
  /** The agent has read up to this seq ("Seen" under the visitor's last read message). */
  agentReadSeq: number;
}

function author(m: Message, o: BubbleOptions): string {
  if (m.author === 'agent') return m.authorName ?? o.agentName;
  return m.author === 'bot' ? o.botName : '';
}

/** What the message list shows: intro, server messages, then the visitor's pending ones. */
export function toBubbles(messages: readonly Message[], pending: readonly PendingMessage[], o: BubbleOptions): Bubble[] {
  const out: Bubble[] = [];
  let lastLabel: string | null = null;
  const other = (key: string, name: string, body: string, at: string | null) => {
    out.push({ key, side: 'other', label: name === lastLabel ? null : name, body, status: null, at });
    lastLabel = name;
  };
  if (o.intro) other('intro', o.botName, o.intro, null);
  let seenIndex = -1;
  for (const m of messages) {
    if (m.internal) continue;
    if (m.author === 'visitor') {
      if (m.seq <= o.agentReadSeq) seenIndex = out.length;
      out.push({ key: m.id, side: 'own', label: null, body: m.body, status: null, at: m.createdAt });
      lastLabel = null;
    } else if (m.author === 'system') {
      out.push({ key: m.id, side: 'system', label: null, body: m.body, status: null, at: m.createdAt });
      lastLabel = null;
    } else {
      other(m.id, author(m, o), m.body, m.createdAt);
    }
  }
  const seen = out[seenIndex];
  if (seen) seen.status = 'seen';
  for (const p of pending) out.push({ key: p.clientId, side: 'own', label: null, body: p.body, status: p.status, at: null });
  return out;
}
