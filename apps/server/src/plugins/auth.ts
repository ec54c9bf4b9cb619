import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors/app-error.js';
import type { Authenticator } from '../features/auth/authenticator.js';
import type { Access, OrgContext, Principal } from '../features/auth/principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route must declare who may call it; see `Access`. */
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    org: OrgContext | null;
  }
}

export const SESSION_COOKIE = 'parley_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthPluginOptions {
  authenticator: Authenticator;
}

/**
 * Resolves the caller on every request and enforces the route's declared `access`.
 * An /api route that declares nothing is refused: access is opt-in, never by accident.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app: FastifyInstance, { authenticator }) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('org', null);

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access;
      if (access === undefined) {
        if (request.url.startsWith('/api/') && request.routeOptions.url !== undefined) {
          throw new AppError('internal', 'Route declares no access rule');
        }
        return;
      }
      if (access === 'public') return;

      const principal = await resolvePrincipal(request, authenticator);
      request.principal = principal;
      if (!SAFE_METHODS.has(request.method)) authenticator.checkCsrf(principal, header(request, 'x-csrf-token'));
      if (access === 'session') {
        if (principal.kind !== 'session') throw new AppError('forbidden', 'This endpoint needs a signed-in user, not an API key');
        return;
      }
      if (access === 'any') return;
      request.org = await authenticator.orgContext(principal, header(request, 'x-parley-org'), access.role);
    });
  },
  { name: 'parley-auth', dependencies: ['@fastify/cookie'] },
);

async function resolvePrincipal(request: FastifyRequest, authenticator: Authenticator): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return authenticator.fromBearer(authorization);
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw new AppError('unauthorized', 'Sign in or send an API key as `Authorization: Bearer <key>`');
  return authenticator.fromSessionToken(token);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The org context of a route declared with `{ role }`; set by the auth hook. */
export function orgOf(request: FastifyRequest): OrgContext {
  if (!request.org) throw new AppError('internal', 'Route used orgOf() without an org access rule');
  return request.org;
}

/** The signed-in session of a route declared with `session`. */
export function sessionOf(request: FastifyRequest): Extract<Principal, { kind: 'session' }> {
  const p = request.principal;
  if (!p || p.kind !== 'session') throw new AppError('internal', 'Route used sessionOf() without session access');
  return p;
}
