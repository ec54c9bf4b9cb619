import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Health, Problem, Readiness, ServerMeta } from '@parley/contracts';
import type { DatabaseHandle } from '@parley/db';
import { AppError } from '../../errors/app-error.js';

const READY_TIMEOUT_MS = 2_000;

export const healthRoutes: FastifyPluginAsyncZod<{ database: DatabaseHandle }> = async (app, { database }) => {
  app.get('/healthz', {
    schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: Health } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    schema: { tags: ['health'], summary: 'Readiness: the database answers', response: { 200: Readiness, 503: Problem } },
    handler: async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS);
      });
      try {
        await Promise.race([database.ping(), timeout]);
      } catch {
        throw new AppError('not_ready', `The ${database.kind} database does not answer`);
      } finally {
        clearTimeout(timer);
      }
      return { status: 'ok' as const, database: database.kind };
    },
  });
};

export const metaRoutes: FastifyPluginAsyncZod<{ meta: ServerMeta }> = async (app, { meta }) => {
  app.get('/meta', {
    config: { access: 'public' },
    schema: { tags: ['meta'], summary: 'Server version and public URL', response: { 200: ServerMeta } },
    handler: async () => meta,
  });
};
