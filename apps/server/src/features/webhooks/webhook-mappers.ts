import { WebhookEvent, type WebhookDelivery, type WebhookEndpoint } from '@parley/contracts';
import { iso, isoOrNull } from '../../lib/iso.js';
import type { WebhookAttemptRow, WebhookDeliveryRow } from './webhook-delivery-store.js';
import type { WebhookEndpointRow } from './webhook-endpoint-store.js';

export const toWebhookEndpoint = (e: WebhookEndpointRow): WebhookEndpoint => ({
  id: e.id,
  botId: e.botId,
  url: e.url,
  events: e.events.filter((x) => WebhookEvent.safeParse(x).success),
  enabled: e.enabled,
  createdAt: iso(e.createdAt),
});

export const toWebhookDelivery = (d: WebhookDeliveryRow, log?: WebhookAttemptRow[]): WebhookDelivery => ({
  id: d.id,
  botId: d.botId,
  endpointId: d.endpointId,
  conversationId: d.conversationId,
  kind: d.kind,
  event: d.event,
  url: d.url,
  status: d.status,
  attempts: d.attempts,
  maxAttempts: d.maxAttempts,
  nextAttemptAt: iso(d.nextAttemptAt),
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: iso(d.createdAt),
  deliveredAt: isoOrNull(d.deliveredAt),
  ...(log
    ? { log: log.map((a) => ({ attempt: a.attempt, at: iso(a.at), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })) }
    : {}),
});
