import { describe, expect, it } from 'vitest';
import { parseAgentRead, parseAgentTyping, parseConversationUpdate, parseDelta, parseIdentifyAck, parseMessage, parseRich, parseSendAck, parseSyncAck } from './serverProtocol.js';
import { message } from './test/fixtures.js';

describe('server protocol', () => {
  it('parses a message and rejects malformed ones', () => {
    expect(parseMessage({ ...message(1), extra: true })).toEqual(message(1));
    expect(parseMessage({ ...message(1), seq: 0 })).toBeNull();
    expect(parseMessage({ ...message(1), seq: 1.5 })).toBeNull();
    expect(parseMessage({ ...message(1), author: 'admin' })).toBeNull();
    expect(parseMessage({ ...message(1), body: 5 })).toBeNull();
    expect(parseMessage({ ...message(1), internal: 'false' })).toBeNull();
    expect(parseMessage(null)).toBeNull();
  });

  it('parses send acks', () => {
    expect(parseSendAck({ ok: true, message: message(2), duplicate: true })).toEqual({ ok: true, message: message(2), duplicate: true });
    expect(parseSendAck({ ok: false, error: { code: 'rate_limited', message: 'slow' } })).toEqual({ ok: false, error: { code: 'rate_limited', message: 'slow' } });
    expect(parseSendAck({ ok: true })).toBeNull();
    expect(parseSendAck({ ok: false })).toBeNull();
    expect(parseSendAck('ok')).toBeNull();
  });

  it('parses sync acks', () => {
    const conversation = { id: 'c', status: 'open', humanMode: false, lastSeq: 2, visitorReadSeq: 1, agentReadSeq: 0, botId: 'b' };
    expect(parseSyncAck({ ok: true, conversation, messages: [message(1), message(2)] })).toEqual({
      ok: true,
      conversation: { id: 'c', status: 'open', humanMode: false, lastSeq: 2, visitorReadSeq: 1, agentReadSeq: 0 },
      messages: [message(1), message(2)],
    });
    expect(parseSyncAck({ ok: true, conversation: null, messages: [] })).toEqual({ ok: true, conversation: null, messages: [] });
    expect(parseSyncAck({ ok: true, conversation: { id: 'c' }, messages: [] })).toBeNull();
    expect(parseSyncAck({ ok: true, conversation: null, messages: [{}] })).toBeNull();
  });

  it('parses identify acks and events', () => {
    expect(parseIdentifyAck({ ok: true, verified: true, visitorToken: 'vt2' })).toEqual({ ok: true, verified: true, visitorToken: 'vt2' });
    expect(parseIdentifyAck({ ok: true, verified: false })).toEqual({ ok: true, verified: false });
    expect(parseIdentifyAck({ ok: true })).toBeNull();
    expect(parseAgentTyping({ from: 'agent', typing: true })).toBe(true);
    expect(parseAgentTyping({ from: 'visitor', typing: true })).toBeNull();
    expect(parseAgentRead({ by: 'agent', seq: 3 })).toBe(3);
    expect(parseAgentRead({ by: 'agent', seq: -1 })).toBeNull();
    expect(parseConversationUpdate({ id: 'c', status: 'resolved', humanMode: true })).toEqual({ id: 'c', status: 'resolved', humanMode: true });
    expect(parseConversationUpdate({ id: 'c' })).toBeNull();
  });

  it('keeps the rich parts of a bot message, dropping malformed items (not the message)', () => {
    const rich = {
      quickReplies: [{ label: 'Yes', payload: 'yes' }, { label: 'No' }, { label: '' }, { payload: 'x' }, 'Maybe'],
      links: [{ label: 'Guide', url: 'https://shop.example/guide' }, { label: 'Bad', url: 'javascript:alert(1)' }, { label: 'No url' }],
      sources: [{ title: 'FAQ' }, { title: 'Doc', url: 'https://shop.example/doc' }, { url: 'https://x.example' }],
    };
    expect(parseMessage({ ...message(1), rich, answeredBy: 'knowledge', confidence: 0.8 })).toEqual({
      ...message(1),
      rich: {
        quickReplies: [{ label: 'Yes', payload: 'yes' }, { label: 'No' }],
        // Kept as sent: the renderer shows non-http(s) URLs as text.
        links: [{ label: 'Guide', url: 'https://shop.example/guide' }, { label: 'Bad', url: 'javascript:alert(1)' }],
        sources: [{ title: 'FAQ' }, { title: 'Doc', url: 'https://shop.example/doc' }],
      },
    });
    expect(parseMessage({ ...message(1), rich: null })).toEqual(message(1));
    expect(parseMessage({ ...message(1), rich: { quickReplies: 'Yes' } })).toEqual(message(1));
    expect(parseRich({ quickReplies: Array.from({ length: 30 }, (_, i) => ({ label: `r${i}` })) })?.quickReplies).toHaveLength(10);
    expect(parseRich({})).toBeNull();
  });

  it('parses message.delta', () => {
    const d = { conversationId: 'c', streamId: 's1', index: 0, text: 'Hel' };
    expect(parseDelta({ ...d, extra: 1 })).toEqual(d);
    expect(parseDelta({ ...d, text: '' })).toEqual({ ...d, text: '' });
    expect(parseDelta({ ...d, index: -1 })).toBeNull();
    expect(parseDelta({ ...d, index: 0.5 })).toBeNull();
    expect(parseDelta({ ...d, streamId: '' })).toBeNull();
    expect(parseDelta({ ...d, text: 5 })).toBeNull();
    expect(parseDelta(null)).toBeNull();
  });
});
