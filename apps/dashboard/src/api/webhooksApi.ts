import { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from '@parley/contracts';
import type { CreateWebhookEndpointBody, UpdateWebhookEndpointBody } from '@parley/contracts';
import type { z } from 'zod';
import type { RequestContext } from './request';
import { requestEmpty, requestJson } from './request';

const seg = encodeURIComponent;

export type WebhookDeliveryStatus = WebhookDelivery['status'];

/** Deliveries one request lists. */
export const DELIVERY_PAGE = 100;

/** The organization's outgoing webhooks and the delivery log of its outbox (admins). */
export function createWebhooksApi(org: RequestContext) {
  return {
    listWebhooks: (signal?: AbortSignal) =>
      requestJson(WebhookEndpoint.array(), { ...org, path: '/api/v1/webhooks', signal }),
    createWebhook: (body: CreateWebhookEndpointBody) =>
      requestJson(CreatedWebhookEndpoint, { ...org, method: 'POST', path: '/api/v1/webhooks', body }),
    updateWebhook: (id: string, body: z.infer<typeof UpdateWebhookEndpointBody>) =>
      requestJson(WebhookEndpoint, { ...org, method: 'PATCH', path: `/api/v1/webhooks/${seg(id)}`, body }),
    deleteWebhook: (id: string) => requestEmpty({ ...org, method: 'DELETE', path: `/api/v1/webhooks/${seg(id)}` }),

    listDeliveries: (status: WebhookDeliveryStatus | null, signal?: AbortSignal) => {
      const query = new URLSearchParams({ limit: String(DELIVERY_PAGE) });
      if (status) query.set('status', status);
      return requestJson(WebhookDelivery.array(), { ...org, path: `/api/v1/webhook-deliveries?${query.toString()}`, signal });
    },
    getDelivery: (id: string, signal?: AbortSignal) =>
      requestJson(WebhookDelivery, { ...org, path: `/api/v1/webhook-deliveries/${seg(id)}`, signal }),
    retryDelivery: (id: string) =>
      requestJson(WebhookDelivery, { ...org, method: 'POST', path: `/api/v1/webhook-deliveries/${seg(id)}/retry` }),
  };
}
