import { describe, expect, it } from 'vitest';
import { parseAgentRead, parseAgentTyping, parseConversationUpdate, parseIdentifyAck, parseMessage, parseSendAck, parseSyncAck } from './serverProtocol.js';
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
});
