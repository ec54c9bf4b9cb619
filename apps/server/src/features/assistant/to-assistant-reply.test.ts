import { describe, expect, it } from 'vitest';
import { MessageRich } from '@parley/contracts';
import { toAssistantReply, toHandoffReason, toMessageRich } from './to-assistant-reply.js';

describe('toAssistantReply', () => {
  it('maps the package handoff reasons to the contract ones', () => {
    expect(toHandoffReason('explicit_request')).toBe('request');
    expect(toHandoffReason('rule')).toBe('rule');
    expect(toHandoffReason('intent')).toBe('intent');
  });

  it('is null for silence and carries the handoff reason for a handoff', () => {
    expect(toAssistantReply({ kind: 'silent', stages: [{ name: 'handoff', ms: 0.1, outcome: 'silent' }], totalMs: 0.1 })).toBeNull();
    const reply = toAssistantReply({
      kind: 'handoff',
      answeredBy: 'handoff',
      reason: 'intent',
      intent: 'complaint',
      text: 'Connecting you…',
      confidence: 0.7,
      stages: [{ name: 'intent', ms: 1.26, outcome: 'handoff', detail: 'complaint 0.70' }],
      totalMs: 1.6,
    });
    expect(reply).toEqual({
      body: 'Connecting you…',
      answeredBy: 'handoff',
      confidence: 0.7,
      rich: null,
      trace: { stages: [{ name: 'intent', ms: 1.26, outcome: 'handoff', detail: 'complaint 0.70' }], totalMs: 1.6, intent: 'complaint' },
      latencyMs: 2,
      handoff: 'intent',
    });
  });

  it('keeps rich parts within the message contract (lengths, counts, http(s) links only)', () => {
    const rich = toMessageRich({
      quickReplies: Array.from({ length: 12 }, (_, i) => ({ label: i === 0 ? 'x'.repeat(100) : `q${i}` })),
      links: [
        { label: 'ok', url: 'https://shop.test/a' },
        { label: 'evil', url: 'javascript:alert(1)' },
      ],
      sources: [{ title: 'Q'.repeat(500) }, { title: 'Doc', url: 'notaurl' }],
    });
    expect(MessageRich.safeParse(rich).success).toBe(true);
    expect(rich?.quickReplies).toHaveLength(10);
    expect(rich?.quickReplies?.[0]?.label).toHaveLength(80);
    expect(rich?.links).toEqual([{ label: 'ok', url: 'https://shop.test/a' }]);
    expect(rich?.sources?.[0]?.title).toHaveLength(300);
    expect(rich?.sources?.[1]).toEqual({ title: 'Doc' });
    expect(toMessageRich({})).toBeNull();
  });
});
