import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ReleaseStats, ReleaseStatsQuery } from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { AnalyticsService } from './analytics-service.js';

const BotParams = z.strictObject({ botId: z.uuid({ error: 'must be a bot id (UUID)' }) });

/** Per-release analytics for the dashboard. */
export const analyticsRoutes: FastifyPluginAsyncZod<{ analytics: AnalyticsService }> = async (app, { analytics }) => {
  app.get('/bots/:botId/release-stats', {
    config: { access: { role: 'viewer' } },
    schema: {
      tags: ['releases'],
      summary: 'Per-release loads, error rate, load times, opens and conversions (hourly series)',
      params: BotParams,
      querystring: ReleaseStatsQuery,
      response: { 200: ReleaseStats },
    },
    handler: async (request) => analytics.stats(orgOf(request), request.params.botId, request.query),
  });
};
