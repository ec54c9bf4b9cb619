import type { Message } from '@parley/contracts';
import { isIncoming } from './countUnread.js';
import type { Tab } from './types.js';

/**
 * Premium bots show one conversation in two tabs: the bot's answers in "AI Assistant",
 * agents' replies in "Live Support", system notes in both, and the visitor's own messages
 * in the tab they were sent from (both when that is not known, e.g. another device).
 */
export function belongsToTab(m: Message, tab: Tab, tabOf: (clientId: string) => Tab | undefined): boolean {
  switch (m.author) {
    case 'bot':
      return tab === 'assistant';
    case 'agent':
      return tab === 'human';
    case 'system':
      return true;
    case 'visitor': {
      const sentFrom = m.clientId === null ? undefined : tabOf(m.clientId);
      return sentFrom === undefined || sentFrom === tab;
    }
  }
}

export function messagesForTab(messages: readonly Message[], tab: Tab, tabOf: (clientId: string) => Tab | undefined): Message[] {
  return messages.filter((m) => belongsToTab(m, tab, tabOf));
}

/** Whether `tab` holds a bot/agent message after `seenSeq` (the dot on a tab not in view). */
export function hasUnseen(messages: readonly Message[], tab: Tab, seenSeq: number, tabOf: (clientId: string) => Tab | undefined): boolean {
  return messages.some((m) => m.seq > seenSeq && isIncoming(m) && belongsToTab(m, tab, tabOf));
}
