import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointBody,
  IdParams,
  UpdateWebhookEndpointBody,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
} from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { WebhookService } from './webhook-service.js';

const DeliveriesQuery = z.strictObject({
  status: WebhookDeliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const webhookRoutes: FastifyPluginAsyncZod<{ webhooks: WebhookService }> = async (app, { webhooks }) => {
  const admin = { access: { role: 'admin' as const } };

  app.get('/webhooks', {
    config: admin,
    schema: { tags: ['webhooks'], summary: 'Event webhooks of the organization', response: { 200: z.array(WebhookEndpoint) } },
    handler: async (request) => webhooks.listEndpoints(orgOf(request)),
  });

  app.post('/webhooks', {
    config: admin,
    schema: {
      tags: ['webhooks'],
      summary: 'Add an event webhook; its signing secret is returned only once. Private and loopback URLs are refused (SSRF).',
      body: CreateWebhookEndpointBody,
      response: { 201: CreatedWebhookEndpoint },
    },
    handler: async (request, reply) => reply.status(201).send(await webhooks.createEndpoint(orgOf(request), request.body)),
  });

  app.patch('/webhooks/:id', {
    config: admin,
    schema: { tags: ['webhooks'], summary: 'Change an event webhook', params: IdParams, body: UpdateWebhookEndpointBody, response: { 200: WebhookEndpoint } },
    handler: async (request) => webhooks.updateEndpoint(orgOf(request), request.params.id, request.body),
  });

  app.delete('/webhooks/:id', {
    config: admin,
    schema: { tags: ['webhooks'], summary: 'Delete an event webhook with its deliveries', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await webhooks.deleteEndpoint(orgOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/webhook-deliveries', {
    config: admin,
    schema: {
      tags: ['webhooks'],
      summary: 'Webhook and workflow deliveries (the outbox), newest first',
      querystring: DeliveriesQuery,
      response: { 200: z.array(WebhookDelivery) },
    },
    handler: async (request) => webhooks.listDeliveries(orgOf(request), request.query.status, request.query.limit),
  });

  app.get('/webhook-deliveries/:id', {
    config: admin,
    schema: { tags: ['webhooks'], summary: 'One delivery with its log of attempts', params: IdParams, response: { 200: WebhookDelivery } },
    handler: async (request) => webhooks.getDelivery(orgOf(request), request.params.id),
  });

  app.post('/webhook-deliveries/:id/retry', {
    config: admin,
    schema: { tags: ['webhooks'], summary: 'Send a failed delivery again (same id and payload; the log is kept)', params: IdParams, response: { 200: WebhookDelivery } },
    handler: async (request) => webhooks.retryDelivery(orgOf(request), request.params.id),
  });
};
