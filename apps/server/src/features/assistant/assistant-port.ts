import type { AnsweredBy, HandoffReason, Locale, MessageRich, StageRecord } from '@parley/contracts';

export interface AssistantInput {
  orgId: string;
  botId: string;
  locale: Locale;
  conversationId: string;
  visitorId: string;
  /** The visitor message being answered. */
  messageId: string;
  seq: number;
  humanMode: boolean;
  text: string;
  /** When the message before this one was sent; null for the first. */
  previousMessageAt: Date | null;
  lastAutoReplyAt: Date | null;
  at: Date;
  /**
   * The visitor has written again since this message: its follow-up is being re-run late, for a server
   * process that died before answering. A workflow still gets the message; no answer is wanted.
   */
  superseded?: boolean;
}

/** How the answer was found, kept on the bot's message for the inbox and the test console. */
export interface AssistantTrace {
  stages: StageRecord[];
  totalMs: number;
  intent?: string;
  /** LLM tokens used, when the LLM answered. */
  tokens?: number;
}

export interface AssistantReply {
  body: string;
  answeredBy: AnsweredBy;
  confidence?: number | null;
  rich?: MessageRich | null;
  trace?: AssistantTrace | null;
  latencyMs?: number | null;
  /**
   * Send only if the bot has not auto-replied in this session yet. The conversation
   * service checks this under the conversation lock, so concurrent messages get one reply.
   */
  oncePerSession?: boolean;
  /** Hand the conversation to a person: human mode on, the agents' queue, and the reason recorded. */
  handoff?: HandoffReason;
}

/** Receives an answer while it is being written (the LLM streaming token by token). */
export interface AnswerStream {
  onToken(text: string): void;
}

/** Every visitor message passes through here; the answer (if any) is sent as the bot. */
export interface AssistantPort {
  answer(input: AssistantInput, stream?: AnswerStream): Promise<AssistantReply | null>;
}
