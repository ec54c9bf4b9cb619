import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiKey, CreateApiKeyBody, CreatedApiKey, IdParams } from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { ApiKeyService } from './api-key-service.js';

export const apiKeyRoutes: FastifyPluginAsyncZod<{ apiKeys: ApiKeyService }> = async (app, { apiKeys }) => {
  app.get('/api-keys', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['api-keys'], summary: 'API keys of the organization', response: { 200: z.array(ApiKey) } },
    handler: async (request) => apiKeys.list(orgOf(request)),
  });

  app.post('/api-keys', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['api-keys'],
      summary: 'Create an API key; the key is returned only once',
      body: CreateApiKeyBody,
      response: { 201: CreatedApiKey },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await apiKeys.create(orgOf(request), request.body.name, request.body.role)),
  });

  app.delete('/api-keys/:id', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['api-keys'], summary: 'Revoke an API key', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await apiKeys.revoke(orgOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
