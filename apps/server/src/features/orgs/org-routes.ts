import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateOrgBody,
  Member,
  MemberParams,
  Organization,
  OrgSummary,
  UpdateMemberBody,
  UpdateOrgBody,
} from '@parley/contracts';
import { z } from 'zod';
import { orgOf, sessionOf } from '../../plugins/auth.js';
import type { OrgService } from './org-service.js';

export const orgRoutes: FastifyPluginAsyncZod<{ orgs: OrgService }> = async (app, { orgs }) => {
  app.get('/orgs', {
    config: { access: 'session' },
    schema: { tags: ['organizations'], summary: 'Organizations you belong to', response: { 200: z.array(OrgSummary) } },
    handler: async (request) => orgs.listMine(sessionOf(request).userId),
  });

  app.post('/orgs', {
    config: { access: 'session' },
    schema: {
      tags: ['organizations'],
      summary: 'Create an organization; you become its owner',
      body: CreateOrgBody,
      response: { 201: Organization },
    },
    handler: async (request, reply) => reply.status(201).send(await orgs.create(sessionOf(request).userId, request.body.name)),
  });

  app.get('/org', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['organizations'], summary: 'The current organization (x-parley-org)', response: { 200: Organization } },
    handler: async (request) => orgs.get(orgOf(request)),
  });

  app.patch('/org', {
    config: { access: { role: 'admin' } },
    schema: { tags: ['organizations'], summary: 'Rename the current organization', body: UpdateOrgBody, response: { 200: Organization } },
    handler: async (request) => orgs.rename(orgOf(request), request.body.name),
  });

  app.get('/members', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['members'], summary: 'Members of the organization', response: { 200: z.array(Member) } },
    handler: async (request) => orgs.listMembers(orgOf(request)),
  });

  app.patch('/members/:userId', {
    config: { access: { role: 'admin' } },
    schema: {
      tags: ['members'],
      summary: "Change a member's role",
      params: MemberParams,
      body: UpdateMemberBody,
      response: { 200: Member },
    },
    handler: async (request) => orgs.changeRole(orgOf(request), request.params.userId, request.body.role),
  });

  app.delete('/members/:userId', {
    // Any member may leave; removing someone else needs admin (checked in the service).
    config: { access: { role: 'viewer' } },
    schema: { tags: ['members'], summary: 'Remove a member (or leave)', params: MemberParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await orgs.removeMember(orgOf(request), request.params.userId);
      return reply.status(204).send(null);
    },
  });
};
