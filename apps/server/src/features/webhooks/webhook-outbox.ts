import { randomUUID } from 'node:crypto';
import type { WebhookEvent } from '@parley/contracts';
import type { Stores } from '../data-store.js';

export interface WebhookOutboxDeps {
  stores: Pick<Stores, 'webhookEndpoints' | 'webhookDeliveries'>;
  maxAttempts: number;
  now: () => Date;
  /** Tells this node's delivery worker there is work (it does not wait for its next poll). */
  wake: () => void;
}

/**
 * Puts deliveries in the durable outbox (webhook_deliveries); the delivery worker sends them.
 * Payloads get the delivery's id (`deliveryId`), the same one sent as `X-Parley-Delivery`.
 */
export function createWebhookOutbox({ stores, maxAttempts, now, wake }: WebhookOutboxDeps) {
  return {
    /** One delivery per enabled endpoint of the organization that wants `event` for this bot (or for every bot). */
    async enqueueEvent(
      orgId: string,
      event: WebhookEvent,
      botId: string,
      conversationId: string | null,
      payload: (deliveryId: string) => unknown,
    ): Promise<string[]> {
      const endpoints = await stores.webhookEndpoints.subscribed(orgId, event, botId);
      if (endpoints.length === 0) return [];
      const at = now();
      const rows = endpoints.map((e) => {
        const id = randomUUID();
        return { id, orgId, botId, endpointId: e.id, conversationId, kind: 'event' as const, event, url: e.url, payload: payload(id), maxAttempts, nextAttemptAt: at };
      });
      await stores.webhookDeliveries.insert(rows);
      wake();
      return rows.map((r) => r.id);
    },

    /** Whether any enabled endpoint of the organization wants `event` (a cheap check before building payloads). */
    async wanted(orgId: string, event: WebhookEvent): Promise<boolean> {
      return (await stores.webhookEndpoints.subscribed(orgId, event)).length > 0;
    },

    /** A visitor message forwarded to a bot's workflow URL, signed with the bot's workflow secret. */
    async enqueueWorkflow(orgId: string, botId: string, conversationId: string, url: string, payload: (deliveryId: string) => unknown): Promise<string> {
      const id = randomUUID();
      await stores.webhookDeliveries.insert([
        { id, orgId, botId, endpointId: null, conversationId, kind: 'workflow', event: 'message.created', url, payload: payload(id), maxAttempts, nextAttemptAt: now() },
      ]);
      wake();
      return id;
    },
  };
}
export type WebhookOutbox = ReturnType<typeof createWebhookOutbox>;
