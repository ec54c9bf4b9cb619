import { Locale, QuickReply, type Faq, type KnowledgeDocument } from '@parley/contracts';
import { z } from 'zod';
import { iso } from '../../lib/iso.js';
import type { DocumentSummary } from './document-store.js';
import type { FaqView } from './faq-store.js';

const StoredQuickReplies = z.array(QuickReply).catch([]);
const StoredLocale = Locale.catch('en');

export const storedQuickReplies = (value: unknown) => StoredQuickReplies.parse(value);

export function toFaq(row: FaqView): Faq {
  return {
    id: row.id,
    botId: row.botId,
    questions: row.questions,
    answer: row.answer,
    locale: StoredLocale.parse(row.locale),
    quickReplies: storedQuickReplies(row.quickReplies),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function toKnowledgeDocument(row: DocumentSummary): KnowledgeDocument {
  return {
    id: row.id,
    botId: row.botId,
    title: row.title,
    format: row.format,
    locale: StoredLocale.parse(row.locale),
    sourceUrl: row.sourceUrl,
    bytes: row.bytes,
    chunkCount: row.chunkCount,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
