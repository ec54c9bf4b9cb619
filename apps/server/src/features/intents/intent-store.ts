import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { intents, type Database } from '@parley/db';
import { isUniqueViolation } from '../releases/release-store.js';

export type IntentRow = typeof intents.$inferSelect;
export interface NewIntent {
  name: string;
  examples: string[];
  rules: unknown;
  responses: unknown;
  handoff: boolean;
}
export type IntentPatch = Partial<NewIntent>;

/** A bot's intents. Every query is scoped by organization and bot. */
export function createIntentStore(db: Database) {
  const scoped = (orgId: string, botId: string) => and(eq(intents.orgId, orgId), eq(intents.botId, botId));
  return {
    async list(orgId: string, botId: string): Promise<IntentRow[]> {
      return db.select().from(intents).where(scoped(orgId, botId)).orderBy(asc(intents.createdAt), asc(intents.id));
    },

    async count(orgId: string, botId: string): Promise<number> {
      const [row] = await db.select({ n: count() }).from(intents).where(scoped(orgId, botId));
      return row?.n ?? 0;
    },

    /** Examples of the bot's intents together, leaving out one intent (the one being changed). */
    async exampleCount(orgId: string, botId: string, exceptId?: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<string>`coalesce(sum(cardinality(${intents.examples})), 0)` })
        .from(intents)
        .where(exceptId ? and(scoped(orgId, botId), ne(intents.id, exceptId)) : scoped(orgId, botId));
      return Number(row?.n ?? 0);
    },

    async find(orgId: string, botId: string, id: string): Promise<IntentRow | undefined> {
      const [row] = await db
        .select()
        .from(intents)
        .where(and(scoped(orgId, botId), eq(intents.id, id)));
      return row;
    },

    /** `'taken'` when the bot already has an intent of that name. */
    async create(orgId: string, botId: string, input: NewIntent, at: Date): Promise<IntentRow | 'taken'> {
      try {
        const [row] = await db
          .insert(intents)
          .values({ ...input, orgId, botId, createdAt: at, updatedAt: at })
          .returning();
        if (!row) throw new Error('insert returned no row');
        return row;
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
    },

    /** `'taken'` when renaming onto another intent's name. */
    async update(orgId: string, botId: string, id: string, patch: IntentPatch, at: Date): Promise<IntentRow | 'taken' | undefined> {
      try {
        const [row] = await db
          .update(intents)
          .set({ ...patch, updatedAt: at })
          .where(and(scoped(orgId, botId), eq(intents.id, id)))
          .returning();
        return row;
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
    },

    async delete(orgId: string, botId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(intents)
        .where(and(scoped(orgId, botId), eq(intents.id, id)))
        .returning({ id: intents.id });
      return rows.length > 0;
    },
  };
}
export type IntentStore = ReturnType<typeof createIntentStore>;
