import { and, asc, desc, eq } from 'drizzle-orm';
import { documentChunks, documents, type Database } from '@parley/db';
import type { DocumentFormat } from '@parley/contracts';
import { searchText } from './search-terms.js';

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentSummary = Omit<DocumentRow, 'content'>;

export interface NewDocument {
  title: string;
  format: DocumentFormat;
  locale: string;
  sourceUrl: string | null;
  content: string;
  bytes: number;
}

export interface NewChunk {
  heading: string | null;
  text: string;
}

export interface StoredChunk {
  position: number;
  heading: string | null;
  text: string;
}

const summary = {
  id: documents.id,
  orgId: documents.orgId,
  botId: documents.botId,
  title: documents.title,
  format: documents.format,
  locale: documents.locale,
  sourceUrl: documents.sourceUrl,
  bytes: documents.bytes,
  chunkCount: documents.chunkCount,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
};

/** Rows per INSERT of chunks (well under PostgreSQL's 65,535 parameters). */
const CHUNK_BATCH = 500;

/** Knowledge documents of a bot and their chunks. Every query is scoped by organization and bot. */
export function createDocumentStore(db: Database) {
  const scope = (orgId: string, botId: string) => and(eq(documents.orgId, orgId), eq(documents.botId, botId));
  return {
    async list(orgId: string, botId: string): Promise<DocumentSummary[]> {
      return db.select(summary).from(documents).where(scope(orgId, botId)).orderBy(desc(documents.createdAt), asc(documents.id));
    },
    async find(orgId: string, botId: string, id: string): Promise<DocumentRow | undefined> {
      const [row] = await db
        .select()
        .from(documents)
        .where(and(scope(orgId, botId), eq(documents.id, id)));
      return row;
    },
    async chunks(orgId: string, botId: string, documentId: string): Promise<StoredChunk[]> {
      return db
        .select({ position: documentChunks.position, heading: documentChunks.heading, text: documentChunks.text })
        .from(documentChunks)
        .where(and(eq(documentChunks.orgId, orgId), eq(documentChunks.botId, botId), eq(documentChunks.documentId, documentId)))
        .orderBy(asc(documentChunks.position));
    },
    /** Inserts the document and its chunks (call inside a transaction so both land or neither). */
    async create(orgId: string, botId: string, input: NewDocument, chunks: readonly NewChunk[], at: Date): Promise<DocumentSummary> {
      const [row] = await db
        .insert(documents)
        .values({ ...input, orgId, botId, chunkCount: chunks.length, createdAt: at, updatedAt: at })
        .returning(summary);
      if (!row) throw new Error('insert returned no row');
      const rows = chunks.map((chunk, position) => ({
        orgId,
        botId,
        documentId: row.id,
        position,
        heading: chunk.heading,
        text: chunk.text,
        searchText: searchText(chunk.heading, chunk.text),
      }));
      for (let i = 0; i < rows.length; i += CHUNK_BATCH) {
        await db.insert(documentChunks).values(rows.slice(i, i + CHUNK_BATCH));
      }
      return row;
    },
    /** Deletes the document; its chunks go with it (ON DELETE CASCADE). */
    async delete(orgId: string, botId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(documents)
        .where(and(scope(orgId, botId), eq(documents.id, id)))
        .returning({ id: documents.id });
      return rows.length > 0;
    },
  };
}
export type DocumentStore = ReturnType<typeof createDocumentStore>;
