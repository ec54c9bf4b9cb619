import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Bot, BotIdentitySecret, CreateBotBody, IdParams, UpdateBotBody } from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { BotService } from './bot-service.js';

export const botRoutes: FastifyPluginAsyncZod<{ bots: BotService }> = async (app, { bots }) => {
  app.get('/bots', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['bots'], summary: 'Bots of the organization', response: { 200: z.array(Bot) } },
    handler: async (request) => bots.list(orgOf(request)),
  });

  app.post('/bots', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['bots'], summary: 'Create a bot', body: CreateBotBody, response: { 201: Bot } },
    handler: async (request, reply) => reply.status(201).send(await bots.create(orgOf(request), request.body)),
  });

  app.get('/bots/:id', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['bots'], summary: 'One bot', params: IdParams, response: { 200: Bot } },
    handler: async (request) => bots.get(orgOf(request), request.params.id),
  });

  app.patch('/bots/:id', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['bots'], summary: "Change a bot's settings", params: IdParams, body: UpdateBotBody, response: { 200: Bot } },
    handler: async (request) => bots.update(orgOf(request), request.params.id, request.body),
  });

  app.delete('/bots/:id', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['bots'], summary: 'Delete a bot and everything it owns', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await bots.remove(orgOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/bots/:id/identity-secret', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['bots'],
      summary: 'The secret your backend uses to sign visitor identities (HMAC-SHA256 of the user id)',
      params: IdParams,
      response: { 200: BotIdentitySecret },
    },
    handler: async (request) => bots.identitySecret(orgOf(request), request.params.id),
  });

  app.post('/bots/:id/identity-secret/rotate', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['bots'], summary: 'Replace the identity secret', params: IdParams, response: { 200: BotIdentitySecret } },
    handler: async (request) => bots.rotateIdentitySecret(orgOf(request), request.params.id),
  });
};
