import type { Locale } from '@parley/contracts';

export interface AssistantInput {
  orgId: string;
  botId: string;
  locale: Locale;
  conversationId: string;
  humanMode: boolean;
  text: string;
  /** When the message before this one was sent; null for the first. */
  previousMessageAt: Date | null;
  lastAutoReplyAt: Date | null;
  at: Date;
}

export interface AssistantReply {
  body: string;
  answeredBy: string;
  /**
   * Send only if the bot has not auto-replied in this session yet. The conversation
   * service checks this under the conversation lock, so concurrent messages get one reply.
   */
  oncePerSession?: boolean;
}

/** Every visitor message passes through here; the answer (if any) is sent as the bot. */
export interface AssistantPort {
  answer(input: AssistantInput): Promise<AssistantReply | null>;
}
