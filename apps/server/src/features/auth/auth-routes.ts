import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ChangePasswordBody, LoginBody, Me, MeApiKey, Problem } from '@parley/contracts';
import { z } from 'zod';
import { SESSION_COOKIE, sessionOf } from '../../plugins/auth.js';
import { AppError } from '../../errors/app-error.js';
import type { AuthService, NewSession } from './auth-service.js';

export interface AuthRoutesOptions {
  auth: AuthService;
  secureCookies: boolean;
  loginRateLimit: { max: number; windowMs: number };
}

export function setSessionCookie(reply: FastifyReply, session: NewSession, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: session.expiresAt,
  });
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { auth, secureCookies, loginRateLimit }) => {
  app.post('/auth/login', {
    config: {
      access: 'public',
      rateLimit: { max: loginRateLimit.max, timeWindow: loginRateLimit.windowMs },
    },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password; sets an HTTP-only session cookie',
      body: LoginBody,
      response: { 200: Me, 401: Problem, 429: Problem },
    },
    handler: async (request, reply) => {
      const session = await auth.login(request.body.email, request.body.password, request.headers['user-agent']);
      setSessionCookie(reply, session, secureCookies);
      return session.me;
    },
  });

  app.post('/auth/logout', {
    config: { access: 'session' },
    schema: { tags: ['auth'], summary: 'Sign out this session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      await auth.logout(sessionOf(request).sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/me', {
    config: { access: 'any' },
    schema: {
      tags: ['auth'],
      summary: 'The signed-in user with their organizations and CSRF token, or the calling API key',
      response: { 200: z.union([Me, MeApiKey]) },
    },
    handler: async (request) => {
      if (!request.principal) throw new AppError('unauthorized', 'Sign in to continue');
      return auth.me(request.principal);
    },
  });

  app.post('/me/password', {
    config: {
      access: 'session',
      rateLimit: { max: loginRateLimit.max, timeWindow: loginRateLimit.windowMs },
    },
    schema: {
      tags: ['auth'],
      summary: 'Change your password; other sessions are signed out',
      body: ChangePasswordBody,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      const s = sessionOf(request);
      await auth.changePassword(s.userId, s.sessionId, request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send(null);
    },
  });
};
