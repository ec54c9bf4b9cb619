import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AcceptInvitationBody,
  CreatedInvitation,
  CreateInvitationBody,
  IdParams,
  Invitation,
  InvitationPreview,
  InvitationTokenParams,
  Me,
} from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import { setSessionCookie } from '../auth/auth-routes.js';
import type { InvitationService } from './invitation-service.js';

export interface InvitationRoutesOptions {
  invitations: InvitationService;
  secureCookies: boolean;
  rateLimit: { max: number; windowMs: number };
}

export const invitationRoutes: FastifyPluginAsyncZod<InvitationRoutesOptions> = async (app, { invitations, secureCookies, rateLimit }) => {
  app.get('/invitations', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['invitations'], summary: 'Invitations of the organization', response: { 200: z.array(Invitation) } },
    handler: async (request) => invitations.list(orgOf(request)),
  });

  app.post('/invitations', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['invitations'],
      summary: 'Invite someone by link; the link is returned only once',
      body: CreateInvitationBody,
      response: { 201: CreatedInvitation },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await invitations.create(orgOf(request), request.body.email, request.body.role)),
  });

  app.delete('/invitations/:id', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['invitations'], summary: 'Revoke an invitation', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await invitations.revoke(orgOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/invitations/:token/preview', {
    config: { access: 'public', rateLimit: { max: rateLimit.max * 3, timeWindow: rateLimit.windowMs } },
    schema: {
      tags: ['invitations'],
      summary: 'What an invitation link is for (public)',
      params: InvitationTokenParams,
      response: { 200: InvitationPreview },
    },
    handler: async (request) => invitations.preview(request.params.token),
  });

  app.post('/invitations/accept', {
    config: { access: 'public', rateLimit: { max: rateLimit.max, timeWindow: rateLimit.windowMs } },
    schema: {
      tags: ['invitations'],
      summary: 'Accept an invitation and sign in (public)',
      body: AcceptInvitationBody,
      response: { 200: Me },
    },
    handler: async (request, reply) => {
      const session = await invitations.accept(request.body.token, request.body.name, request.body.password, request.headers['user-agent']);
      setSessionCookie(reply, session, secureCookies);
      return session.me;
    },
  });
};
