import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateDocumentBody,
  CreateFaqBody,
  Faq,
  Id,
  KnowledgeDocument,
  KnowledgeDocumentDetail,
  MAX_DOCUMENT_BYTES,
  UpdateFaqBody,
} from '@parley/contracts';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { orgOf } from '../../plugins/auth.js';
import type { KnowledgeService } from './knowledge-service.js';
import { documentTooLarge } from './knowledge-service.js';
import { decodeRawDocument, rawDocumentFormat, rawDocumentTypes } from './raw-document.js';

const BotParams = z.strictObject({ botId: Id });
const FaqParams = z.strictObject({ botId: Id, faqId: Id });
const DocumentParams = z.strictObject({ botId: Id, documentId: Id });
/** Metadata of a raw (non-JSON) upload. */
const RawDocumentQuery = z.strictObject({ title: z.string().optional(), locale: z.string().optional(), sourceUrl: z.string().optional() });

type Options = { knowledge: KnowledgeService };

/** FAQs and documents of a bot: what the knowledge stage answers from. */
export const knowledgeRoutes: FastifyPluginAsyncZod<Options> = async (app, { knowledge }) => {
  const tags = ['knowledge'];

  app.get('/bots/:botId/faqs', {
    config: { access: { role: 'viewer' } },
    schema: { tags, summary: 'FAQs of the bot, oldest first', params: BotParams, response: { 200: z.array(Faq) } },
    handler: async (request) => knowledge.listFaqs(orgOf(request), request.params.botId),
  });

  app.post('/bots/:botId/faqs', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Add an FAQ (the question, other phrasings, the answer)', params: BotParams, body: CreateFaqBody, response: { 201: Faq } },
    handler: async (request, reply) => reply.status(201).send(await knowledge.createFaq(orgOf(request), request.params.botId, request.body)),
  });

  app.patch('/bots/:botId/faqs/:faqId', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Change an FAQ', params: FaqParams, body: UpdateFaqBody, response: { 200: Faq } },
    handler: async (request) => knowledge.updateFaq(orgOf(request), request.params.botId, request.params.faqId, request.body),
  });

  app.delete('/bots/:botId/faqs/:faqId', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Delete an FAQ', params: FaqParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await knowledge.removeFaq(orgOf(request), request.params.botId, request.params.faqId);
      return reply.status(204).send(null);
    },
  });

  app.get('/bots/:botId/documents', {
    config: { access: { role: 'viewer' } },
    schema: { tags, summary: 'Documents of the bot, newest first (without their text)', params: BotParams, response: { 200: z.array(KnowledgeDocument) } },
    handler: async (request) => knowledge.listDocuments(orgOf(request), request.params.botId),
  });

  app.get('/bots/:botId/documents/:documentId', {
    config: { access: { role: 'viewer' } },
    schema: { tags, summary: 'A document with its text (as text, never rendered) and chunks', params: DocumentParams, response: { 200: KnowledgeDocumentDetail } },
    handler: async (request) => knowledge.getDocument(orgOf(request), request.params.botId, request.params.documentId),
  });

  app.delete('/bots/:botId/documents/:documentId', {
    config: { access: { role: 'admin' } },
    schema: { tags, summary: 'Delete a document and its chunks', params: DocumentParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await knowledge.removeDocument(orgOf(request), request.params.botId, request.params.documentId);
      return reply.status(204).send(null);
    },
  });

  // The upload accepts raw text bodies: its parsers live in this child scope only.
  await app.register(documentUploadRoute, { knowledge });
};

const documentUploadRoute: FastifyPluginAsyncZod<Options> = async (app, { knowledge }) => {
  for (const type of Object.keys(rawDocumentTypes)) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (request, body, done) => {
      try {
        done(null, decodeRawDocument(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, request.headers['content-type']));
      } catch (err) {
        done(err instanceof Error ? err : new Error(String(err)), undefined);
      }
    });
  }
  // A clear 413 for documents; everything else goes on to the app's error handler.
  app.setErrorHandler((error) => {
    if (error instanceof Error && 'code' in error && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw documentTooLarge();
    throw error;
  });

  app.post('/bots/:botId/documents', {
    config: { access: { role: 'admin' } },
    bodyLimit: MAX_DOCUMENT_BYTES,
    schema: {
      tags: ['knowledge'],
      summary: 'Upload a document: JSON, or a raw text/plain, text/markdown or text/html body with ?title=&locale=&sourceUrl=',
      params: BotParams,
      querystring: RawDocumentQuery,
      body: z.union([CreateDocumentBody, z.string()]),
      response: { 201: KnowledgeDocument },
    },
    handler: async (request, reply) => {
      const { body, query } = request;
      let input: CreateDocumentBody;
      if (typeof body === 'string') {
        const format = rawDocumentFormat(request.headers['content-type']);
        if (format === undefined) throw new AppError('validation_failed', 'body: send a JSON object (title, format, content…) or a raw text/plain, text/markdown or text/html body');
        input = parseRawUpload({ ...query, format, content: body });
      } else {
        input = body;
      }
      return reply.status(201).send(await knowledge.createDocument(orgOf(request), request.params.botId, input));
    },
  });
};

/** Validates a raw upload's query metadata and text like a JSON upload, naming the query fields. */
function parseRawUpload(raw: Record<string, unknown>): CreateDocumentBody {
  const parsed = CreateDocumentBody.safeParse(raw);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return { path: field === 'content' ? 'body' : `querystring.${field}`, message: issue.message };
  });
  const first = errors[0];
  throw new AppError('validation_failed', first ? `${first.path}: ${first.message}` : 'The upload is invalid', errors);
}
