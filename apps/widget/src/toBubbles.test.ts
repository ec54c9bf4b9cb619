import { describe, expect, it } from 'vitest';
import { toBubbles } from './toBubbles.js';
import { message } from './test/fixtures.js';

const options = { intro: 'Hi there', botName: 'Helper', agentName: 'Support', agentReadSeq: 0 };

describe('toBubbles', () => {
  it('starts with the local greeting and labels the first of each run of messages', () => {
    const bubbles = toBubbles(
      [message(1, { author: 'bot' }), message(2, { author: 'visitor' }), message(3, { author: 'agent', authorName: 'Ann' }), message(4, { author: 'agent', authorName: 'Ann' }), message(5, { author: 'agent' })],
      [],
      options,
    );
    expect(bubbles.map((b) => [b.key, b.side, b.label])).toEqual([
      ['intro', 'other', 'Helper'],
      [message(1).id, 'other', null],
      [message(2).id, 'own', null],
      [message(3).id, 'other', 'Ann'],
      [message(4).id, 'other', null],
      [message(5).id, 'other', 'Support'],
    ]);
  });

  it('appends pending messages with their status and marks the last message the agent read as seen', () => {
    const bubbles = toBubbles(
      [message(1, { author: 'visitor' }), message(2, { author: 'visitor' }), message(3, { author: 'visitor' })],
      [{ clientId: 'pending-1', body: 'on its way', tab: 'assistant', createdAt: 1, status: 'sending' }],
      { ...options, intro: '', agentReadSeq: 2 },
    );
    expect(bubbles.map((b) => [b.body, b.status])).toEqual([
      ['message 1', null],
      ['message 2', 'seen'],
      ['message 3', null],
      ['on its way', 'sending'],
    ]);
  });

  describe('the hybrid assistant', () => {
    const replies = [{ label: 'Track my order', payload: 'track_order' }, { label: 'Talk to a person' }];
    const rich = { quickReplies: replies, links: [{ label: 'Shipping', url: 'https://shop.example/shipping' }] };

    it('shows quick replies only under the newest bot message, and its links and sources on it', () => {
      const bubbles = toBubbles(
        [message(1, { rich }), message(2, { author: 'visitor' }), message(3, { rich: { quickReplies: replies, sources: [{ title: 'FAQ' }] } }), message(4, { author: 'system' })],
        [],
        { ...options, intro: '' },
      );
      expect(bubbles.map((b) => [b.body, b.replies, b.rich])).toEqual([
        ['message 1', undefined, { links: rich.links }],
        ['message 2', undefined, undefined],
        ['message 3', replies, { sources: [{ title: 'FAQ' }] }],
        ['message 4', undefined, undefined],
      ]);
    });

    it('hides quick replies once the visitor writes after them (sending or stored), an agent answers, or a newer bot message has none', () => {
      const bot = message(1, { rich });
      const pending = [{ clientId: 'pending-1', body: 'track_order', tab: 'assistant' as const, createdAt: 1, status: 'sending' as const }];
      const replyCount = (b: ReturnType<typeof toBubbles>) => b.filter((x) => x.replies).length;
      expect(replyCount(toBubbles([bot], [], options))).toBe(1);
      expect(replyCount(toBubbles([bot], pending, options))).toBe(0);
      expect(replyCount(toBubbles([bot, message(2, { author: 'visitor' })], [], options))).toBe(0);
      expect(replyCount(toBubbles([bot, message(2, { author: 'agent' })], [], options))).toBe(0);
      expect(replyCount(toBubbles([bot, message(2)], [], options))).toBe(0);
    });

    it('shows a partial answer as a streaming bot bubble after the messages (hiding older quick replies)', () => {
      const streaming = [{ streamId: 'stream-1', conversationId: 'c', text: 'We are open' }];
      const bubbles = toBubbles([message(1, { rich }), message(2, { author: 'visitor' })], [], { ...options, intro: '', streaming });
      expect(bubbles.map((b) => [b.key, b.side, b.label, b.body, b.kind])).toEqual([
        [message(1).id, 'other', 'Helper', 'message 1', undefined],
        [message(2).id, 'own', null, 'message 2', undefined],
        ['stream-1', 'other', 'Helper', 'We are open', 'streaming'],
      ]);
      const afterBot = toBubbles([message(1, { rich })], [], { ...options, intro: '', streaming });
      expect(afterBot.map((b) => [b.label, b.replies])).toEqual([
        ['Helper', undefined],
        [null, undefined],
      ]);
    });

    it('places each handoff note after the message it followed', () => {
      const bubbles = toBubbles([message(1, { author: 'visitor' }), message(2), message(3, { author: 'agent', authorName: 'Ann' })], [], {
        ...options,
        intro: '',
        handoffSeqs: [1],
        handoffNote: "You're now chatting with our team.",
      });
      expect(bubbles.map((b) => [b.side, b.body, b.kind])).toEqual([
        ['own', 'message 1', undefined],
        ['system', "You're now chatting with our team.", 'handoff'],
        ['other', 'message 2', undefined],
        ['other', 'message 3', undefined],
      ]);
      const atEnd = toBubbles([message(1, { author: 'visitor' })], [], { ...options, intro: '', handoffSeqs: [1], handoffNote: 'note' });
      expect(atEnd.map((b) => b.kind)).toEqual([undefined, 'handoff']);
      const twice = toBubbles([message(1, { author: 'visitor' })], [], { ...options, intro: '', handoffSeqs: [1, 1], handoffNote: 'note' });
      expect(twice.map((b) => b.key)).toEqual([message(1).id, 'handoff-0', 'handoff-1']);
    });
  });
});
