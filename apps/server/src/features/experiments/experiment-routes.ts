import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Experiment, ExperimentResults, StartExperimentBody, StopExperimentBody } from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { ExperimentService } from './experiment-service.js';

const BotParams = z.strictObject({ botId: z.uuid({ error: 'must be a bot id (UUID)' }) });
const ExperimentParams = BotParams.extend({ id: z.uuid({ error: 'must be an experiment id (UUID)' }) });

/** A/B experiments: viewers read, admins start and stop. */
export const experimentRoutes: FastifyPluginAsyncZod<{ experiments: ExperimentService }> = async (app, { experiments }) => {
  app.get('/bots/:botId/experiments', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['releases'], summary: 'Experiments of a bot, newest first', params: BotParams, response: { 200: z.array(Experiment) } },
    handler: async (request) => experiments.list(orgOf(request), request.params.botId),
  });

  app.post('/bots/:botId/experiments', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['releases'],
      summary: 'Start an A/B experiment between releases (the first arm is the control)',
      params: BotParams,
      body: StartExperimentBody,
      response: { 201: Experiment },
    },
    handler: async (request, reply) => reply.status(201).send(await experiments.start(orgOf(request), request.params.botId, request.body)),
  });

  app.post('/bots/:botId/experiments/:id/stop', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['releases'],
      summary: 'Stop an experiment; a winner becomes the active release',
      params: ExperimentParams,
      body: StopExperimentBody,
      response: { 200: Experiment },
    },
    handler: async (request) => experiments.stop(orgOf(request), request.params.botId, request.params.id, request.body),
  });

  app.get('/bots/:botId/experiments/:id/results', {
    config: { access: { role: 'viewer' } },
    schema: {
      tags: ['releases'],
      summary: 'Visitors, conversions, rate and lift (95 % CI, p-value) per arm, with the sample-ratio check',
      params: ExperimentParams,
      response: { 200: ExperimentResults },
    },
    handler: async (request) => experiments.results(orgOf(request), request.params.botId, request.params.id),
  });
};
