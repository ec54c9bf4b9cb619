import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AgentReply, Conversation, ConversationStatus, ConversationSummary, IdParams, InputTimestamp, MAX_SEQ, Message, Visitor } from '@parley/contracts';
import { z } from 'zod';
import { orgOf } from '../../plugins/auth.js';
import type { ConversationService } from './conversation-service.js';

const ListQuery = z.strictObject({
  status: z
    .string()
    .default('open,pending')
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(ConversationStatus).min(1)),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // The next page: the last row of this one (its lastMessageAt, or createdAt when it has none, and its id).
  beforeAt: InputTimestamp.optional(),
  beforeId: z.uuid().optional(),
}).refine((q) => (q.beforeAt === undefined) === (q.beforeId === undefined), { message: 'beforeAt and beforeId go together', path: ['beforeId'] });
const MessagesQuery = z.strictObject({ afterSeq: z.coerce.number().int().min(0).max(MAX_SEQ).default(0) });
const AssignBody = z.strictObject({ assigneeId: z.uuid().nullable() });
const ReplyResult = z.object({ message: Message, duplicate: z.boolean() });

export const conversationRoutes: FastifyPluginAsyncZod<{ conversations: ConversationService }> = async (app, { conversations }) => {
  app.get('/conversations', {
    config: { access: { role: 'viewer' } },
    schema: {
      tags: ['conversations'],
      summary: 'The inbox: conversations with their visitor and last message, newest activity first',
      description:
        'Pages: pass the last row of a page as beforeAt (its lastMessageAt, or createdAt when it has none) and beforeId (its id) to get the next one.',
      querystring: ListQuery,
      response: { 200: z.array(ConversationSummary) },
    },
    handler: async (request) => {
      const { status, limit, beforeAt, beforeId } = request.query;
      const before = beforeAt !== undefined && beforeId !== undefined ? { at: new Date(beforeAt), id: beforeId } : undefined;
      return conversations.summaries(orgOf(request), status, limit, before);
    },
  });

  app.get('/visitors/:id', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['conversations'], summary: 'A visitor: identity, page, browser, location, online', params: IdParams, response: { 200: Visitor } },
    handler: async (request) => conversations.visitor(orgOf(request), request.params.id),
  });

  app.get('/conversations/:id', {
    config: { access: { role: 'viewer' } },
    schema: { tags: ['conversations'], summary: 'One conversation', params: IdParams, response: { 200: Conversation } },
    handler: async (request) => conversations.get(orgOf(request), request.params.id),
  });

  app.get('/conversations/:id/messages', {
    config: { access: { role: 'viewer' } },
    schema: {
      tags: ['conversations'],
      summary: 'Messages after a seq (internal notes included), oldest first, at most 500',
      params: IdParams,
      querystring: MessagesQuery,
      response: { 200: z.array(Message) },
    },
    handler: async (request) => conversations.messages(orgOf(request), request.params.id, request.query.afterSeq),
  });

  app.post('/conversations/:id/messages', {
    config: { access: { role: 'agent' } },
    schema: {
      tags: ['conversations'],
      summary: 'Reply (or add an internal note); with a clientId, resends are answered with the stored message',
      params: IdParams,
      body: AgentReply,
      response: { 201: ReplyResult, 200: ReplyResult },
    },
    handler: async (request, reply) => {
      const result = await conversations.agentSend(orgOf(request), request.params.id, request.body);
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  });

  app.post('/conversations/:id/take-over', {
    config: { access: { role: 'agent' } },
    schema: { tags: ['conversations'], summary: 'An agent takes over from the bot (human mode); the bot stays silent', params: IdParams, response: { 200: Conversation } },
    handler: async (request) => conversations.setHumanMode(orgOf(request), request.params.id, true),
  });

  app.post('/conversations/:id/hand-back', {
    config: { access: { role: 'agent' } },
    schema: { tags: ['conversations'], summary: 'Hand the conversation back to the bot (human mode off)', params: IdParams, response: { 200: Conversation } },
    handler: async (request) => conversations.setHumanMode(orgOf(request), request.params.id, false),
  });

  app.post('/conversations/:id/assign', {
    config: { access: { role: 'agent' } },
    schema: { tags: ['conversations'], summary: 'Assign to a member (or null to unassign)', params: IdParams, body: AssignBody, response: { 200: Conversation } },
    handler: async (request) => conversations.assign(orgOf(request), request.params.id, request.body.assigneeId),
  });

  app.post('/conversations/:id/resolve', {
    config: { access: { role: 'agent' } },
    schema: { tags: ['conversations'], summary: 'Mark resolved', params: IdParams, response: { 200: Conversation } },
    handler: async (request) => conversations.setStatus(orgOf(request), request.params.id, 'resolved'),
  });

  app.post('/conversations/:id/reopen', {
    config: { access: { role: 'agent' } },
    schema: { tags: ['conversations'], summary: 'Reopen', params: IdParams, response: { 200: Conversation } },
    handler: async (request) => conversations.setStatus(orgOf(request), request.params.id, 'open'),
  });
};
