import type { CreateWebhookEndpointBody, WebhookDelivery, WebhookEndpoint, WebhookEvent } from '@parley/contracts';
import { AppError, notFound } from '../../errors/app-error.js';
import { SsrfError, type SsrfGuard } from '../../lib/ssrf-guard.js';
import { randomToken } from '../../lib/tokens.js';
import type { OrgContext } from '../auth/principal.js';
import type { Stores } from '../data-store.js';
import type { EventBus } from '../../events/domain-events.js';
import type { DeliveryStatus } from './webhook-delivery-store.js';
import { toWebhookDelivery, toWebhookEndpoint } from './webhook-mappers.js';

export interface WebhookServiceDeps {
  stores: Pick<Stores, 'webhookEndpoints' | 'webhookDeliveries' | 'bots'>;
  guard: SsrfGuard;
  /** Attempts a manually retried delivery gets on top of those it already made. */
  maxAttempts: number;
  now: () => Date;
  wake: () => void;
  /** Told after every endpoint write (webhooks.changed). */
  events?: Pick<EventBus, 'emit'>;
}

export interface UpdateWebhookEndpoint {
  url?: string | undefined;
  events?: WebhookEvent[] | undefined;
  enabled?: boolean | undefined;
}

export function createWebhookService({ stores, guard, maxAttempts, now, wake, events }: WebhookServiceDeps) {
  const changed = (orgId: string): void => events?.emit({ type: 'webhooks.changed', orgId });
  /** Refuses URLs that resolve to private or loopback addresses (checked again at every delivery: DNS changes). */
  async function vet(url: string): Promise<void> {
    try {
      await guard.check(url);
    } catch (err) {
      if (err instanceof SsrfError) throw new AppError('validation_failed', `Webhook URL refused: ${err.message}`, [{ path: 'url', message: err.message }]);
      throw err;
    }
  }

  return {
    async listEndpoints(ctx: OrgContext): Promise<WebhookEndpoint[]> {
      return (await stores.webhookEndpoints.list(ctx.orgId)).map(toWebhookEndpoint);
    },

    /** The signing secret is returned here only. */
    async createEndpoint(ctx: OrgContext, body: CreateWebhookEndpointBody): Promise<WebhookEndpoint & { secret: string }> {
      if (body.botId && !(await stores.bots.find(ctx.orgId, body.botId))) throw notFound('Bot');
      await vet(body.url);
      const row = await stores.webhookEndpoints.create(ctx.orgId, {
        botId: body.botId ?? null,
        url: body.url,
        secret: `whsec_${randomToken(24)}`,
        events: [...new Set(body.events)],
      });
      changed(ctx.orgId);
      return { ...toWebhookEndpoint(row), secret: row.secret };
    },

    async updateEndpoint(ctx: OrgContext, id: string, patch: UpdateWebhookEndpoint): Promise<WebhookEndpoint> {
      if (!(await stores.webhookEndpoints.find(ctx.orgId, id))) throw notFound('Webhook');
      if (patch.url !== undefined) await vet(patch.url);
      const row = await stores.webhookEndpoints.update(ctx.orgId, id, {
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      });
      if (!row) throw notFound('Webhook');
      changed(ctx.orgId);
      return toWebhookEndpoint(row);
    },

    /** Deletes the endpoint with its deliveries and their log. */
    async deleteEndpoint(ctx: OrgContext, id: string): Promise<void> {
      if (!(await stores.webhookEndpoints.delete(ctx.orgId, id))) throw notFound('Webhook');
      changed(ctx.orgId);
    },

    async listDeliveries(ctx: OrgContext, status: DeliveryStatus | undefined, limit: number): Promise<WebhookDelivery[]> {
      return (await stores.webhookDeliveries.list(ctx.orgId, status, limit)).map((d) => toWebhookDelivery(d));
    },

    /** One delivery with its log: every attempt, its status code or error, and how long it took. */
    async getDelivery(ctx: OrgContext, id: string): Promise<WebhookDelivery> {
      const row = await stores.webhookDeliveries.find(ctx.orgId, id);
      if (!row) throw notFound('Webhook delivery');
      return toWebhookDelivery(row, await stores.webhookDeliveries.attempts(ctx.orgId, id));
    },

    /** A failed delivery is sent again (same id and payload), with a fresh round of attempts; its log is kept. */
    async retryDelivery(ctx: OrgContext, id: string): Promise<WebhookDelivery> {
      const before = await stores.webhookDeliveries.find(ctx.orgId, id);
      if (!before) throw notFound('Webhook delivery');
      if (before.status !== 'failed') throw new AppError('conflict', `Only failed deliveries can be retried; this one is ${before.status}`);
      const row = await stores.webhookDeliveries.retry(ctx.orgId, id, now(), maxAttempts);
      if (!row) throw new AppError('conflict', 'The delivery changed meanwhile; reload it');
      wake();
      return toWebhookDelivery(row, await stores.webhookDeliveries.attempts(ctx.orgId, id));
    },
  };
}
export type WebhookService = ReturnType<typeof createWebhookService>;
