import type { Conversation, HandoffReason, Message, WebhookEvent } from '@parley/contracts';
import type { DomainEvent, EventBus } from '../../events/domain-events.js';
import type { Stores } from '../data-store.js';
import { toConversation, toMessage } from '../conversations/conversation-mappers.js';
import type { MessageRow } from '../conversations/conversation-store.js';
import type { AgentActionEvent } from '../conversations/conversation-service.js';
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
  outbox: Pick<WebhookOutbox, 'enqueueEvent' | 'wanted' | 'wantedNow' | 'wake'>;
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
 * not inside it. `message.created`, and a handoff a message caused (the visitor's Live Support tab,
 * the bot's handoff answer), are follow-ups of that message: if the process dies in between, the
 * process taking over its follow-ups calls `recover`, and the message's id as dedupe source keeps an
 * endpoint from getting either twice. An agent's takeover and resolve come from no message: their
 * deliveries are written inside the transaction of the change (`inTransaction`), and the event after
 * the commit only wakes the delivery worker. From the outbox on, delivery is at least once.
 */
export function subscribeWebhookEvents({ events, outbox, stores, now, onError, ledger }: WebhookEventMapperDeps) {
  const inFlight = new Set<Promise<void>>();

  async function enqueue(
    event: WebhookEvent,
    orgId: string,
    conversation: Conversation,
    extra: { message?: Message; reason?: HandoffReason },
    /** The message the event comes from: an endpoint gets this event of it once. */
    source?: string,
    tx?: Pick<Stores, 'webhookDeliveries' | 'webhookEndpoints'>,
  ): Promise<void> {
    const at = now().toISOString();
    const payload = (deliveryId: string): WebhookEventPayload => ({ event, deliveryId, at, orgId, botId: conversation.botId, conversation, ...extra });
    await outbox.enqueueEvent(orgId, event, conversation.botId, conversation.id, payload, source, tx);
  }

  /** An agent's resolve or takeover: recorded in its transaction (see `inTransaction`). */
  const agentAction = (event: DomainEvent): boolean =>
    event.type === 'conversation.resolved' || (event.type === 'conversation.handoff' && event.messageId === undefined);

  /** `message.created` of a stored message, once per endpoint and message. */
  async function messageCreated(orgId: string, message: Message): Promise<void> {
    // Most organizations have no webhooks: one cheap query, and nothing more.
    if (!(await outbox.wanted(orgId, 'message.created'))) return;
    const row = await stores.conversations.find(orgId, message.conversationId);
    if (!row) return;
    await enqueue('message.created', orgId, toConversation(row), { message }, message.id);
  }

  async function handle(event: DomainEvent): Promise<void> {
    switch (event.type) {
      case 'message.created':
        return event.message.internal ? undefined : messageCreated(event.orgId, event.message);
      case 'conversation.handoff':
        return enqueue('conversation.handoff', event.orgId, event.conversation, { reason: event.reason }, event.messageId);
      default:
        return;
    }
  }

  const unsubscribe = events.subscribe((event) => {
    if (event.type !== 'message.created' && event.type !== 'conversation.handoff' && event.type !== 'conversation.resolved') return;
    // Written with the change; committed now.
    if (agentAction(event)) return outbox.wake();
    // The chat's hot path: an organization known to want no message webhooks costs nothing here (no promise, no job).
    if (event.type === 'message.created' && (event.message.internal || outbox.wantedNow(event.orgId, 'message.created') === false)) return;
    // Follow-ups of a message are held until written (the process's checkpoint waits for them).
    const from = event.type === 'message.created' ? event.message.createdAt : event.type === 'conversation.handoff' && event.messageId ? event.conversation.handedOffAt : null;
    const release = from ? ledger.hold(new Date(from)) : undefined;
    const job = handle(event)
      .catch(onError)
      .finally(() => {
        inFlight.delete(job);
        release?.();
      });
    inFlight.add(job);
  });

  return {
    /** An agent's resolve or takeover: its deliveries, written by the transaction making the change. */
    async inTransaction(tx: Pick<Stores, 'webhookDeliveries' | 'webhookEndpoints'>, event: AgentActionEvent): Promise<void> {
      if (event.type === 'conversation.resolved') await enqueue('conversation.resolved', event.orgId, event.conversation, {}, undefined, tx);
      else await enqueue('conversation.handoff', event.orgId, event.conversation, { reason: event.reason }, undefined, tx);
    },

    /** Re-runs a stored message's webhooks (for a process that died before writing them): `message.created`, and the handoff it caused. */
    async recover(m: MessageRow): Promise<void> {
      if (m.internal) return;
      const [created, handoff] = await Promise.all([outbox.wanted(m.orgId, 'message.created'), outbox.wanted(m.orgId, 'conversation.handoff')]);
      if (!created && !handoff) return;
      const row = await stores.conversations.find(m.orgId, m.conversationId);
      if (!row) return;
      const conversation = toConversation(row);
      if (created) await enqueue('message.created', m.orgId, conversation, { message: toMessage(m) }, m.id);
      // This message handed the conversation to a person (and it has not changed hands since).
      const reason = conversation.handoffReason;
      if (handoff && reason && reason !== 'agent' && row.handedOffAt?.getTime() === m.createdAt.getTime()) {
        await enqueue('conversation.handoff', m.orgId, conversation, { reason }, m.id);
      }
    },

    /** Stops listening and waits for deliveries still being written. */
    async close(): Promise<void> {
      unsubscribe();
      await Promise.all(inFlight);
    },
  };
}
