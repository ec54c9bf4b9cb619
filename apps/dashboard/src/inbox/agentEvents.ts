import { AckError, Conversation, Id, Message, MessageDelta } from '@parley/contracts';
import { z } from 'zod';
import { ReplyResult } from '../api/ReplyResult';

/** Server → agent payloads on the `/agent` namespace that @parley/contracts does not describe as such. */
export const TypingPayload = z.object({
  conversationId: Id,
  from: z.enum(['visitor', 'agent']),
  userId: z.string().nullish(),
  typing: z.boolean(),
});
export type TypingPayload = z.infer<typeof TypingPayload>;

export const ReadPayload = z.object({ conversationId: Id, by: z.enum(['visitor', 'agent']), seq: z.number().int() });
export type ReadPayload = z.infer<typeof ReadPayload>;

export const PresencePayload = z.object({ botId: Id, visitorId: Id });

/** The ack of `message.send`. */
export const SendAck = z.union([ReplyResult.extend({ ok: z.literal(true) }), AckError]);

/** Why the server refused the connection (`connect_error` data). */
export const RefusalData = z.object({ code: z.string(), message: z.string().optional() });

export type AgentEvent =
  | { type: 'message.created'; message: Message }
  | { type: 'message.delta'; delta: MessageDelta }
  | { type: 'conversation.created' | 'conversation.updated'; conversation: Conversation }
  | { type: 'typing'; payload: TypingPayload }
  | { type: 'read'; payload: ReadPayload }
  | { type: 'presence'; visitorId: string; online: boolean };

/** Turns a raw socket event into a typed one; null when the payload is not what the contract says. */
export function parseAgentEvent(name: string, payload: unknown): AgentEvent | null {
  switch (name) {
    case 'message.created': {
      const parsed = Message.safeParse(payload);
      return parsed.success ? { type: name, message: parsed.data } : null;
    }
    case 'message.delta': {
      const parsed = MessageDelta.safeParse(payload);
      return parsed.success ? { type: name, delta: parsed.data } : null;
    }
    case 'conversation.created':
    case 'conversation.updated': {
      const parsed = Conversation.safeParse(payload);
      return parsed.success ? { type: name, conversation: parsed.data } : null;
    }
    case 'typing': {
      const parsed = TypingPayload.safeParse(payload);
      return parsed.success ? { type: name, payload: parsed.data } : null;
    }
    case 'read': {
      const parsed = ReadPayload.safeParse(payload);
      return parsed.success ? { type: name, payload: parsed.data } : null;
    }
    case 'visitor.online':
    case 'visitor.offline': {
      const parsed = PresencePayload.safeParse(payload);
      return parsed.success ? { type: 'presence', visitorId: parsed.data.visitorId, online: name === 'visitor.online' } : null;
    }
    default:
      return null;
  }
}
