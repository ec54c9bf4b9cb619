import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@parley/contracts';
import { parseAgentEvent } from './agentEvents';
import { activeHandoff, answeredByBadge, lastBotAttemptSeq, streamedText } from './botAnswer';
import { inboxReducer, initialInboxState, TYPING_TTL_MS } from './inboxReducer';

const conversationId = '00000000-0000-4000-8000-00000000000c';

function message(seq: number, author: Message['author'], at: string, extra: Partial<Message> = {}): Message {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    conversationId,
    seq,
    clientId: null,
    author,
    authorName: null,
    body: `message ${seq}`,
    internal: false,
    createdAt: at,
    ...extra,
  };
}

describe('bot answers in the inbox', () => {
  it('badges bot messages with the stage and confidence', () => {
    expect(answeredByBadge({ author: 'bot', answeredBy: 'intent', confidence: 0.9234 })).toBe('intent · 0.92');
    expect(answeredByBadge({ author: 'bot', answeredBy: 'llm', confidence: null })).toBe('llm');
    expect(answeredByBadge({ author: 'bot', answeredBy: null })).toBeNull();
    expect(answeredByBadge({ author: 'agent', answeredBy: 'intent', confidence: 1 })).toBeNull();
  });

  it('shows the handoff only while a person handles the conversation', () => {
    const at = '2025-03-01T10:00:00.000Z';
    expect(activeHandoff({ humanMode: true, handedOffAt: at, handoffReason: 'request' })).toEqual({ at, reason: 'the visitor asked for a person' });
    expect(activeHandoff({ humanMode: true, handedOffAt: at, handoffReason: null })).toEqual({ at, reason: 'no reason recorded' });
    expect(activeHandoff({ humanMode: false, handedOffAt: at, handoffReason: 'request' })).toBeNull();
    expect(activeHandoff({ humanMode: true, handedOffAt: null })).toBeNull();
  });

  it('finds the bot’s last answer before the handoff, not the handoff notice', () => {
    const messages = [
      message(1, 'visitor', '2025-03-01T09:59:00.000Z'),
      message(2, 'bot', '2025-03-01T09:59:01.000Z', { answeredBy: 'knowledge', confidence: 0.4 }),
      message(3, 'visitor', '2025-03-01T09:59:30.000Z'),
      message(4, 'bot', '2025-03-01T09:59:31.000Z', { answeredBy: 'fallback' }),
      message(5, 'visitor', '2025-03-01T09:59:50.000Z'),
      message(6, 'bot', '2025-03-01T10:00:00.000Z', { answeredBy: 'handoff' }),
      message(7, 'bot', '2025-03-01T10:05:00.000Z', { answeredBy: 'intent' }),
    ];
    expect(lastBotAttemptSeq(messages, '2025-03-01T10:00:00.000Z')).toBe(4);
    expect(lastBotAttemptSeq(messages.slice(0, 1), '2025-03-01T10:00:00.000Z')).toBeNull();
    expect(lastBotAttemptSeq(messages, null)).toBeNull();
  });

  it('joins streamed deltas in index order', () => {
    expect(streamedText({ 2: 'world', 0: 'Hello', 1: ', ' })).toBe('Hello, world');
  });
});

describe('streamed bot answers', () => {
  const conversation: Conversation = {
    id: conversationId,
    botId: '00000000-0000-4000-8000-0000000000b0',
    visitorId: '00000000-0000-4000-8000-0000000000f0',
    status: 'open',
    humanMode: false,
    assigneeId: null,
    lastSeq: 1,
    visitorReadSeq: 1,
    agentReadSeq: 1,
    lastMessageAt: null,
    createdAt: '2025-03-01T09:00:00.000Z',
  };
  const delta = (streamId: string, index: number, text: string) => {
    const event = parseAgentEvent('message.delta', { conversationId, streamId, index, text });
    if (event?.type !== 'message.delta') throw new Error('not a delta');
    return event.delta;
  };

  it('collects deltas until the final bot message replaces them', () => {
    let state = inboxReducer(initialInboxState, { type: 'conversation', conversation });
    state = inboxReducer(state, { type: 'delta', delta: delta('s1', 1, ' there'), now: 0 });
    state = inboxReducer(state, { type: 'delta', delta: delta('s1', 0, 'Hi'), now: 0 });
    expect(streamedText(state.botStreams[conversationId]?.parts ?? {})).toBe('Hi there');
    // A new stream starts over.
    state = inboxReducer(state, { type: 'delta', delta: delta('s2', 0, 'Other'), now: 0 });
    expect(streamedText(state.botStreams[conversationId]?.parts ?? {})).toBe('Other');
    state = inboxReducer(state, { type: 'message', message: message(2, 'bot', '2025-03-01T09:10:00.000Z', { answeredBy: 'llm' }), live: true });
    expect(state.botStreams).toEqual({});
  });

  it('drops a stream whose final message never came', () => {
    let state = inboxReducer(initialInboxState, { type: 'delta', delta: delta('s1', 0, 'Hi'), now: 1_000 });
    state = inboxReducer(state, { type: 'typingExpired', now: 1_000 + TYPING_TTL_MS - 1 });
    expect(Object.keys(state.botStreams)).toEqual([conversationId]);
    state = inboxReducer(state, { type: 'typingExpired', now: 1_000 + TYPING_TTL_MS });
    expect(state.botStreams).toEqual({});
  });

  it('ignores malformed deltas', () => {
    expect(parseAgentEvent('message.delta', { conversationId, streamId: 's', index: -1, text: 'x' })).toBeNull();
  });
});
