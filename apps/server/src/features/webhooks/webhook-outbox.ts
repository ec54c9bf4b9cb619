import { randomUUID } from 'node:crypto';
import type { WebhookEvent } from '@parley/contracts';
import type { Stores } from '../data-store.js';
import { createTtlCache } from '../../lib/ttl-cache.js';
import type { WebhookEndpointRow } from './webhook-endpoint-store.js';

/**
 * How long an organization's enabled endpoints are kept in memory. Every message asks whether anyone
 * wants it, and most organizations have no webhooks; writes on this node (and, through the adapter, on
 * the others) drop the copy at once (`forget`), so this only bounds a missed notice.
 */
export const WEBHOOK_ENDPOINTS_TTL_MS = 5_000;

export interface WebhookOutboxDeps {
  stores: Pick<Stores, 'webhookEndpoints' | 'webhookDeliveries'>;
  maxAttempts: number;
  now: () => Date;
  /** Tells this node's delivery worker there is work (it does not wait for its next poll). */
  wake: () => void;
  /** Milliseconds now (default Date.now), for the endpoint cache. */
  clock?: () => number;
}

/**
 * Puts deliveries in the durable outbox (webhook_deliveries); the delivery worker sends them.
 * Payloads get the delivery's id (`deliveryId`), the same one sent as `X-Parley-Delivery`.
 */
export function createWebhookOutbox({ stores, maxAttempts, now, wake, clock = Date.now }: WebhookOutboxDeps) {
  const enabled = createTtlCache<string, WebhookEndpointRow[]>({ ttlMs: WEBHOOK_ENDPOINTS_TTL_MS, maxEntries: 100_000, now: clock });
  /** Whether an endpoint wants `event` (for any bot, or for `botId` when given). */
  const wants = (e: WebhookEndpointRow, event: WebhookEvent, botId?: string): boolean =>
    e.events.includes(event) && (botId === undefined || e.botId === null || e.botId === botId);
  /**
   * Enabled endpoints of the organization that want `event` (for any bot, or for `botId` when given),
   * read through `from` when not in memory (a transaction reads through itself: on PGlite's one
   * connection, a query beside an open transaction would wait for it forever).
   */
  async function subscribed(orgId: string, event: WebhookEvent, botId?: string, from: Pick<Stores, 'webhookEndpoints'> = stores): Promise<WebhookEndpointRow[]> {
    const endpoints = await enabled.get(orgId, () => from.webhookEndpoints.enabled(orgId));
    return endpoints.filter((e) => wants(e, event, botId));
  }
  return {
    /** The organization's endpoints changed (here or on another node). */
    forget(orgId: string): void {
      enabled.invalidate(orgId);
    },

    /**
     * One delivery per enabled endpoint of the organization that wants `event` for this bot (or for every
     * bot). `source` (e.g. the message's id) makes it idempotent: an endpoint already given this event of
     * this source gets nothing more. Returns the ids of the deliveries added.
     */
    async enqueueEvent(
      orgId: string,
      event: WebhookEvent,
      botId: string,
      conversationId: string | null,
      payload: (deliveryId: string) => unknown,
      source?: string,
      /** A transaction's stores: the rows are written with the change that caused them (call `wake` once it commits). */
      tx?: Pick<Stores, 'webhookDeliveries' | 'webhookEndpoints'>,
    ): Promise<string[]> {
      const endpoints = await subscribed(orgId, event, botId, tx);
      if (endpoints.length === 0) return [];
      const at = now();
      const rows = endpoints.map((e) => {
        const id = randomUUID();
        const dedupeKey = source === undefined ? null : `${e.id}:${event}:${source}`;
        return { id, orgId, botId, endpointId: e.id, conversationId, kind: 'event' as const, event, url: e.url, payload: payload(id), maxAttempts, nextAttemptAt: at, dedupeKey };
      });
      const added = await (tx ?? stores).webhookDeliveries.insert(rows);
      if (added.length > 0 && !tx) wake();
      return added;
    },

    /** Tells the delivery worker there is work (after a transaction that enqueued deliveries committed). */
    wake,

    /** Whether any enabled endpoint of the organization wants `event` (a cheap check before building payloads). */
    async wanted(orgId: string, event: WebhookEvent): Promise<boolean> {
      return (await subscribed(orgId, event)).length > 0;
    },

    /** `wanted` from memory only: undefined when the organization's endpoints are not loaded (or stale). */
    wantedNow(orgId: string, event: WebhookEvent): boolean | undefined {
      return enabled.peek(orgId)?.value.some((e) => wants(e, event));
    },

    /**
     * A visitor message forwarded to a bot's workflow URL, signed with the bot's workflow secret; once per
     * message. Returns the delivery's id, or null when the message was forwarded already.
     */
    async enqueueWorkflow(
      orgId: string,
      botId: string,
      conversationId: string,
      messageId: string,
      url: string,
      payload: (deliveryId: string) => unknown,
    ): Promise<string | null> {
      const id = randomUUID();
      const [added] = await stores.webhookDeliveries.insert([
        {
          id,
          orgId,
          botId,
          endpointId: null,
          conversationId,
          kind: 'workflow',
          event: 'message.created',
          url,
          payload: payload(id),
          maxAttempts,
          nextAttemptAt: now(),
          dedupeKey: `workflow:${messageId}`,
        },
      ]);
      if (added === undefined) return null;
      wake();
      return added;
    },
  };
}
export type WebhookOutbox = ReturnType<typeof createWebhookOutbox>;
