import type { Conversation, HandoffReason, Message, WebhookEvent } from '@parley/contracts';
import type { DomainEvent, EventBus } from '../../events/domain-events.js';
import type { Stores } from '../data-store.js';
import { toConversation, toMessage } from '../conversations/conversation-mappers.js';
import type { MessageRow } from '../conversations/conversation-store.js';
import type { FollowUpLedger } from '../conversations/follow-up-ledger.js';
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
  /** A message's webhooks are one of its follow-ups: held until written (see follow-up-recovery.ts). */
  ledger: Pick<FollowUpLedger, 'hold'>;
}

/**
 * Turns domain events into event-webhook deliveries: `message.created` (never internal notes),
 * `conversation.handoff` and `conversation.resolved`, for every enabled endpoint of the
 * organization that wants the event for that bot.
 *
 * The bus fires after the causing transaction committed, so the delivery is written just after it,
 * not inside it. For `message.created` that is a follow-up of the message: if the process dies in
 * between, the process taking over its follow-ups calls `recover`, and the message's id as dedupe
 * source keeps an endpoint from getting it twice. (Handoff and resolve webhooks have no such
 * re-run: a process dying in those few milliseconds loses them.) From the outbox on, delivery is at
 * least once.
 */
export function subscribeWebhookEvents({ events, outbox, stores, now, onError, ledger }: WebhookEventMapperDeps) {
  const inFlight = new Set<Promise<void>>();

  async function enqueue(
    event: WebhookEvent,
    orgId: string,
    conversation: Conversation,
    extra: { message?: Message; reason?: HandoffReason },
  ): Promise<void> {
    const at = now().toISOString();
    const payload = (deliveryId: string): WebhookEventPayload => ({ event, deliveryId, at, orgId, botId: conversation.botId, conversation, ...extra });
    await outbox.enqueueEvent(orgId, event, conversation.botId, conversation.id, payload, extra.message?.id);
  }

  /** `message.created` of a stored message, once per endpoint and message. */
  async function messageCreated(orgId: string, message: Message): Promise<void> {
    // Most organizations have no webhooks: one cheap query, and nothing more.
    if (!(await outbox.wanted(orgId, 'message.created'))) return;
    const row = await stores.conversations.find(orgId, message.conversationId);
    if (!row) return;
    await enqueue('message.created', orgId, toConversation(row), { message });
  }

  async function handle(event: DomainEvent): Promise<void> {
    switch (event.type) {
      case 'message.created':
        return event.message.internal ? undefined : messageCreated(event.orgId, event.message);
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
    const release = event.type === 'message.created' ? ledger.hold(new Date(event.message.createdAt)) : undefined;
    const job = handle(event)
      .catch(onError)
      .finally(() => {
        inFlight.delete(job);
        release?.();
      });
    inFlight.add(job);
  });

  return {
    /** Re-runs a stored message's `message.created` webhooks (for a process that died before writing them). */
    async recover(message: MessageRow): Promise<void> {
      if (!message.internal) await messageCreated(message.orgId, toMessage(message));
    },

    /** Stops listening and waits for deliveries still being written. */
    async close(): Promise<void> {
      unsubscribe();
      await Promise.all(inFlight);
    },
  };
}
