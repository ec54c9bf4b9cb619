import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Rollout, RolloutActionBody, StartRolloutBody } from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { RolloutService } from './rollout-service.js';

const BotParams = z.strictObject({ botId: z.uuid({ error: 'must be a bot id (UUID)' }) });
const RolloutParams = BotParams.extend({ id: z.uuid({ error: 'must be a rollout id (UUID)' }) });

/** Canary rollouts: viewers read, admins start and steer. */
export const rolloutRoutes: FastifyPluginAsyncZod<{ rollouts: RolloutService }> = async (app, { rollouts }) => {
  app.get('/bots/:botId/rollouts', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['releases'], summary: 'Canary rollouts of a bot, newest first', params: BotParams, response: { 200: z.array(Rollout) } },
    handler: async (request) => rollouts.list(orgOf(request), request.params.botId),
  });

  app.post('/bots/:botId/rollouts', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['releases'],
      summary: 'Start a canary of a release against the active one (default steps 5, 25, 50, 100 %)',
      params: BotParams,
      body: StartRolloutBody,
      response: { 201: Rollout },
    },
    handler: async (request, reply) => reply.status(201).send(await rollouts.start(orgOf(request), request.params.botId, request.body)),
  });

  const actions = {
    pause: 'Pause: the canary serves no one until resumed',
    resume: 'Resume a paused canary (its step starts over)',
    abort: 'Abort: everyone gets the active release again',
    promote: 'Promote to the next step now (after the last, the candidate becomes active)',
  } as const;
  for (const action of ['pause', 'resume', 'abort', 'promote'] as const) {
    app.post(`/bots/:botId/rollouts/:id/${action}`, {
      config: { access: { role: 'admin' } },
      schema: { tags: ['releases'], summary: actions[action], params: RolloutParams, body: RolloutActionBody, response: { 200: Rollout } },
      handler: async (request) => rollouts[action](orgOf(request), request.params.botId, request.params.id, request.body),
    });
  }
};
