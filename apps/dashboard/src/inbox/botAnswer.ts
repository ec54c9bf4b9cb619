import type { Conversation, HandoffReason, Message } from '@parley/contracts';

/** "intent · 0.92", "knowledge · 0.71", "llm": which stage wrote a bot message and how sure it was. */
export function answeredByBadge(message: Pick<Message, 'author' | 'answeredBy' | 'confidence'>): string | null {
  if (message.author !== 'bot' || !message.answeredBy) return null;
  const confidence = message.confidence;
  return typeof confidence === 'number' && Number.isFinite(confidence)
    ? `${message.answeredBy} · ${confidence.toFixed(2)}`
    : message.answeredBy;
}

const reasonLabels: Record<HandoffReason, string> = {
  request: 'the visitor asked for a person',
  live_support: 'the visitor chose Live Support',
  rule: 'a bot rule',
  intent: 'an intent that hands off',
  no_answer: 'the bot had no answer',
  agent: 'an agent took over',
};

export function handoffReasonLabel(reason: HandoffReason | null | undefined): string {
  return reason ? reasonLabels[reason] : 'no reason recorded';
}

/** The handoff to show above the transcript: only while a person handles the conversation. */
export function activeHandoff(conversation: Pick<Conversation, 'humanMode' | 'handedOffAt' | 'handoffReason'>): {
  at: string;
  reason: string;
} | null {
  if (!conversation.humanMode || !conversation.handedOffAt) return null;
  return { at: conversation.handedOffAt, reason: handoffReasonLabel(conversation.handoffReason) };
}

/**
 * The seq of the bot's last answer before the handoff (what the visitor was told before asking
 * for a person), or null when the bot had not answered.
 */
export function lastBotAttemptSeq(messages: readonly Message[], handedOffAt: string | null | undefined): number | null {
  if (!handedOffAt) return null;
  const until = Date.parse(handedOffAt);
  let seq: number | null = null;
  for (const m of messages) {
    if (m.author !== 'bot' || m.internal || m.answeredBy === 'handoff') continue;
    if (Date.parse(m.createdAt) <= until) seq = m.seq;
  }
  return seq;
}

/** The text streamed so far: the deltas of one stream joined in `index` order (they can arrive out of order). */
export function streamedText(parts: Readonly<Record<number, string>>): string {
  return Object.entries(parts)
    .map(([index, text]) => [Number(index), text] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text)
    .join('');
}
