import { and, asc, count, eq } from 'drizzle-orm';
import { faqs, type Database } from '@parley/db';
import type { QuickReply } from '@parley/contracts';
import { searchText } from './search-terms.js';

export type FaqRow = typeof faqs.$inferSelect;

export interface FaqInput {
  questions: string[];
  answer: string;
  locale: string;
  quickReplies: QuickReply[];
}

const columns = {
  id: faqs.id,
  orgId: faqs.orgId,
  botId: faqs.botId,
  questions: faqs.questions,
  answer: faqs.answer,
  locale: faqs.locale,
  quickReplies: faqs.quickReplies,
  createdAt: faqs.createdAt,
  updatedAt: faqs.updatedAt,
};
export type FaqView = Pick<FaqRow, keyof typeof columns>;

/** The folded search columns of an FAQ; the tsvector column is generated from them. */
const searchColumns = (input: Pick<FaqInput, 'questions' | 'answer'>) => ({
  searchQuestions: searchText(...input.questions),
  searchAnswer: searchText(input.answer),
});

/** FAQs of a bot. Every query is scoped by organization and bot. */
export function createFaqStore(db: Database) {
  const scope = (orgId: string, botId: string) => and(eq(faqs.orgId, orgId), eq(faqs.botId, botId));
  return {
    async list(orgId: string, botId: string): Promise<FaqView[]> {
      return db.select(columns).from(faqs).where(scope(orgId, botId)).orderBy(asc(faqs.createdAt), asc(faqs.id));
    },
    async count(orgId: string, botId: string): Promise<number> {
      const [row] = await db.select({ n: count() }).from(faqs).where(scope(orgId, botId));
      return row?.n ?? 0;
    },
    async find(orgId: string, botId: string, id: string): Promise<FaqView | undefined> {
      const [row] = await db
        .select(columns)
        .from(faqs)
        .where(and(scope(orgId, botId), eq(faqs.id, id)));
      return row;
    },
    async create(orgId: string, botId: string, input: FaqInput, at: Date): Promise<FaqView> {
      const [row] = await db
        .insert(faqs)
        .values({ ...input, ...searchColumns(input), orgId, botId, createdAt: at, updatedAt: at })
        .returning(columns);
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    /** Replaces the FAQ's fields (the caller merges a patch); the search columns follow. */
    async update(orgId: string, botId: string, id: string, input: FaqInput, at: Date): Promise<FaqView | undefined> {
      const [row] = await db
        .update(faqs)
        .set({ ...input, ...searchColumns(input), updatedAt: at })
        .where(and(scope(orgId, botId), eq(faqs.id, id)))
        .returning(columns);
      return row;
    },
    async delete(orgId: string, botId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(faqs)
        .where(and(scope(orgId, botId), eq(faqs.id, id)))
        .returning({ id: faqs.id });
      return rows.length > 0;
    },
  };
}
export type FaqStore = ReturnType<typeof createFaqStore>;
