import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

export const defaultDashboardDir = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));
export const defaultWidgetDir = fileURLToPath(new URL('../../../widget/dist', import.meta.url));
export const defaultLoaderFile = fileURLToPath(new URL('../../../../packages/loader/dist/loader.js', import.meta.url));

/**
 * Serves the dashboard SPA at /app: hashed assets cached for a year, index.html never,
 * and every other /app path falls back to index.html for client-side routing.
 */
export async function dashboardPlugin(app: FastifyInstance, { dir }: { dir: string }): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));
  if (!existsSync(join(dir, 'index.html'))) {
    app.log.warn({ dir }, 'dashboard build not found; run `npm run build`');
    app.get('/app/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.status(503).type('text/plain').send('The dashboard is not built. Run `npm run build` and restart.'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/app/',
    wildcard: false,
    index: false,
    setHeaders: (res, path) => {
      res.header(
        'cache-control',
        path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const spa = async (_request: unknown, reply: FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  app.get('/app', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));
  app.get('/app/', { schema: { hide: true } }, async (request, reply) => spa(request, reply));
  app.get('/app/*', { schema: { hide: true } }, async (request, reply) => {
    const rest = request.url.slice('/app/'.length).split('?')[0] ?? '';
    // Real files were matched by the static routes; a missing asset is a 404, not the SPA.
    if (rest.startsWith('assets/')) return reply.callNotFound();
    return spa(request, reply);
  });
}
