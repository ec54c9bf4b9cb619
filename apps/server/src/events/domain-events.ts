import type { Conversation, HandoffReason, Message, MessageDelta } from '@parley/contracts';

/** What services announce; the realtime listener alone decides who hears it. */
export type DomainEvent =
  | {
      type: 'message.created';
      orgId: string;
      visitorId: string;
      message: Message;
      /** The connection that sent it: its ack already carries the message, so only the visitor's other tabs hear it. */
      senderConnection?: string;
    }
  /** Part of a bot answer still being written (LLM streaming); the final message.created follows. */
  | { type: 'message.delta'; orgId: string; visitorId: string; delta: MessageDelta }
  /**
   * The conversation went to a person (after conversation.updated). `messageId`: the message that handed
   * it over (a visitor's from the Live Support tab, the bot's handoff answer); none when an agent took it.
   */
  | { type: 'conversation.handoff'; orgId: string; conversation: Conversation; reason: HandoffReason; messageId?: string }
  /** An agent resolved the conversation (after conversation.updated). */
  | { type: 'conversation.resolved'; orgId: string; conversation: Conversation }
  | { type: 'conversation.created' | 'conversation.updated'; orgId: string; conversation: Conversation }
  | { type: 'typing'; orgId: string; conversationId: string; visitorId: string; from: 'visitor' | 'agent'; userId: string | null; typing: boolean }
  | { type: 'read'; orgId: string; conversationId: string; visitorId: string; by: 'visitor' | 'agent'; seq: number }
  | { type: 'visitor.online' | 'visitor.offline'; orgId: string; botId: string; visitorId: string }
  /** What a bot's visitors are served changed (publish, rollback, canary step, experiment): widgets re-resolve. */
  | { type: 'release.changed'; orgId: string; botId: string; reason: string }
  /**
   * Someone's access ended or changed (sign-out, password change, removal, new role, revoked key): their
   * open dashboard sockets are closed on every node, so nothing more reaches them and a reconnect is
   * checked afresh. `orgId` is null for a user's sessions (not tied to one organization).
   */
  | { type: 'access.revoked'; orgId: string | null; target: AccessTarget }
  /** A bot's settings changed or it was deleted (caches of it are dropped). */
  | { type: 'bot.changed'; orgId: string; botId: string }
  /** A bot's intents, FAQs or documents changed (whether it has anything to answer from is read again). */
  | { type: 'knowledge.changed'; orgId: string; botId: string }
  /** An organization's webhook endpoints changed (which events it wants is read again). */
  | { type: 'webhooks.changed'; orgId: string };

export type AccessTarget =
  | { kind: 'session'; sessionId: string }
  /** Every session of the user but `exceptSessionId` (a password change keeps the session that made it). */
  | { kind: 'user'; userId: string; exceptSessionId?: string }
  /** The user's sockets in one organization (removed, or their role changed). */
  | { kind: 'member'; userId: string }
  | { kind: 'apiKey'; apiKeyId: string };

export interface EventBus {
  emit(event: DomainEvent): void;
  subscribe(listener: (event: DomainEvent) => void): () => void;
}

/** In-process bus; a listener that throws never breaks the emitter or other listeners. */
export function createEventBus(onListenerError: (err: unknown) => void): EventBus {
  const listeners = new Set<(event: DomainEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
