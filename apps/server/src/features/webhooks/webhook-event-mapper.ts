import type { Conversation, HandoffReason, Message, WebhookEvent } from '@parley/contracts';
import type { DomainEvent, EventBus } from '../../events/domain-events.js';
import type { Stores } from '../data-store.js';
import { toConversation } from '../conversations/conversation-mappers.js';
import type { WebhookOutbox } from './webhook-outbox.js';

/** The JSON body of an event webhook. */
export interface WebhookEventPayload {
  event: WebhookEvent;
  deliveryId: string;
  at: string;
  orgId: string;
  botId: string;
  conversation: Conversation;
  message?: Message;
  reason?: HandoffReason;
}

export interface WebhookEventMapperDeps {
  events: EventBus;
  outbox: Pick<WebhookOutbox, 'enqueueEvent' | 'wanted' | 'wantedNow'>;
  stores: Pick<Stores, 'conversations'>;
  now: () => Date;
  onError: (err: unknown) => void;
}

/**
 * Turns domain events into event-webhook deliveries: `message.created` (never internal notes),
 * `conversation.handoff` and `conversation.resolved`, for every enabled endpoint of the
 * organization that wants the event for that bot.
 *
 * The bus fires after the causing transaction committed, so the delivery is written just after
 * it, not inside it: a process that dies in between (a few milliseconds) loses that event's
 * webhooks. From the outbox on, delivery is at least once.
 */
export function subscribeWebhookEvents({ events, outbox, stores, now, onError }: WebhookEventMapperDeps) {
  const inFlight = new Set<Promise<void>>();

  async function enqueue(
    event: WebhookEvent,
    orgId: string,
    conversation: Conversation,
    extra: { message?: Message; reason?: HandoffReason },
  ): Promise<void> {
    const at = now().toISOString();
    await outbox.enqueueEvent(orgId, event, conversation.botId, conversation.id, (deliveryId): WebhookEventPayload => ({
      event,
      deliveryId,
      at,
      orgId,
      botId: conversation.botId,
      conversation,
      ...extra,
    }));
  }

  async function handle(event: DomainEvent): Promise<void> {
    switch (event.type) {
      case 'message.created': {
        if (event.message.internal) return;
        // Most organizations have no webhooks: one cheap query, and nothing more.
        if (!(await outbox.wanted(event.orgId, 'message.created'))) return;
        const row = await stores.conversations.find(event.orgId, event.message.conversationId);
        if (!row) return;
        return enqueue('message.created', event.orgId, toConversation(row), { message: event.message });
      }
      case 'conversation.handoff':
        return enqueue('conversation.handoff', event.orgId, event.conversation, { reason: event.reason });
      case 'conversation.resolved':
        return enqueue('conversation.resolved', event.orgId, event.conversation, {});
      default:
        return;
    }
  }

  const unsubscribe = events.subscribe((event) => {
    if (event.type !== 'message.created' && event.type !== 'conversation.handoff' && event.type !== 'conversation.resolved') return;
    // The chat's hot path: an organization known to want no message webhooks costs nothing here (no promise, no job).
    if (event.type === 'message.created' && (event.message.internal || outbox.wantedNow(event.orgId, 'message.created') === false)) return;
    const job = handle(event)
      .catch(onError)
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  });

  return {
    /** Stops listening and waits for deliveries still being written. */
    async close(): Promise<void> {
      unsubscribe();
      await Promise.all(inFlight);
    },
  };
}
