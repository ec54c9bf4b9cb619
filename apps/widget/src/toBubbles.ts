import type { Message, MessageRich, QuickReply } from '@parley/contracts';
import type { PendingMessage } from './chatSession.js';
import type { PartialAnswer } from './streams.js';

export interface Bubble {
  key: string;
  side: 'own' | 'other' | 'system';
  /** Who wrote it, on the first of a run of messages by the same author (others only). */
  label: string | null;
  body: string;
  status: 'sending' | 'failed' | 'seen' | null;
  /** ISO timestamp, when the server has it. */
  at: string | null;
  /** A bot answer still being streamed, or the note that a person took over. */
  kind?: 'streaming' | 'handoff';
  /** Links and sources of a bot message. */
  rich?: MessageRich;
  /** Quick replies: only on the newest bot message, until the visitor writes after it. */
  replies?: QuickReply[];
}

export interface BubbleOptions {
  /** A local first bubble from the bot (never stored); empty for none. */
  intro: string;
  botName: string;
  /** Label of agents without a name. */
  agentName: string;
  /** The agent has read up to this seq ("Seen" under the visitor's last read message). */
  agentReadSeq: number;
  /** Partial bot answers, shown after the messages. */
  streaming?: readonly PartialAnswer[];
  /** A handoff note after each of these seqs. */
  handoffSeqs?: readonly number[];
  handoffNote?: string;
}

function author(m: Message, o: BubbleOptions): string {
  if (m.author === 'agent') return m.authorName ?? o.agentName;
  return m.author === 'bot' ? o.botName : '';
}

/** What the message list shows: intro, server messages (and handoff notes), partial answers, then the visitor's pending ones. */
export function toBubbles(messages: readonly Message[], pending: readonly PendingMessage[], o: BubbleOptions): Bubble[] {
  const out: Bubble[] = [];
  let lastLabel: string | null = null;
  const other = (key: string, name: string, body: string, at: string | null, kind?: 'streaming') => {
    out.push({ key, side: 'other', label: name === lastLabel ? null : name, body, status: null, at, ...(kind && { kind }) });
    lastLabel = name;
  };
  if (o.intro) other('intro', o.botName, o.intro, null);
  let seenIndex = -1;
  let lastBot: { bubble: Bubble; replies: QuickReply[] | undefined } | null = null;
  const notes = o.handoffSeqs ?? [];
  let noted = 0;
  const note = (beforeSeq: number) => {
    for (; (notes[noted] ?? Infinity) < beforeSeq; noted++) {
      out.push({ key: `handoff-${noted}`, side: 'system', label: null, body: o.handoffNote ?? '', status: null, at: null, kind: 'handoff' });
      lastLabel = null;
    }
  };
  for (const m of messages) {
    if (m.internal) continue;
    note(m.seq);
    if (m.author !== 'system') lastBot = null;
    if (m.author === 'visitor') {
      if (m.seq <= o.agentReadSeq) seenIndex = out.length;
      out.push({ key: m.id, side: 'own', label: null, body: m.body, status: null, at: m.createdAt });
      lastLabel = null;
    } else if (m.author === 'system') {
      out.push({ key: m.id, side: 'system', label: null, body: m.body, status: null, at: m.createdAt });
      lastLabel = null;
    } else {
      other(m.id, author(m, o), m.body, m.createdAt);
      const bubble = out[out.length - 1];
      if (m.author === 'bot' && bubble) {
        const { quickReplies, ...rest } = m.rich ?? {};
        if (rest.links || rest.sources) bubble.rich = rest;
        lastBot = { bubble, replies: quickReplies };
      }
    }
  }
  note(Infinity);
  const streaming = o.streaming ?? [];
  for (const s of streaming) other(s.streamId, o.botName, s.text, null, 'streaming');
  if (lastBot?.replies && pending.length === 0 && streaming.length === 0) lastBot.bubble.replies = lastBot.replies;
  const seen = out[seenIndex];
  if (seen) seen.status = 'seen';
  for (const p of pending) out.push({ key: p.clientId, side: 'own', label: null, body: p.body, status: p.status, at: null });
  return out;
}
