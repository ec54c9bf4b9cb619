import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@parley/contracts';
import { routeEvent } from './route-event.js';

const orgA = '11111111-1111-4111-8111-111111111111';
const visitor = '22222222-2222-4222-8222-222222222222';
const conv = '33333333-3333-4333-8333-333333333333';

const message = (internal: boolean): Message => ({
  id: '44444444-4444-4444-8444-444444444444',
  conversationId: conv,
  seq: 3,
  clientId: null,
  author: 'agent',
  authorName: 'Ann',
  body: internal ? 'note: refund approved' : 'Hello!',
  internal,
  createdAt: '2026-11-22T00:00:00.000Z',
});

const conversation: Conversation = {
  id: conv,
  botId: '55555555-5555-4555-8555-555555555555',
  visitorId: visitor,
  status: 'open',
  humanMode: true,
  assigneeId: '66666666-6666-4666-8666-666666666666',
  lastSeq: 3,
  visitorReadSeq: 1,
  agentReadSeq: 2,
  lastMessageAt: null,
  createdAt: '2026-11-22T00:00:00.000Z',
};

describe('routeEvent: exact recipients and payloads', () => {
  it('sends a public message to the org and to that visitor', () => {
    const m = message(false);
    expect(routeEvent({ type: 'message.created', orgId: orgA, visitorId: visitor, message: m })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'message.created', payload: m },
      { namespace: 'visitor', room: `visitor:${visitor}`, event: 'message.created', payload: m },
    ]);
  });

  it("skips the visitor's sending connection (its ack has the message), never the agents", () => {
    const m = message(false);
    expect(routeEvent({ type: 'message.created', orgId: orgA, visitorId: visitor, message: m, senderConnection: 'socket-1' })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'message.created', payload: m },
      { namespace: 'visitor', room: `visitor:${visitor}`, event: 'message.created', payload: m, except: 'socket-1' },
    ]);
  });

  it('never sends an internal note to the visitor', () => {
    const m = message(true);
    expect(routeEvent({ type: 'message.created', orgId: orgA, visitorId: visitor, message: m })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'message.created', payload: m },
    ]);
  });

  it('gives agents the whole conversation and the visitor only status and mode', () => {
    expect(routeEvent({ type: 'conversation.updated', orgId: orgA, conversation })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'conversation.updated', payload: conversation },
      { namespace: 'visitor', room: `visitor:${visitor}`, event: 'conversation.updated', payload: { id: conv, status: 'open', humanMode: true } },
    ]);
  });

  it('routes typing and read receipts to the other side', () => {
    expect(routeEvent({ type: 'typing', orgId: orgA, conversationId: conv, visitorId: visitor, from: 'visitor', userId: null, typing: true })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'typing', payload: { conversationId: conv, from: 'visitor', typing: true } },
    ]);
    expect(routeEvent({ type: 'typing', orgId: orgA, conversationId: conv, visitorId: visitor, from: 'agent', userId: 'u1', typing: false })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'typing', payload: { conversationId: conv, from: 'agent', userId: 'u1', typing: false } },
      { namespace: 'visitor', room: `visitor:${visitor}`, event: 'typing', payload: { from: 'agent', typing: false } },
    ]);
    expect(routeEvent({ type: 'read', orgId: orgA, conversationId: conv, visitorId: visitor, by: 'agent', seq: 7 })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'read', payload: { conversationId: conv, by: 'agent', seq: 7 } },
      { namespace: 'visitor', room: `visitor:${visitor}`, event: 'read', payload: { by: 'agent', seq: 7 } },
    ]);
    expect(routeEvent({ type: 'read', orgId: orgA, conversationId: conv, visitorId: visitor, by: 'visitor', seq: 2 })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'read', payload: { conversationId: conv, by: 'visitor', seq: 2 } },
    ]);
  });

  it('tells only the org about presence', () => {
    const botId = conversation.botId;
    expect(routeEvent({ type: 'visitor.online', orgId: orgA, botId, visitorId: visitor })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'visitor.online', payload: { botId, visitorId: visitor } },
    ]);
  });

  it("tells the org's agents and the bot's open widgets that what they are served changed (no release details to visitors)", () => {
    const botId = conversation.botId;
    expect(routeEvent({ type: 'release.changed', orgId: orgA, botId, reason: 'rollback' })).toEqual([
      { namespace: 'agent', room: `org:${orgA}`, event: 'release.changed', payload: { botId, reason: 'rollback' } },
      { namespace: 'visitor', room: `bot:${botId}`, event: 'release.changed', payload: { botId } },
    ]);
  });

  it('never addresses another organization', () => {
    const events = [
      { type: 'message.created', orgId: orgA, visitorId: visitor, message: message(false) },
      { type: 'conversation.created', orgId: orgA, conversation },
      { type: 'visitor.offline', orgId: orgA, botId: conversation.botId, visitorId: visitor },
      { type: 'release.changed', orgId: orgA, botId: conversation.botId, reason: 'publish' },
    ] as const;
    for (const e of events) {
      for (const d of routeEvent(e)) {
        expect([`org:${orgA}`, `visitor:${visitor}`, `bot:${conversation.botId}`]).toContain(d.room);
      }
    }
  });
});
