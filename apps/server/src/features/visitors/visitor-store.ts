import { and, eq, inArray } from 'drizzle-orm';
import { visitors, type Database } from '@parley/db';

export type VisitorRow = typeof visitors.$inferSelect;
export interface VisitorSighting {
  lastPageUrl?: string | null;
  userAgent?: string | null;
  country?: string | null;
  city?: string | null;
}

export function createVisitorStore(db: Database) {
  return {
    async create(orgId: string, botId: string, seen: VisitorSighting): Promise<VisitorRow> {
      const [row] = await db.insert(visitors).values({ orgId, botId, ...seen }).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    /** Creates the visitor row for a token-issued id on first contact; later calls only refresh it. */
    async ensure(orgId: string, botId: string, id: string, seen: VisitorSighting, at: Date): Promise<VisitorRow> {
      const [row] = await db
        .insert(visitors)
        .values({ id, orgId, botId, ...seen, firstSeenAt: at, lastSeenAt: at })
        .onConflictDoUpdate({ target: visitors.id, set: { ...seen, lastSeenAt: at }, setWhere: eq(visitors.botId, botId) })
        .returning();
      if (!row) throw new Error('visitor id belongs to another bot');
      return row;
    },
    async find(botId: string, id: string): Promise<VisitorRow | undefined> {
      const [row] = await db.select().from(visitors).where(and(eq(visitors.botId, botId), eq(visitors.id, id)));
      return row;
    },
    /** Serialises a visitor's first messages, so they open one conversation, not two. */
    async lock(botId: string, id: string): Promise<boolean> {
      const rows = await db
        .select({ id: visitors.id })
        .from(visitors)
        .where(and(eq(visitors.botId, botId), eq(visitors.id, id)))
        .for('no key update');
      return rows.length > 0;
    },
    async findInOrg(orgId: string, id: string): Promise<VisitorRow | undefined> {
      const [row] = await db.select().from(visitors).where(and(eq(visitors.orgId, orgId), eq(visitors.id, id)));
      return row;
    },
    async findManyInOrg(orgId: string, ids: string[]): Promise<VisitorRow[]> {
      if (ids.length === 0) return [];
      return db.select().from(visitors).where(and(eq(visitors.orgId, orgId), inArray(visitors.id, ids)));
    },
    async findByExternal(botId: string, externalUserId: string): Promise<VisitorRow | undefined> {
      const [row] = await db
        .select()
        .from(visitors)
        .where(and(eq(visitors.botId, botId), eq(visitors.externalUserId, externalUserId)));
      return row;
    },
    async touch(botId: string, id: string, seen: VisitorSighting, at: Date): Promise<void> {
      await db
        .update(visitors)
        .set({ ...seen, lastSeenAt: at })
        .where(and(eq(visitors.botId, botId), eq(visitors.id, id)));
    },
    async identify(
      botId: string,
      id: string,
      identity: { externalUserId: string | null; verified: boolean; name?: string | null; email?: string | null },
    ): Promise<void> {
      await db
        .update(visitors)
        .set(identity)
        .where(and(eq(visitors.botId, botId), eq(visitors.id, id)));
    },
  };
}
export type VisitorStore = ReturnType<typeof createVisitorStore>;
