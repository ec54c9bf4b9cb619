import type { Locale } from '@parley/contracts';
import type { AssistantInput, AssistantPort } from './assistant-port.js';

/** A new session starts after this much silence (the seed's session grouping). */
export const SESSION_GAP_MS = 3_600_000;

const AWAY: Record<Locale, string> = {
  en: "Thanks for your message! We'll get back to you here as soon as we can.",
  vi: 'Cảm ơn bạn đã nhắn tin! Chúng tôi sẽ trả lời bạn tại đây sớm nhất có thể.',
};

export function startsNewSession(input: Pick<AssistantInput, 'previousMessageAt' | 'at'>): boolean {
  return input.previousMessageAt === null || input.at.getTime() - input.previousMessageAt.getTime() > SESSION_GAP_MS;
}

/**
 * The default assistant until the hybrid bot lands: says "we'll get back to you" once per
 * session and leaves the conversation to agents; silent in human mode and for a message
 * the visitor has since written after.
 */
export const awayMessageAssistant: AssistantPort = {
  async answer(input) {
    if (input.humanMode || input.superseded) return null;
    if (input.lastAutoReplyAt !== null && !startsNewSession(input)) return null;
    return { body: AWAY[input.locale], answeredBy: 'away', oncePerSession: true };
  },
};
