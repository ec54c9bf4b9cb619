import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Problem, ResolveQuery, WidgetResolve } from '@parley/contracts';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { ifNoneMatch } from './if-none-match.js';
import type { WidgetService } from './widget-service.js';

const BotParams = z.strictObject({ botId: z.uuid({ error: 'must be a bot id (UUID)' }) });
/** `preview`: a signed preview token from POST /api/v1/bots/:botId/releases/:id/preview. */
const ResolveWithPreviewQuery = ResolveQuery.extend({ preview: z.string().min(1).max(512).optional() });


export interface WidgetRoutesOptions {
  widget: WidgetService;
  /** Built widget app (index.html + assets/). */
  widgetDir: string;
  /** Built loader script. */
  loaderFile: string;
  /** The resolve route's own log level (`warn` at a global `info`: every page view asks it, only its problems are logged). */
  resolveLogLevel?: 'warn' | undefined;
}

/**
 * Public widget endpoints (no login). The loader URL is stable and short-cached; the app's
 * assets are content-hashed and immutable; the frame page names who may embed it.
 */
export const widgetRoutes: FastifyPluginAsyncZod<WidgetRoutesOptions> = async (app, { widget, widgetDir, loaderFile, resolveLogLevel }) => {
  // The body is built by our code to the WidgetResolve type; the bytes hashed for the ETag are the bytes sent.
  const resolveJson = new WeakMap<object, string>();
  app.get('/widget/v1/bots/:botId/resolve', {
    config: { access: 'public' },
    ...(resolveLogLevel ? { logLevel: resolveLogLevel } : {}),
    serializerCompiler: () => (data: unknown) => (typeof data === 'object' && data !== null ? resolveJson.get(data) : undefined) ?? JSON.stringify(data),
    schema: {
      tags: ['widget'],
      summary: 'Which bot, visitor and look the widget gets (CORS: the bot’s allowed origins)',
      params: BotParams,
      querystring: ResolveWithPreviewQuery,
      response: { 200: WidgetResolve, 304: z.undefined(), 403: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      const bot = await widget.liveBot(request.params.botId);
      const origin = request.headers.origin;
      if (!widget.mayCall(bot, origin)) throw new AppError('forbidden', `Origin ${origin ?? ''} may not embed this bot; add it to the bot's allowed origins`);
      if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'origin');
      // Every page view of every customer comes here: the body is serialized once (the type
      // above is the contract), hashed for the ETag, and those same bytes are sent.
      const { body, json, etag } = await widget.resolve(bot, request.query.vt, request.query.preview);
      // Revalidated every time (no-cache), answered 304 when nothing changed for this visitor.
      reply.header('cache-control', request.query.preview ? 'private, no-store' : 'private, no-cache').header('etag', etag);
      if (request.query.preview === undefined && ifNoneMatch(request.headers['if-none-match'], etag)) return reply.status(304).send(undefined);
      resolveJson.set(body, json);
      return body;
    },
  });

  const indexFile = join(widgetDir, 'index.html');
  const frameHtml = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : undefined;
  if (!frameHtml) app.log.warn({ widgetDir }, 'widget build not found; run `npm run build`');

  app.get('/widget/v1/frame/:botId', {
    config: { access: 'public' },
    schema: { hide: true, params: BotParams },
    handler: async (request, reply) => {
      const bot = await widget.liveBot(request.params.botId);
      if (!frameHtml) throw new AppError('not_ready', 'The widget is not built; run `npm run build`');
      return reply
        .header('content-security-policy', `frame-ancestors ${widget.frameAncestors(bot)}`)
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(frameHtml);
    },
  });

  // Every page view of every customer site asks for this: read it once, like the frame page.
  const loaderScript = existsSync(loaderFile) ? readFileSync(loaderFile) : undefined;
  if (!loaderScript) app.log.warn({ loaderFile }, 'loader build not found; run `npm run build`');

  app.get('/widget/v1/loader.js', {
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (_request, reply) => {
      if (!loaderScript) throw new AppError('not_ready', 'The loader is not built; run `npm run build`');
      return reply.header('cache-control', 'public, max-age=300').type('application/javascript; charset=utf-8').send(loaderScript);
    },
  });

  const assets = join(widgetDir, 'assets');
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/widget/v1/assets/',
      decorateReply: false,
      wildcard: false,
      cacheControl: false,
      setHeaders: (res) => {
        res.header('cache-control', 'public, max-age=31536000, immutable');
        // Assets are public; a CDN base URL (releases) serves them cross-origin.
        res.header('access-control-allow-origin', '*');
      },
    });
  }
};
