import {
  MAX_DOCUMENT_BYTES,
  MAX_FAQS_PER_BOT,
  type CreateDocumentBody,
  type CreateFaqBody,
  type Faq,
  type KnowledgeDocument,
  type KnowledgeDocumentDetail,
  type UpdateFaqBody,
} from '@parley/contracts';
import { chunkDocument } from '@parley/assistant';
import { AppError, notFound } from '../../errors/app-error.js';
import type { OrgContext } from '../auth/principal.js';
import type { EventBus } from '../../events/domain-events.js';
import type { Stores, Transact } from '../data-store.js';
import { storedQuickReplies, toFaq, toKnowledgeDocument } from './to-knowledge.js';

export interface KnowledgeServiceDeps {
  stores: Pick<Stores, 'bots' | 'faqs' | 'documents'>;
  transact: Transact;
  now: () => Date;
  /** Told after every write (knowledge.changed). */
  events?: Pick<EventBus, 'emit'>;
}

export const documentTooLarge = (bytes?: number) =>
  new AppError(
    'payload_too_large',
    `A document can hold at most ${MAX_DOCUMENT_BYTES.toLocaleString('en')} bytes of UTF-8 text${bytes === undefined ? '' : ` (this one has ${bytes.toLocaleString('en')})`}; split it into several documents`,
  );

/** A bot's FAQs and documents (split into chunks for retrieval). */
export function createKnowledgeService(deps: KnowledgeServiceDeps) {
  const { stores, transact, now } = deps;
  const changed = (orgId: string, botId: string): void => deps.events?.emit({ type: 'knowledge.changed', orgId, botId });

  async function bot(ctx: OrgContext, botId: string): Promise<void> {
    if (!(await stores.bots.find(ctx.orgId, botId))) throw notFound('Bot');
  }

  return {
    async listFaqs(ctx: OrgContext, botId: string): Promise<Faq[]> {
      await bot(ctx, botId);
      return (await stores.faqs.list(ctx.orgId, botId)).map(toFaq);
    },

    async createFaq(ctx: OrgContext, botId: string, body: CreateFaqBody): Promise<Faq> {
      await bot(ctx, botId);
      if ((await stores.faqs.count(ctx.orgId, botId)) >= MAX_FAQS_PER_BOT) {
        throw new AppError('conflict', `A bot can have at most ${MAX_FAQS_PER_BOT.toLocaleString('en')} FAQs; delete some first`);
      }
      const created = await stores.faqs.create(ctx.orgId, botId, body, now());
      changed(ctx.orgId, botId);
      return toFaq(created);
    },

    async updateFaq(ctx: OrgContext, botId: string, id: string, body: UpdateFaqBody): Promise<Faq> {
      const row = await stores.faqs.find(ctx.orgId, botId, id);
      if (!row) throw notFound('FAQ');
      const updated = await stores.faqs.update(
        ctx.orgId,
        botId,
        id,
        {
          questions: body.questions ?? row.questions,
          answer: body.answer ?? row.answer,
          locale: body.locale ?? row.locale,
          quickReplies: body.quickReplies ?? storedQuickReplies(row.quickReplies),
        },
        now(),
      );
      if (!updated) throw notFound('FAQ');
      changed(ctx.orgId, botId);
      return toFaq(updated);
    },

    async removeFaq(ctx: OrgContext, botId: string, id: string): Promise<void> {
      if (!(await stores.faqs.delete(ctx.orgId, botId, id))) throw notFound('FAQ');
      changed(ctx.orgId, botId);
    },

    async listDocuments(ctx: OrgContext, botId: string): Promise<KnowledgeDocument[]> {
      await bot(ctx, botId);
      return (await stores.documents.list(ctx.orgId, botId)).map(toKnowledgeDocument);
    },

    async getDocument(ctx: OrgContext, botId: string, id: string): Promise<KnowledgeDocumentDetail> {
      const row = await stores.documents.find(ctx.orgId, botId, id);
      if (!row) throw notFound('Document');
      const chunks = await stores.documents.chunks(ctx.orgId, botId, id);
      return { ...toKnowledgeDocument(row), content: row.content, chunks };
    },

    /** Stores the document as given (HTML stays text) and its chunks, in one transaction. */
    async createDocument(ctx: OrgContext, botId: string, body: CreateDocumentBody): Promise<KnowledgeDocument> {
      await bot(ctx, botId);
      const bytes = Buffer.byteLength(body.content, 'utf8');
      if (bytes > MAX_DOCUMENT_BYTES) throw documentTooLarge(bytes);
      if (body.content.includes('\u0000')) throw new AppError('validation_failed', 'content: must not contain NUL (\\u0000) characters');
      const chunks = chunkDocument(body.content, { format: body.format }).map((chunk) => ({ heading: chunk.title ?? null, text: chunk.text }));
      if (chunks.length === 0) throw new AppError('validation_failed', 'content: the document has no text to search (it is empty once markup is removed)');
      const row = await transact((s) =>
        s.documents.create(
          ctx.orgId,
          botId,
          { title: body.title, format: body.format, locale: body.locale, sourceUrl: body.sourceUrl ?? null, content: body.content, bytes },
          chunks,
          now(),
        ),
      );
      changed(ctx.orgId, botId);
      return toKnowledgeDocument(row);
    },

    async removeDocument(ctx: OrgContext, botId: string, id: string): Promise<void> {
      if (!(await stores.documents.delete(ctx.orgId, botId, id))) throw notFound('Document');
      changed(ctx.orgId, botId);
    },
  };
}
export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
