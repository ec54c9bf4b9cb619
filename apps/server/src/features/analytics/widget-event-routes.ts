import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { Problem, WidgetEventEnvelope } from '@parley/contracts';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { unstorableText } from '../../lib/unstorable-text.js';
import type { WidgetService } from '../widget/widget-service.js';
import type { AnalyticsService } from './analytics-service.js';

const BotParams = z.strictObject({ botId: z.uuid({ error: 'must be a bot id (UUID)' }) });

export interface WidgetEventRoutesOptions {
  widget: WidgetService;
  analytics: AnalyticsService;
}

/**
 * Public beacon endpoint. `navigator.sendBeacon(url, string)` sends text/plain (a
 * CORS-simple request, no preflight), so this route alone also reads text/plain as JSON;
 * either way the body is validated against WidgetEventBatch.
 */
export const widgetEventRoutes: FastifyPluginAsyncZod<WidgetEventRoutesOptions> = async (app, { widget, analytics }) => {
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      done(new AppError('invalid_json', 'The body must be JSON'), undefined);
      return;
    }
    const problem = unstorableText(parsed);
    if (problem) return done(new AppError('validation_failed', problem), undefined);
    done(null, parsed);
  });

  const allowOrigin = (reply: FastifyReply, origin: string | undefined) => {
    if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'origin');
  };

  app.options('/widget/v1/bots/:botId/events', {
    config: { access: 'public' },
    schema: { hide: true, params: BotParams },
    handler: async (request, reply) => {
      const bot = await widget.liveBot(request.params.botId);
      const origin = request.headers.origin;
      if (!widget.mayCall(bot, origin)) throw new AppError('forbidden', `Origin ${origin ?? ''} may not report events for this bot`);
      allowOrigin(reply, origin);
      return reply
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    },
  });

  app.post('/widget/v1/bots/:botId/events', {
    config: { access: 'public' },
    schema: {
      tags: ['widget'],
      summary: 'Batched widget beacons: loaded, error, opened, message_sent, track (JSON or text/plain); invalid events are dropped and counted',
      params: BotParams,
      body: WidgetEventEnvelope,
      response: { 204: z.null(), 400: Problem, 403: Problem, 404: Problem, 429: Problem },
    },
    handler: async (request, reply) => {
      const bot = await widget.liveBot(request.params.botId);
      const origin = request.headers.origin;
      if (!widget.mayCall(bot, origin)) throw new AppError('forbidden', `Origin ${origin ?? ''} may not report events for this bot`);
      allowOrigin(reply, origin);
      await analytics.ingest(bot, request.body, request.ip);
      return reply.status(204).send(null);
    },
  });
};
