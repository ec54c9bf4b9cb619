import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateIntentBody, Id, Intent, IntentModelStatus, UpdateIntentBody } from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { IntentService } from './intent-service.js';

const BotParams = z.strictObject({ botId: Id });
const IntentParams = z.strictObject({ botId: Id, intentId: Id });

export const intentRoutes: FastifyPluginAsyncZod<{ intents: IntentService }> = async (app, { intents }) => {
  app.get('/bots/:botId/intents', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['intents'], summary: "The bot's intents", params: BotParams, response: { 200: z.array(Intent) } },
    handler: async (request) => intents.list(orgOf(request), request.params.botId),
  });

  app.post('/bots/:botId/intents', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['intents'],
      summary: 'Add an intent (examples, rules, responses); the classifier retrains in the background',
      params: BotParams,
      body: CreateIntentBody,
      response: { 201: Intent },
    },
    handler: async (request, reply) => reply.status(201).send(await intents.create(orgOf(request), request.params.botId, request.body)),
  });

  app.get('/bots/:botId/intents/:intentId', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['intents'], summary: 'One intent', params: IntentParams, response: { 200: Intent } },
    handler: async (request) => intents.get(orgOf(request), request.params.botId, request.params.intentId),
  });

  app.patch('/bots/:botId/intents/:intentId', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['intents'], summary: 'Change an intent', params: IntentParams, body: UpdateIntentBody, response: { 200: Intent } },
    handler: async (request) => intents.update(orgOf(request), request.params.botId, request.params.intentId, request.body),
  });

  app.delete('/bots/:botId/intents/:intentId', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['intents'], summary: 'Delete an intent', params: IntentParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await intents.remove(orgOf(request), request.params.botId, request.params.intentId);
      return reply.status(204).send(null);
    },
  });

  app.get('/bots/:botId/intents-model', {
    config: { access: { role: 'viewer' } },
    schema: {
      tags: ['intents'],
      summary: "The classifier's state: trained from which version of the intents, how long it took, up to date or not",
      params: BotParams,
      response: { 200: IntentModelStatus },
    },
    handler: async (request) => intents.modelStatus(orgOf(request), request.params.botId),
  });
};
