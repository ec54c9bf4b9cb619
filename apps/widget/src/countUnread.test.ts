import { describe, expect, it } from 'vitest';
import { countUnread, lastIncomingSeq } from './countUnread.js';
import { message } from './test/fixtures.js';

describe('unread counting', () => {
  const list = [
    message(1, { author: 'visitor' }),
    message(2, { author: 'bot' }),
    message(3, { author: 'system' }),
    message(4, { author: 'agent' }),
    message(5, { author: 'visitor' }),
    message(6, { author: 'agent', internal: true }),
  ];

  it('counts only bot and agent messages after the read seq', () => {
    expect(countUnread(list, 0)).toBe(2);
    expect(countUnread(list, 2)).toBe(1);
    expect(countUnread(list, 4)).toBe(0);
    expect(countUnread([], 0)).toBe(0);
  });

  it('finds the newest incoming seq', () => {
    expect(lastIncomingSeq(list)).toBe(4);
    expect(lastIncomingSeq([message(1, { author: 'visitor' })])).toBe(0);
  });
});
