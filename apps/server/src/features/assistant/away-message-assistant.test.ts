import { describe, expect, it } from 'vitest';
import type { AssistantInput } from './assistant-port.js';
import { awayMessageAssistant } from './away-message-assistant.js';

const base: AssistantInput = {
  orgId: 'o',
  botId: 'b',
  locale: 'en',
  conversationId: 'c',
  visitorId: 'v',
  messageId: 'm',
  seq: 1,
  humanMode: false,
  text: 'hi',
  previousMessageAt: null,
  lastAutoReplyAt: null,
  at: new Date('2026-11-22T10:00:00Z'),
};

describe('away-message assistant', () => {
  it('answers the first message of a session, in the bot locale', async () => {
    expect(await awayMessageAssistant.answer(base)).toMatchObject({ answeredBy: 'away', oncePerSession: true, body: expect.stringContaining('get back to you') });
    expect((await awayMessageAssistant.answer({ ...base, locale: 'vi' }))?.body).toContain('Cảm ơn');
  });

  it('stays quiet for the rest of the session and in human mode', async () => {
    const earlier = new Date('2026-11-22T09:50:00Z');
    expect(await awayMessageAssistant.answer({ ...base, previousMessageAt: earlier, lastAutoReplyAt: earlier })).toBeNull();
    expect(await awayMessageAssistant.answer({ ...base, humanMode: true })).toBeNull();
  });

  it('answers again after an hour of silence', async () => {
    const old = new Date('2026-11-22T08:59:00Z');
    expect(await awayMessageAssistant.answer({ ...base, previousMessageAt: old, lastAutoReplyAt: old })).not.toBeNull();
  });
});
