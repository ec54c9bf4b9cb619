import { describe, expect, it } from 'vitest';
import { hasUnseen, messagesForTab } from './messagesForTab.js';
import { message } from './test/fixtures.js';
import type { Tab } from './types.js';

const tabs = new Map<string, Tab>([
  ['sent-from-ai', 'assistant'],
  ['sent-to-human', 'human'],
]);
const tabOf = (id: string) => tabs.get(id);
const list = [
  message(1, { author: 'visitor', clientId: 'sent-from-ai' }),
  message(2, { author: 'bot' }),
  message(3, { author: 'visitor', clientId: 'sent-to-human' }),
  message(4, { author: 'agent' }),
  message(5, { author: 'system' }),
  message(6, { author: 'visitor', clientId: 'other-device' }),
];

describe('premium tabs', () => {
  it('splits one conversation into AI Assistant and Live Support', () => {
    expect(messagesForTab(list, 'assistant', tabOf).map((m) => m.seq)).toEqual([1, 2, 5, 6]);
    expect(messagesForTab(list, 'human', tabOf).map((m) => m.seq)).toEqual([3, 4, 5, 6]);
  });

  it('tells whether a tab has bot/agent messages after a seq', () => {
    expect(hasUnseen(list, 'human', 3, tabOf)).toBe(true);
    expect(hasUnseen(list, 'human', 4, tabOf)).toBe(false);
    expect(hasUnseen(list, 'assistant', 1, tabOf)).toBe(true);
    expect(hasUnseen(list, 'assistant', 2, tabOf)).toBe(false);
  });
});
