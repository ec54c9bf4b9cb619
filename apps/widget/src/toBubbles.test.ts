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
});
