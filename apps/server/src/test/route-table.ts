import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Access } from '../features/auth/principal.js';
import type { Method } from './test-app.js';

export interface ApiRoute {
  method: Method;
  url: string;
  access: Access | undefined;
  hasBody: boolean;
}

const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const isMethod = (m: string): m is Method => METHODS.some((x) => x === m);
export const isWrite = (r: ApiRoute) => r.method !== 'GET';

/** Every /api route the app registered, one row per method (HEAD twins of GET left out). */
export function apiRoutes(app: FastifyInstance): ApiRoute[] {
  return app.parleyRoutes
    .filter((r: RouteOptions) => r.url.startsWith('/api/'))
    .flatMap((r) =>
      (Array.isArray(r.method) ? r.method : [r.method])
        .filter(isMethod)
        .map((method) => ({
          method,
          url: r.url,
          access: r.config?.access,
          hasBody: r.schema?.body !== undefined,
        })),
    );
}

export const routeName = (r: ApiRoute) => `${r.method} ${r.url}`;

/** Replaces `:param` segments using `values` (keyed by the path segment before the param). */
export function fillParams(url: string, values: Record<string, string>): string {
  const parts = url.split('/');
  return parts
    .map((part, i) => {
      if (!part.startsWith(':')) return part;
      const resource = parts[i - 1] ?? '';
      const value = values[resource];
      if (value === undefined) throw new Error(`No value for ${part} after /${resource}/ in ${url}: add it to the test's map`);
      return value;
    })
    .join('/');
}
