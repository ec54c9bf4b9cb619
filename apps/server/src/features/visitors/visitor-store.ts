import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { visitors, type Database } from '@parley/db';

export type VisitorRow = typeof visitors.$inferSelect;
export interface VisitorSighting {
  lastPageUrl?: string | null;
  userAgent?: string | null;
  country?: string | null;
  city?: string | null;
}

/**
 * A sighting that changes nothing (same page, browser and place) within this long of the last one
 * is not written: reconnects and a whole node's visitors coming back after a restart cost a read, not a write.
 * `lastSeenAt` is exact to this much.
 */
export const LAST_SEEN_PRECISION_MS = 60_000;

export function createVisitorStore(db: Database) {
  return {
    async create(orgId: string, botId: string, seen: VisitorSighting): Promise<VisitorRow> {
      const [row] = await db.insert(visitors).values({ orgId, botId, ...seen }).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    /** Creates the visitor row for a token-issued id on first contact; later calls only refresh it. */
    async ensure(orgId: string, botId: string, id: string, seen: VisitorSighting, at: Date): Promise<VisitorRow> {
      const differs = (column: AnyPgColumn, value: string | null | undefined) =>
        value === undefined ? undefined : sql`${column} is distinct from ${value}`;
      const [row] = await db
        .insert(visitors)
        .values({ id, orgId, botId, ...seen, firstSeenAt: at, lastSeenAt: at })
        .onConflictDoUpdate({
          target: visitors.id,
          set: { ...seen, lastSeenAt: at },
          setWhere: and(
            eq(visitors.botId, botId),
            or(
              sql`${visitors.lastSeenAt} < ${new Date(at.getTime() - LAST_SEEN_PRECISION_MS)}`,
              differs(visitors.lastPageUrl, seen.lastPageUrl),
              differs(visitors.userAgent, seen.userAgent),
              differs(visitors.country, seen.country),
              differs(visitors.city, seen.city),
            ),
          ),
        })
        .returning();
      if (row) return row;
      // Nothing new to write, or the id is another bot's (then there is no such visitor of this bot).
      const [unchanged] = await db.select().from(visitors).where(and(eq(visitors.botId, botId), eq(visitors.id, id)));
      if (!unchanged) throw new Error('visitor id belongs to another bot');
      return unchanged;
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
