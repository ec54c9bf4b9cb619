import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateReleaseBody,
  Deployment,
  Id,
  PreviewLink,
  PublishBody,
  Release,
  ReleaseList,
  RollbackBody,
  Semver,
  UpdateReleaseBody,
} from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { ReleaseService } from './release-service.js';

const BotParams = z.strictObject({ botId: Id });
const ReleaseParams = z.strictObject({ botId: Id, id: Id });
const CopyReleaseBody = z.strictObject({ semver: Semver.optional() }).nullish();
const DeploymentsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Releases of a bot's widget: drafts, publish, copy, preview link, rollback, the timeline. */
export const releaseRoutes: FastifyPluginAsyncZod<{ releases: ReleaseService }> = async (app, { releases }) => {
  const tags = ['releases'];

  app.get('/bots/:botId/releases', {
    config: { access: { role: 'viewer' } },
    schema: { tags, summary: 'Releases of the bot (highest version first) and the suggested next versions', params: BotParams, response: { 200: ReleaseList } },
    handler: async (request) => releases.list(orgOf(request), request.params.botId),
  });

  app.post('/bots/:botId/releases', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Create a draft release (no body: the next patch with default config)', params: BotParams, body: CreateReleaseBody.nullish(), response: { 201: Release } },
    handler: async (request, reply) =>
      reply.status(201).send(await releases.create(orgOf(request), request.params.botId, request.body ?? CreateReleaseBody.parse({}))),
  });

  app.get('/bots/:botId/releases/:id', {
    config: { access: { role: 'viewer' } },
    schema: { tags, summary: 'One release', params: ReleaseParams, response: { 200: Release } },
    handler: async (request) => releases.get(orgOf(request), request.params.botId, request.params.id),
  });

  app.patch('/bots/:botId/releases/:id', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Change a draft (published releases are immutable: 409)', params: ReleaseParams, body: UpdateReleaseBody, response: { 200: Release } },
    handler: async (request) => releases.update(orgOf(request), request.params.botId, request.params.id, request.body),
  });

  app.delete('/bots/:botId/releases/:id', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Delete a draft', params: ReleaseParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await releases.remove(orgOf(request), request.params.botId, request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/bots/:botId/releases/:id/publish', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Publish a draft: it becomes the active release', params: ReleaseParams, body: PublishBody.nullish(), response: { 200: Release } },
    handler: async (request) => releases.publish(orgOf(request), request.params.botId, request.params.id, request.body?.reason),
  });

  app.post('/bots/:botId/releases/:id/copy', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'A new draft with the config of this release (archived ones too)', params: ReleaseParams, body: CopyReleaseBody, response: { 201: Release } },
    handler: async (request, reply) =>
      reply.status(201).send(await releases.copy(orgOf(request), request.params.botId, request.params.id, { semver: request.body?.semver })),
  });

  app.post('/bots/:botId/releases/:id/preview', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'A signed link (24 h) that shows this release to whoever holds it', params: ReleaseParams, response: { 200: PreviewLink } },
    handler: async (request) => releases.preview(orgOf(request), request.params.botId, request.params.id),
  });

  app.post('/bots/:botId/rollback', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Roll back to the previous active release, or to a given published or archived one', params: BotParams, body: RollbackBody, response: { 200: Release } },
    handler: async (request) => releases.rollback(orgOf(request), request.params.botId, request.body),
  });

  app.get('/bots/:botId/deployments', {
    config: { access: { role: 'viewer' } },
    schema: { tags, summary: 'The deployment timeline, newest first', params: BotParams, querystring: DeploymentsQuery, response: { 200: z.array(Deployment) } },
    handler: async (request) => releases.deployments(orgOf(request), request.params.botId, request.query.limit),
  });
};
