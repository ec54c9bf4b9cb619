import type { DomainEvent } from '../events/domain-events.js';

export type Namespace = 'visitor' | 'agent';
export interface Delivery {
  namespace: Namespace;
  room: string;
  event: string;
  payload: unknown;
  /** A connection (socket id) in the room that does not get it. */
  except?: string;
}

export const orgRoom = (orgId: string) => `org:${orgId}`;
export const visitorRoom = (visitorId: string) => `visitor:${visitorId}`;
/** Every open widget of a bot (for `release.changed`). */
export const botRoom = (botId: string) => `bot:${botId}`;
/** An agent socket's own rooms, by which its access can be revoked. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const memberRoom = (orgId: string, userId: string) => `member:${orgId}:${userId}`;
export const apiKeyRoom = (apiKeyId: string) => `apikey:${apiKeyId}`;

/**
 * The one place that decides recipients: agents hear everything of their own
 * organization; a visitor hears only their own conversation, never internal notes,
 * assignments or other agents' typing in other conversations.
 */
export function routeEvent(event: DomainEvent): Delivery[] {
  if (event.type === 'access.revoked') return []; // not a message: the realtime server closes the sockets
  const orgId = event.orgId;
  const agents = (name: string, payload: unknown): Delivery => ({ namespace: 'agent', room: orgRoom(orgId), event: name, payload });
  switch (event.type) {
    case 'message.created': {
      const out = [agents('message.created', event.message)];
      if (!event.message.internal) {
        const toVisitor: Delivery = { namespace: 'visitor', room: visitorRoom(event.visitorId), event: 'message.created', payload: event.message };
        out.push(event.senderConnection === undefined ? toVisitor : { ...toVisitor, except: event.senderConnection });
      }
      return out;
    }
    case 'message.delta':
      return [
        agents('message.delta', event.delta),
        { namespace: 'visitor', room: visitorRoom(event.visitorId), event: 'message.delta', payload: event.delta },
      ];
    case 'conversation.handoff':
    case 'conversation.resolved':
      // conversation.updated already told everyone; these are for webhooks.
      return [];
    case 'conversation.created':
    case 'conversation.updated': {
      const c = event.conversation;
      return [
        agents(event.type, c),
        {
          namespace: 'visitor',
          room: visitorRoom(c.visitorId),
          event: 'conversation.updated',
          payload: { id: c.id, status: c.status, humanMode: c.humanMode },
        },
      ];
    }
    case 'typing':
      return event.from === 'visitor'
        ? [agents('typing', { conversationId: event.conversationId, from: 'visitor', typing: event.typing })]
        : [
            agents('typing', { conversationId: event.conversationId, from: 'agent', userId: event.userId, typing: event.typing }),
            { namespace: 'visitor', room: visitorRoom(event.visitorId), event: 'typing', payload: { from: 'agent', typing: event.typing } },
          ];
    case 'read':
      return event.by === 'visitor'
        ? [agents('read', { conversationId: event.conversationId, by: 'visitor', seq: event.seq })]
        : [
            agents('read', { conversationId: event.conversationId, by: 'agent', seq: event.seq }),
            { namespace: 'visitor', room: visitorRoom(event.visitorId), event: 'read', payload: { by: 'agent', seq: event.seq } },
          ];
    case 'visitor.online':
    case 'visitor.offline':
      return [agents(event.type, { botId: event.botId, visitorId: event.visitorId })];
    case 'bot.changed':
    case 'knowledge.changed':
    case 'webhooks.changed':
      // Caches are dropped by their owners; the dashboard re-reads these when it needs them.
      return [];
    case 'release.changed':
      return [
        agents('release.changed', { botId: event.botId, reason: event.reason }),
        // Widgets only learn that they should re-resolve; which release they get is per visitor.
        { namespace: 'visitor', room: botRoom(event.botId), event: 'release.changed', payload: { botId: event.botId } },
      ];
  }
}
