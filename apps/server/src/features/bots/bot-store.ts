import { and, asc, eq } from 'drizzle-orm';
import { bots, type Database } from '@parley/db';

export type BotRow = typeof bots.$inferSelect;
export type NewBot = Omit<typeof bots.$inferInsert, 'id' | 'orgId' | 'createdAt' | 'updatedAt'> & { identitySecret: string };
export type BotPatch = Partial<Omit<NewBot, 'identitySecret'>> & { identitySecret?: string };

export function createBotStore(db: Database) {
  return {
    async create(orgId: string, input: NewBot): Promise<BotRow> {
      const [row] = await db.insert(bots).values({ ...input, orgId }).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    async list(orgId: string): Promise<BotRow[]> {
      return db.select().from(bots).where(eq(bots.orgId, orgId)).orderBy(asc(bots.createdAt));
    },
    async find(orgId: string, id: string): Promise<BotRow | undefined> {
      const [row] = await db.select().from(bots).where(and(eq(bots.orgId, orgId), eq(bots.id, id)));
      return row;
    },
    /** Public lookup by id, for the widget: a bot id is its public identifier. */
    async findPublic(id: string): Promise<BotRow | undefined> {
      const [row] = await db.select().from(bots).where(eq(bots.id, id));
      return row;
    },
    async update(orgId: string, id: string, patch: BotPatch, at: Date): Promise<BotRow | undefined> {
      const [row] = await db
        .update(bots)
        .set({ ...patch, updatedAt: at })
        .where(and(eq(bots.orgId, orgId), eq(bots.id, id)))
        .returning();
      return row;
    },
    async delete(orgId: string, id: string): Promise<boolean> {
      const rows = await db.delete(bots).where(and(eq(bots.orgId, orgId), eq(bots.id, id))).returning({ id: bots.id });
      return rows.length > 0;
    },
  };
}
export type BotStore = ReturnType<typeof createBotStore>;
